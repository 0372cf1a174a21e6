using RLArena.Environments.Pendulum;
using RLArena.Environments.Registry;
using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;
using RLArena.Environments.Tests.Reference;

namespace RLArena.Environments.Tests;

/// <summary>
/// Pendulum-v1's own rules: every reference step bit-exact, the data's coverage, clipped torques, the box action, the
/// reward, options, snapshots and the scene. The comparisons with Gymnasium v0.29.1 step by step and episode by episode
/// are in <see cref="ClassicControlReferenceTests"/>.
/// </summary>
[Platform(Include = "Linux", Reason = "the expected values come from glibc's sin, cos and pow, which .NET uses on Linux")]
public class PendulumTests
{
    private const string Env = "pendulum";

    private static IEnumerable<ControlReference.Step> Steps() => ControlReference.Steps(Env);
    private static IEnumerable<ControlReference.Rollout> Rollouts() => ControlReference.Rollouts(Env);

    [Test]
    public void One_step_is_bit_exact_for_every_reference_step()
    {
        var mismatches = new List<string>();
        foreach (var expected in Steps())
        {
            var env = new PendulumEnv();
            var obs = new float[3];
            env.Reset(0, obs);
            env.State = PendulumState.FromArray(expected.State);
            var outcome = env.Step([expected.Action], obs);
            if (!env.State.ToArray().SequenceEqual(expected.NextState) || outcome.Reward != expected.Reward) mismatches.Add(expected.ToString());
        }
        Assert.That(mismatches, Is.Empty);
    }

    [Test]
    public void The_reference_covers_clipped_torques_the_speed_limit_and_wrapped_angles()
    {
        var steps = Steps().ToArray();
        Assert.That(steps.Any(s => Math.Abs(s.Action) > PendulumPhysics.MaxTorque), "a torque beyond the bounds");
        Assert.That(steps.Any(s => Math.Abs(s.NextState[1]) == PendulumPhysics.MaxSpeed), "a step that hits the speed limit");
        Assert.That(steps.Any(s => Math.Abs(s.State[0]) > 2 * Math.PI), "an angle beyond a whole turn");
        Assert.That(Rollouts().All(r => r.Truncated && r.Steps == 200 && !r.Terminated), "Pendulum only ends by its 200-step limit");
    }

    [Test]
    public void Out_of_bounds_torques_are_clipped_but_NaN_is_refused()
    {
        var a = new PendulumEnv();
        var b = new PendulumEnv();
        var obs = new float[3];
        a.Reset(5, obs);
        b.Reset(5, obs);
        var ra = a.Step([7.5f], obs);
        var rb = b.Step([2f], obs);
        Assert.That(a.State, Is.EqualTo(b.State));
        Assert.That(ra.Reward, Is.EqualTo(rb.Reward), "the cost uses the clipped torque");
        Assert.That(a.LastTorque, Is.EqualTo(2f));
        var nan = Assert.Throws<ArgumentException>(() => a.Step([float.NaN], obs))!;
        Assert.That(nan.Message, Does.Contain("NaN"));
        Assert.Throws<ArgumentException>(() => a.Step([1f, 1f], obs));
    }

    [Test]
    public void It_declares_a_box_action_and_refuses_integer_actions()
    {
        IEnvironment env = EnvRegistry.Make("pendulum");
        Assert.That(env.IsContinuous(), Is.True);
        Assert.That(env.ActionSpace, Is.EqualTo(DiscreteSpace.None));
        Assert.That(env.ActionSpace.ToString(), Is.EqualTo("none"));
        Assert.That(env.DescribeActionSpace(), Is.EqualTo("Box(-2, 2, (1,))"));
        Assert.That(env.ContinuousActionSpace!.Low, Is.EqualTo(new[] { -2f }));
        var obs = new float[3];
        env.Reset(0, obs);
        var e = Assert.Throws<NotSupportedException>(() => env.Step(1, obs))!;
        Assert.That(e.Message, Does.Contain("continuous actions"));
        Assert.That(env.ActionMask(), Is.Empty);
    }

    [Test]
    public void Reward_is_the_negative_cost_of_the_state_before_the_step()
    {
        var env = new PendulumEnv();
        var obs = new float[3];
        env.Reset(0, obs);
        env.State = new PendulumState(0, 0);
        Assert.That(env.Step([0f], obs).Reward, Is.EqualTo(0.0), "upright and still costs nothing");
        env.State = new PendulumState(Math.PI, 0);
        var worst = env.Step([2f], obs).Reward;
        Assert.That(worst, Is.EqualTo(-(Math.PI * Math.PI + 0.001 * 4)).Within(1e-12), "hanging down with full torque");
    }

    [Test]
    public void Gravity_and_reset_bounds_are_options_with_checked_ranges()
    {
        var env = EnvRegistry.Make("pendulum:g=9.81,x_init=0.5,y_init=0");
        Assert.That(env.Id, Is.EqualTo("pendulum:g=9.81,x_init=0.5,y_init=0"));
        var pendulum = env.Find<PendulumEnv>()!;
        Assert.That(pendulum.Gravity, Is.EqualTo(9.81));
        var obs = new float[3];
        for (var seed = 0; seed < 20; seed++)
        {
            env.Reset(seed, obs);
            Assert.That(Math.Abs(pendulum.State.Theta), Is.LessThanOrEqualTo(0.5));
            Assert.That(pendulum.State.ThetaDot, Is.EqualTo(0.0));
        }
        Assert.Throws<EnvSpecException>(() => EnvRegistry.Make("pendulum:g=-1"));
        Assert.Throws<EnvSpecException>(() => EnvRegistry.Make("pendulum:x_init=4"));
        Assert.Throws<EnvSpecException>(() => EnvRegistry.Make("pendulum:y_init=9"));
        Assert.That(EnvRegistry.Make("pendulum:max_steps=50").Id, Is.EqualTo("pendulum:max_steps=50"));
    }

    [Test]
    public void Snapshots_continue_exactly()
    {
        var env = EnvRegistry.Make("pendulum");
        var obs = new float[3];
        env.Reset(3, obs);
        for (var i = 0; i < 30; i++) env.Step([MathF.Sin(i)], obs);
        using var stream = new MemoryStream();
        ((ISnapshotEnvironment)env).SaveSnapshot(new BinaryWriter(stream));
        var copy = EnvRegistry.Make("pendulum");
        stream.Position = 0;
        ((ISnapshotEnvironment)copy).LoadSnapshot(new BinaryReader(stream));
        var obsCopy = new float[3];
        for (var i = 30; i < 200; i++)
        {
            var a = env.Step([MathF.Cos(i) * 2.5f], obs);
            var b = copy.Step([MathF.Cos(i) * 2.5f], obsCopy);
            Assert.That(b, Is.EqualTo(a));
            Assert.That(obsCopy, Is.EqualTo(obs));
        }
        env.Reset(null, obs);
        copy.Reset(null, obsCopy);
        Assert.That(obsCopy, Is.EqualTo(obs), "the random stream continues identically");
    }

    [Test]
    public void The_scene_draws_the_rod_the_pivot_and_a_torque_arrow_that_turns_with_the_sign()
    {
        var env = new PendulumEnv();
        var obs = new float[3];
        env.Reset(0, obs);
        var resetScene = env.Describe();
        env.State = new PendulumState(0, 0);
        env.Step([2f], obs);
        var positive = env.Describe();
        var rod = positive.Primitives.OfType<LinePrimitive>().First();
        Assert.That(rod.Color, Is.EqualTo(PendulumScene.RodColor));
        Assert.That(rod.Y2, Is.LessThan(rod.Y1), "theta near 0 points up (y down)");
        var arrowPositive = positive.Primitives.OfType<LinePrimitive>().Count(l => l.Color == PendulumScene.ArrowColor);
        Assert.That(arrowPositive, Is.GreaterThan(2), "a torque arrow after a step with torque");
        Assert.That(resetScene.Primitives.OfType<LinePrimitive>().Count(l => l.Color == PendulumScene.ArrowColor), Is.Zero, "no arrow after a reset");
        // The arc starts at the bottom; for u > 0 (counter-clockwise as seen) its last segment is to the right of the pivot.
        var lastArc = positive.Primitives.OfType<LinePrimitive>().Where(l => l.Color == PendulumScene.ArrowColor).Skip(15).First();
        Assert.That(lastArc.X2, Is.GreaterThan(PendulumScene.PivotX));
        env.Step([-2f], obs);
        var negativeArc = env.Describe().Primitives.OfType<LinePrimitive>().Where(l => l.Color == PendulumScene.ArrowColor).Skip(15).First();
        Assert.That(negativeArc.X2, Is.LessThan(PendulumScene.PivotX));
    }
}
