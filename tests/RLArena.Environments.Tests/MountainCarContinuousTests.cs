using RLArena.Environments.Checking;
using RLArena.Environments.MountainCar;
using RLArena.Environments.MountainCarContinuous;
using RLArena.Environments.Registry;
using RLArena.Environments.Scenes;
using RLArena.Environments.Tests.Reference;

namespace RLArena.Environments.Tests;

/// <summary>
/// MountainCarContinuous-v0's own rules: the reference data's coverage, clipped forces, options, the checker's notes
/// and the scene. The comparisons with Gymnasium v0.29.1 are in <see cref="ClassicControlReferenceTests"/>.
/// </summary>
[Platform(Include = "Linux", Reason = "the expected values come from glibc's cos and pow, which .NET uses on Linux")]
public class MountainCarContinuousTests
{
    private const string Env = "mountaincar_continuous";

    private static IEnumerable<ControlReference.Step> Steps() => ControlReference.Steps(Env);
    private static IEnumerable<ControlReference.Rollout> Rollouts() => ControlReference.Rollouts(Env);

    [Test]
    public void The_reference_covers_the_flag_the_wall_the_time_limit_and_clipped_forces()
    {
        var rollouts = Rollouts().ToArray();
        Assert.That(rollouts.Count(r => r.Terminated), Is.GreaterThanOrEqualTo(4));
        Assert.That(rollouts.Count(r => r.Truncated && r.Steps == 999), Is.GreaterThanOrEqualTo(2));
        Assert.That(rollouts.Any(r => r.Actions.Any(a => Math.Abs(a) > 1)), "a rollout with forces beyond the bounds");
        var steps = Steps().ToArray();
        Assert.That(steps.Any(s => s.NextState[0] == (float)MountainCarPhysics.MinPosition && s.NextState[1] == 0), "a step into the wall");
        Assert.That(steps.Any(s => s.Terminated), "a step that reaches the flag");
    }

    [Test]
    public void Out_of_bounds_forces_are_clipped_but_the_penalty_uses_the_action_as_given()
    {
        var a = new MountainCarContinuousEnv();
        var b = new MountainCarContinuousEnv();
        var obs = new float[2];
        a.Reset(3, obs);
        b.Reset(3, obs);
        var ra = a.Step([3f], obs);
        var rb = b.Step([1f], obs);
        Assert.That(a.State, Is.EqualTo(b.State));
        Assert.That(ra.Reward, Is.EqualTo(-0.9).Within(1e-12));
        Assert.That(rb.Reward, Is.EqualTo(-0.1).Within(1e-12));
        Assert.Throws<ArgumentException>(() => a.Step([float.NaN], obs));
        Assert.Throws<NotSupportedException>(() => a.Step(2, obs));
    }

    [Test]
    public void Options_have_checked_ranges()
    {
        var env = EnvRegistry.Make("mountaincar-continuous:goal_velocity=0.01,low=-0.5,high=-0.45,max_steps=300");
        Assert.That(env.Id, Is.EqualTo("mountaincar-continuous:goal_velocity=0.01,low=-0.5,high=-0.45,max_steps=300"));
        Assert.That(env.Find<MountainCarContinuousEnv>()!.GoalVelocity, Is.EqualTo(0.01));
        Assert.Throws<EnvSpecException>(() => EnvRegistry.Make("mountaincar-continuous:goal_velocity=0.5"));
        Assert.Throws<EnvSpecException>(() => EnvRegistry.Make("mountaincar-continuous:low=-0.3,high=-0.4"));
        Assert.That(EnvRegistry.Make("mountaincar-continuous").Id, Is.EqualTo("mountaincar-continuous"));
    }

    [Test]
    public void The_checker_passes_it_and_reports_the_clipping()
    {
        var report = EnvChecker.Check(() => EnvRegistry.Make("mountaincar-continuous"));
        Assert.That(report.Passed, Is.True, report.ToString());
        Assert.That(report.ToString(), Does.Contain("clipped to the bounds"));
    }

    [Test]
    public void The_scene_puts_the_flag_at_0_45_and_shows_the_force()
    {
        var env = new MountainCarContinuousEnv();
        var obs = new float[2];
        env.Reset(0, obs);
        env.Step([0.5f], obs);
        var scene = env.Describe();
        var (fx, _) = MountainCarScene.Surface(MountainCarContinuousPhysics.GoalPosition);
        Assert.That(scene.Primitives.OfType<LinePrimitive>().Any(l => l.Color == MountainCarScene.FlagPoleColor && l.X1 == fx && l.X2 == fx), "the flag pole at 0.45");
        Assert.That(scene.Primitives.OfType<TextPrimitive>().Single().Text, Does.Contain("force = +0.50"));
    }
}
