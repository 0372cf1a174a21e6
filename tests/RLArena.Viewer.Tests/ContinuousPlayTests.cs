using RLArena.Core.Errors;
using RLArena.Environments;
using RLArena.Environments.Pendulum;
using RLArena.Environments.Registry;
using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;
using RLArena.Viewer.Acting;
using RLArena.Viewer.Input;
using RLArena.Viewer.Layout;
using RLArena.Viewer.Playing;
using RLArena.Viewer.Skia;
using RLArena.Viewer.Watching;

namespace RLArena.Viewer.Tests;

/// <summary>Play, watch and the pendulum's picture for environments with continuous (Box) actions.</summary>
public class ContinuousPlayTests
{
    [Test]
    public void Held_keys_take_the_fixed_torques_the_pendulum_declares_and_idle_takes_none()
    {
        var env = EnvRegistry.Make("pendulum");
        var pendulum = env.Find<PendulumEnv>()!;
        var session = new PlaySession(new EpisodeRunner(env, 0), PlayKeyMap.For(env), "Pendulum-v1");
        var keys = new FakeKeyboard();

        Assert.That(session.Update(keys.Hold(Key.Right), 0.01), Is.EqualTo(1), "a held key starts a real-time game");
        Assert.That(pendulum.LastTorque, Is.EqualTo(2f));
        Assert.That(session.Runner.LastContinuousAction, Is.EqualTo(new[] { 2f }));
        Assert.That(session.Overlay().ActionName(session.Overlay().LastAction!.Value), Does.Contain("+2"));

        session.Update(keys.Hold(Key.Left), 1.0 / 30);
        Assert.That(pendulum.LastTorque, Is.EqualTo(-2f));
        session.Update(keys.Hold(), 1.0 / 30);
        Assert.That(pendulum.LastTorque, Is.EqualTo(0f), "no key: the idle entry, no torque");
        Assert.That(session.Runner.Step, Is.EqualTo(3));
    }

    [Test]
    public void A_random_actor_drives_a_continuous_environment_within_its_bounds_and_the_panel_shows_the_values()
    {
        var env = EnvRegistry.Make("mountaincar-continuous");
        var runner = new EpisodeRunner(env, 3);
        var actor = new RandomActor(5);
        var seen = new List<float>();
        for (var i = 0; i < 200; i++)
        {
            runner.Advance(actor);
            if (runner.LastContinuousAction is { } a) seen.Add(a[0]);
        }
        Assert.That(seen, Has.Count.GreaterThan(150));
        Assert.That(seen, Has.All.InRange(-1f, 1f));
        Assert.That(seen.Distinct().Count(), Is.GreaterThan(100), "values vary");
        var overlay = runner.Overlay("MountainCarContinuous-v0", "probability");
        Assert.That(overlay.LastActionText, Does.Match(@"^\[[+-]?\d\.\d\d\]$"));
        Assert.That(overlay.Scores, Is.Empty, "no bars for continuous actions");
    }

    [Test]
    public void A_discrete_policy_on_continuous_actions_is_a_clear_error()
    {
        var runner = new EpisodeRunner(EnvRegistry.Make("pendulum"), 0);
        var e = Assert.Throws<NotSupportedException>(() => runner.Advance(new DiscreteOnly()))!;
        Assert.That(e.Message, Does.Contain("continuous"));
    }

    [Test]
    public void A_continuous_environment_without_fixed_key_values_cannot_be_played()
    {
        var e = Assert.Throws<UsageException>(() => PlayKeyMap.For(new NoValuesEnv()))!;
        Assert.That(e.Message, Does.Contain("ContinuousActions"));
        Assert.That(e.Message, Does.Not.Contain("\n"));
    }

    [TestCase(0.0, 2f)]
    [TestCase(1.2, -1.5f)]
    [TestCase(-2.6, 0.7f)]
    public void The_pendulum_is_drawn_at_its_angle_with_the_torque_arrow(double theta, float torque)
    {
        var env = new PendulumEnv();
        var obs = new float[3];
        env.Reset(1, obs);
        env.State = new PendulumState(theta, 0);
        env.Step([torque], obs);
        var state = env.State;
        var scene = env.Describe();
        using var renderer = new SkiaFrameRenderer(500, 500);
        renderer.Render(scene);
        var box = Letterbox.Fit(scene.Width, scene.Height, FrameLayout.For(500, 500, false).Scene);
        var (ex, ey) = PendulumScene.RodEnd(state.Theta);
        var (x, y) = (PendulumScene.PivotX + 0.75 * (ex - PendulumScene.PivotX), PendulumScene.PivotY + 0.75 * (ey - PendulumScene.PivotY));
        var rod = renderer.PixelAt((int)Math.Round(box.X(x)), (int)Math.Round(box.Y(y)));
        Assert.That(TestImages.Near(rod, PendulumScene.RodColor), $"rod: {TestImages.Describe(rod)}");
        var arrow = scene.Primitives.OfType<LinePrimitive>().Where(l => l.Color == PendulumScene.ArrowColor).ToArray();
        Assert.That(arrow, Has.Length.GreaterThan(10));
    }

    private sealed class DiscreteOnly : IActor
    {
        public string ScoreLabel => "probability";
        public int Act(ReadOnlySpan<float> observation, ReadOnlySpan<bool> mask, Span<float> scores) => 0;
    }

    private sealed class NoValuesEnv : IEnvironment
    {
        public string Id => "no-values";
        public BoxSpace ObservationSpace { get; } = BoxSpace.Uniform([1], 0f, 1f);
        public DiscreteSpace ActionSpace => DiscreteSpace.None;
        public BoxSpace ContinuousActionSpace { get; } = BoxSpace.Uniform([1], -1f, 1f);
        public EnvMetadata Metadata { get; } = new()
        {
            DisplayName = "no values",
            Play = new PlayControls(true, [new KeyBinding(PlayKey.Left, 0)], [], "Left"),
        };
        public void Reset(int? seed, Span<float> observation) => observation.Clear();
        public StepOutcome Step(int action, Span<float> observation) => throw new NotSupportedException();
        public StepOutcome Step(ReadOnlySpan<float> action, Span<float> observation) => new(0, false, false);
        public void WriteActionMask(Span<bool> mask) { }
        public Scene Describe() => new(1, 1, new Rgba(0, 0, 0));
    }
}
