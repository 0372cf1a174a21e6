using RLArena.Environments.Acrobot;
using RLArena.Environments.Registry;
using RLArena.Environments.Scenes;
using RLArena.Environments.Tests.Reference;

namespace RLArena.Environments.Tests;

/// <summary>
/// Acrobot-v1's own rules: the reference data's coverage, the reward, the physics helpers, state, spaces, options,
/// errors and the scene. The comparisons with Gymnasium v0.29.1 are in <see cref="ClassicControlReferenceTests"/>.
/// </summary>
[Platform(Include = "Linux", Reason = "the expected values come from glibc's sin, cos and pow, which .NET uses on Linux")]
public class AcrobotTests
{
    private const string Env = "acrobot";

    private static IEnumerable<ControlReference.Step> Steps() => ControlReference.Steps(Env);
    private static IEnumerable<ControlReference.Rollout> Rollouts() => ControlReference.Rollouts(Env);

    [Test]
    public void The_reference_covers_termination_truncation_and_the_velocity_bounds()
    {
        var rollouts = Rollouts().ToArray();
        Assert.That(rollouts.Count(r => r.Terminated), Is.GreaterThanOrEqualTo(4));
        Assert.That(rollouts.Count(r => r.Truncated && r.Steps == 500), Is.GreaterThanOrEqualTo(2));
        var steps = Steps().ToArray();
        Assert.That(steps.Any(s => Math.Abs(s.NextState[3]) == AcrobotPhysics.MaxVelocity2), "a step that hits the 9π bound");
        Assert.That(steps.Any(s => Math.Abs(s.NextState[2]) == AcrobotPhysics.MaxVelocity1), "a step that hits the 4π bound");
    }

    [Test]
    public void Reward_is_minus_one_per_step_and_zero_on_the_terminating_step()
    {
        foreach (var r in Rollouts().Where(r => r.Terminated))
            Assert.That(r.Return, Is.EqualTo(-(r.Steps - 1.0)), r.ToString());
        var env = new AcrobotEnv();
        var obs = new float[6];
        env.Reset(0, obs);
        env.State = new AcrobotState(Math.PI, 0, 0, 0); // straight up: the tip is 2 above the pivot
        var outcome = env.Step(1, obs);
        Assert.That(outcome, Is.EqualTo(new StepOutcome(0.0, true, false)));
    }

    [TestCase(4.0, -2.2831853071795862)]
    [TestCase(-4.0, 2.2831853071795862)]
    [TestCase(Math.PI, Math.PI)]
    [TestCase(-Math.PI, -Math.PI)]
    [TestCase(10.0, 10.0 - 2 * Math.PI - 2 * Math.PI)]
    public void Wrap_adds_or_subtracts_whole_turns_like_gymnasium(double value, double expected) =>
        Assert.That(AcrobotPhysics.Wrap(value, -Math.PI, Math.PI), Is.EqualTo(expected));

    [TestCase(13.0, 4 * Math.PI)]
    [TestCase(-13.0, -4 * Math.PI)]
    [TestCase(1.5, 1.5)]
    public void Bound_clips_to_the_range(double value, double expected) =>
        Assert.That(AcrobotPhysics.Bound(value, -AcrobotPhysics.MaxVelocity1, AcrobotPhysics.MaxVelocity1), Is.EqualTo(expected));

    [Test]
    public void At_rest_hanging_down_with_no_torque_nothing_moves()
    {
        var next = AcrobotPhysics.Step(new AcrobotState(0, 0, 0, 0), 1);
        Assert.That(next.Theta1, Is.EqualTo(0.0).Within(1e-15));
        Assert.That(next.Theta2, Is.EqualTo(0.0).Within(1e-15));
        Assert.That(next.Theta1Dot, Is.EqualTo(0.0).Within(1e-15));
        Assert.That(next.Theta2Dot, Is.EqualTo(0.0).Within(1e-15));
        Assert.That(AcrobotPhysics.IsTerminal(0, 0), Is.False);
    }

    [Test]
    public void State_can_be_read_and_set_and_the_observation_follows_it()
    {
        var env = new AcrobotEnv();
        var obs = new float[6];
        env.Reset(1, obs);
        var state = new AcrobotState(0.3, -1.2, 2.5, -7.25);
        env.State = state;
        Assert.That(env.State, Is.EqualTo(state));
        Assert.That(env.IsEpisodeOver, Is.False);
        env.Step(0, obs);
        var s = env.State;
        Assert.That(s, Is.EqualTo(AcrobotPhysics.Step(state, 0)));
        Assert.That(obs, Is.EqualTo(new[] { (float)Math.Cos(s.Theta1), (float)Math.Sin(s.Theta1), (float)Math.Cos(s.Theta2), (float)Math.Sin(s.Theta2), (float)s.Theta1Dot, (float)s.Theta2Dot }));
        Assert.That(env.ObservationSpace.Contains(obs), Is.True);
    }

    [Test]
    public void Spaces_and_metadata_match_gymnasium()
    {
        var env = new AcrobotEnv();
        Assert.That(env.ActionSpace.N, Is.EqualTo(3));
        Assert.That(env.ObservationSpace.High, Is.EqualTo(new[] { 1f, 1f, 1f, 1f, 12.566371f, 28.274334f }));
        Assert.That(env.ObservationSpace.Low, Is.EqualTo(new[] { -1f, -1f, -1f, -1f, -12.566371f, -28.274334f }));
        var meta = ((IEnvironment)env).Metadata;
        Assert.That(meta.DisplayName, Is.EqualTo("Acrobot-v1"));
        Assert.That(meta.StepsPerSecond, Is.EqualTo(15));
        Assert.That(meta.Play!.Bindings, Is.EqualTo(new[] { new KeyBinding(PlayKey.Left, 0), new KeyBinding(PlayKey.Right, 2) }));
    }

    [Test]
    public void Reset_bounds_are_options_and_bad_ones_are_one_line_errors()
    {
        var env = EnvRegistry.Make("acrobot:low=0.5,high=0.6,max_steps=20");
        Assert.That(env.Id, Is.EqualTo("acrobot:low=0.5,high=0.6,max_steps=20"));
        var acrobot = env.Find<AcrobotEnv>()!;
        env.Reset(2, new float[6]);
        Assert.That(acrobot.State.ToArray(), Has.All.InRange(0.5, 0.6));
        Assert.That(Assert.Throws<EnvSpecException>(() => EnvRegistry.Make("acrobot:low=0.2,high=0.1"))!.Message, Does.Contain("swap them"));
        Assert.That(Assert.Throws<EnvSpecException>(() => EnvRegistry.Make("acrobot:high=x"))!.Message, Does.Contain("high=x"));
    }

    [Test]
    public void Bad_actions_and_stepping_before_a_reset_throw()
    {
        var env = new AcrobotEnv();
        var obs = new float[6];
        Assert.Throws<InvalidOperationException>(() => env.Step(1, obs));
        env.Reset(0, obs);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(3, obs));
        Assert.Throws<ArgumentException>(() => env.Step(1, new float[4]));
    }

    [Test]
    public void Scene_draws_both_links_from_the_pivot_with_the_goal_line_one_link_above()
    {
        var env = new AcrobotEnv();
        env.Reset(0, new float[6]);
        env.State = new AcrobotState(0.4, -0.9, 0, 0);
        var scene = env.Describe();
        var links = scene.Primitives.OfType<LinePrimitive>().Where(l => l.Color == AcrobotScene.LinkColor).ToArray();
        Assert.That(links, Has.Length.EqualTo(2));
        Assert.That((links[0].X1, links[0].Y1), Is.EqualTo((AcrobotScene.PivotX, AcrobotScene.PivotY)));
        Assert.That((links[1].X1, links[1].Y1), Is.EqualTo((links[0].X2, links[0].Y2)));
        foreach (var link in links)
            Assert.That(Math.Sqrt(Math.Pow(link.X2 - link.X1, 2) + Math.Pow(link.Y2 - link.Y1, 2)), Is.EqualTo(1.0).Within(1e-12));
        // θ1 = 0.4 swings the first link to the right of straight down (screen y grows downwards).
        Assert.That(links[0].X2, Is.GreaterThan(AcrobotScene.PivotX));
        Assert.That(links[0].Y2, Is.GreaterThan(AcrobotScene.PivotY));
        // The tip's height above the pivot is the termination test's quantity.
        var height = AcrobotScene.PivotY - links[1].Y2;
        Assert.That(height, Is.EqualTo(-Math.Cos(0.4) - Math.Cos(-0.9 + 0.4)).Within(1e-12));
        var goal = scene.Primitives.OfType<LinePrimitive>().Single(l => l.Color == AcrobotScene.GoalLineColor);
        Assert.That(goal.Y1, Is.EqualTo(AcrobotScene.PivotY - 1.0).Within(1e-12));
        Assert.That(scene.Primitives.OfType<TextPrimitive>().Single().Text, Does.StartWith("tip height = "));
    }
}
