using RLArena.Environments.Checking;
using RLArena.Environments.Pendulum;
using RLArena.Environments.Registry;
using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;
using RLArena.Environments.Tests.Reference;

namespace RLArena.Environments.Tests;

/// <summary>
/// Pendulum-v1 against values printed by Gymnasium v0.29.1 (Reference/continuous_control_reference.py), with NumPy
/// calling the C library's sin and cos as it does on CPUs without AVX-512. Comparisons are exact: same order of
/// operations, the torque clipped in float32 and widened, the squares through pow as NumPy takes them.
/// </summary>
[Platform(Include = "Linux", Reason = "the expected values come from glibc's sin, cos and pow, which .NET uses on Linux")]
public class PendulumTests
{
    private const string Env = "pendulum";

    private static IEnumerable<ContinuousControlReference.Reset> Resets() => ContinuousControlReference.Resets(Env);
    private static IEnumerable<ContinuousControlReference.Step> Steps() => ContinuousControlReference.Steps(Env);
    private static IEnumerable<ContinuousControlReference.Rollout> Rollouts() => ContinuousControlReference.Rollouts(Env);

    // The generator's swing_up, computed from the float64 state as there.
    private static float SwingUp(PendulumState s)
    {
        var th = PendulumPhysics.AngleNormalize(s.Theta);
        if (Math.Abs(th) < 0.8) return (float)(-10.0 * th - 2.0 * s.ThetaDot);
        return s.ThetaDot >= 0 ? 2.0f : -2.0f;
    }

    private static float Policy(int seed, int step, PendulumState s, float[] scripted) => seed == 4 ? scripted[step] : SwingUp(s);

    [TestCaseSource(nameof(Resets))]
    public void Reset_with_a_seed_starts_where_gymnasium_starts_and_continues_its_stream(ContinuousControlReference.Reset expected)
    {
        var env = new PendulumEnv();
        var obs = new float[3];
        env.Reset(expected.Seed, obs);
        Assert.That(env.State.ToArray(), Is.EqualTo(expected.State));
        Assert.That(obs, Is.EqualTo(expected.Observation));
        env.Reset(null, obs);
        Assert.That(env.State.ToArray(), Is.EqualTo(expected.NextState));
        Assert.That(obs, Is.EqualTo(expected.NextObservation));
    }

    [TestCaseSource(nameof(Steps))]
    public void One_step_matches_gymnasium_within_1e_15(ContinuousControlReference.Step expected)
    {
        var env = new PendulumEnv();
        var obs = new float[3];
        env.Reset(0, obs);
        env.State = PendulumState.FromArray(expected.State);
        var outcome = env.Step([expected.Action], obs);
        Assert.That(env.State.ToArray(), Is.EqualTo(expected.NextState).Within(1e-15));
        Assert.That(obs, Is.EqualTo(expected.Observation));
        Assert.That(outcome.Reward, Is.EqualTo(expected.Reward).Within(1e-15));
        Assert.That((outcome.Terminated, outcome.Truncated), Is.EqualTo((expected.Terminated, expected.Truncated)));
    }

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

    [TestCaseSource(nameof(Rollouts))]
    public void A_closed_loop_episode_matches_gymnasium_to_the_last_bit(ContinuousControlReference.Rollout expected)
    {
        var env = EnvRegistry.Make("Pendulum-v1");
        var pendulum = env.Find<PendulumEnv>()!;
        var obs = new float[3];
        env.Reset(expected.Seed, obs);
        var total = 0.0;
        StepOutcome outcome;
        var step = 0;
        do
        {
            var action = Policy(expected.Seed, step, pendulum.State, expected.Actions);
            Assert.That(action, Is.EqualTo(expected.Actions[step]), $"action at step {step}");
            outcome = env.Step([action], obs);
            total += outcome.Reward;
            if (expected.Trajectory is { } trajectory)
                Assert.That(pendulum.State.ToArray(), Is.EqualTo(trajectory[step]), $"state after step {step + 1}");
            step++;
        } while (!outcome.Done);

        Assert.That(step, Is.EqualTo(expected.Steps));
        Assert.That(total, Is.EqualTo(expected.Return));
        Assert.That((outcome.Terminated, outcome.Truncated), Is.EqualTo((expected.Terminated, expected.Truncated)));
        Assert.That(pendulum.State.ToArray(), Is.EqualTo(expected.FinalState));
        Assert.That(obs, Is.EqualTo(expected.FinalObservation));
    }

    private static IEnumerable<ContinuousControlReference.Rollout> Avx512Rollouts() =>
        ContinuousControlReference.Rollouts(Env, ContinuousControlReference.Avx512File);

    /// <summary>
    /// On an AVX-512 CPU NumPy computes sin and cos with its own code (1-2 ulp from the C library's). In closed loop
    /// (the controller corrects the drift) the episode stays within 1e-9 of Gymnasium's there.
    /// </summary>
    [TestCaseSource(nameof(Avx512Rollouts))]
    public void A_closed_loop_episode_stays_close_to_gymnasium_on_numpys_avx512_path(ContinuousControlReference.Rollout expected)
    {
        var env = EnvRegistry.Make("pendulum");
        var pendulum = env.Find<PendulumEnv>()!;
        var obs = new float[3];
        env.Reset(expected.Seed, obs);
        StepOutcome outcome;
        var step = 0;
        var total = 0.0;
        do
        {
            outcome = env.Step([Policy(expected.Seed, step, pendulum.State, expected.Actions)], obs);
            total += outcome.Reward;
            step++;
        } while (!outcome.Done);
        Assert.That(step, Is.EqualTo(expected.Steps));
        Assert.That(total, Is.EqualTo(expected.Return).Within(1e-9));
        Assert.That(pendulum.State.ToArray(), Is.EqualTo(expected.FinalState).Within(1e-9));
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
    public void The_checker_passes_it()
    {
        var report = EnvChecker.Check(() => EnvRegistry.Make("pendulum"));
        Assert.That(report.Passed, Is.True, report.ToString());
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
