using RLArena.Environments.Acrobot;
using RLArena.Environments.Checking;
using RLArena.Environments.Registry;
using RLArena.Environments.Scenes;
using RLArena.Environments.Tests.Reference;

namespace RLArena.Environments.Tests;

/// <summary>
/// Acrobot-v1 against values printed by Gymnasium v0.29.1 (Reference/classic_control_reference.py), with NumPy
/// calling the C library's sin and cos as it does on CPUs without AVX-512 (the script explains why that matters).
/// Comparisons are exact: same RK4, same order of operations, squares through pow as NumPy takes them.
/// </summary>
[Platform(Include = "Linux", Reason = "the expected values come from glibc's sin, cos and pow, which .NET uses on Linux")]
public class AcrobotTests
{
    private const string Env = "acrobot";

    private static IEnumerable<ClassicControlReference.Reset> Resets() => ClassicControlReference.Resets(Env);
    private static IEnumerable<ClassicControlReference.Step> Steps() => ClassicControlReference.Steps(Env);
    private static IEnumerable<ClassicControlReference.Rollout> Rollouts() => ClassicControlReference.Rollouts(Env);

    // The generator's policies, computed from the float64 state as there.
    private static int Swing(AcrobotState s)
    {
        var mix = s.Theta1Dot + 0.5 * s.Theta2Dot;
        return mix > 0 ? 2 : mix < 0 ? 0 : 1;
    }

    private static int Policy(int seed, int step, AcrobotState s, int[] scripted) => seed switch
    {
        6 => 1,
        7 => scripted[step],
        _ => Swing(s),
    };

    [TestCaseSource(nameof(Resets))]
    public void Reset_with_a_seed_starts_where_gymnasium_starts_and_continues_its_stream(ClassicControlReference.Reset expected)
    {
        var env = new AcrobotEnv();
        var obs = new float[6];
        env.Reset(expected.Seed, obs);
        Assert.That(env.State.ToArray(), Is.EqualTo(expected.State));
        Assert.That(env.State.ToArray().All(v => (double)(float)v == v), "the reset state is float32, as Gymnasium's");
        Assert.That(obs, Is.EqualTo(expected.Observation));
        env.Reset(null, obs);
        Assert.That(env.State.ToArray(), Is.EqualTo(expected.NextState));
        Assert.That(obs, Is.EqualTo(expected.NextObservation));
    }

    [TestCaseSource(nameof(Steps))]
    public void One_step_matches_gymnasium_to_the_last_bit(ClassicControlReference.Step expected)
    {
        var env = new AcrobotEnv();
        var obs = new float[6];
        env.Reset(0, obs);
        env.State = AcrobotState.FromArray(expected.State);
        var outcome = env.Step(expected.Action, obs);
        Assert.That(env.State.ToArray(), Is.EqualTo(expected.NextState));
        Assert.That(obs, Is.EqualTo(expected.Observation));
        Assert.That(outcome, Is.EqualTo(new StepOutcome(expected.Reward, expected.Terminated, expected.Truncated)));
    }

    [TestCaseSource(nameof(Rollouts))]
    public void A_closed_loop_episode_matches_gymnasium_to_the_last_bit(ClassicControlReference.Rollout expected)
    {
        var env = EnvRegistry.Make("Acrobot-v1");
        var acrobot = env.Find<AcrobotEnv>()!;
        var obs = new float[6];
        env.Reset(expected.Seed, obs);
        var total = 0.0;
        StepOutcome outcome;
        var step = 0;
        do
        {
            var action = Policy(expected.Seed, step, acrobot.State, expected.Actions);
            Assert.That(action, Is.EqualTo(expected.Actions[step]), $"action at step {step}");
            outcome = env.Step(action, obs);
            total += outcome.Reward;
            if (expected.Trajectory is { } trajectory)
                Assert.That(acrobot.State.ToArray(), Is.EqualTo(trajectory[step]), $"state after step {step + 1}");
            step++;
        } while (!outcome.Done);

        Assert.That(step, Is.EqualTo(expected.Steps));
        Assert.That(total, Is.EqualTo(expected.Return));
        Assert.That((outcome.Terminated, outcome.Truncated), Is.EqualTo((expected.Terminated, expected.Truncated)));
        Assert.That(acrobot.State.ToArray(), Is.EqualTo(expected.FinalState));
        Assert.That(obs, Is.EqualTo(expected.FinalObservation));
    }

    private static IEnumerable<ClassicControlReference.Rollout> Avx512Rollouts() =>
        ClassicControlReference.Rollouts(Env, ClassicControlReference.Avx512File);

    /// <summary>
    /// On an AVX-512 CPU NumPy 1.24 computes float64 sin and cos with its own code (1-2 ulp from the C library's), so
    /// Gymnasium there drifts from the C-library trajectory. The drift stays tiny over these episodes (at most
    /// 3.3e-12 in the final state when the data was made): same actions, same ends, final states within 1e-11.
    /// </summary>
    [TestCaseSource(nameof(Avx512Rollouts))]
    public void A_closed_loop_episode_stays_within_1e_11_of_gymnasium_on_numpys_avx512_path(ClassicControlReference.Rollout expected)
    {
        var env = EnvRegistry.Make("acrobot");
        var acrobot = env.Find<AcrobotEnv>()!;
        var obs = new float[6];
        env.Reset(expected.Seed, obs);
        var actions = new List<int>();
        StepOutcome outcome;
        do
        {
            var action = Policy(expected.Seed, actions.Count, acrobot.State, expected.Actions);
            actions.Add(action);
            outcome = env.Step(action, obs);
        } while (!outcome.Done);
        Assert.That(actions, Is.EqualTo(expected.Actions));
        Assert.That((outcome.Terminated, outcome.Truncated), Is.EqualTo((expected.Terminated, expected.Truncated)));
        Assert.That(acrobot.State.ToArray(), Is.EqualTo(expected.FinalState).Within(1e-11));
    }

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
    public void Truncates_at_step_500_in_the_registry_version()
    {
        var env = EnvRegistry.Make("acrobot");
        var obs = new float[6];
        env.Reset(0, obs);
        var total = 0.0;
        for (var step = 1; step <= 500; step++)
        {
            var outcome = env.Step(1, obs);
            total += outcome.Reward;
            Assert.That(outcome.Terminated, Is.False);
            Assert.That(outcome.Truncated, Is.EqualTo(step == 500), $"step {step}");
        }
        Assert.That(total, Is.EqualTo(-500.0));
        Assert.Throws<InvalidOperationException>(() => env.Step(1, obs));
    }

    [Test]
    public void Passes_every_environment_check_including_snapshots()
    {
        var report = EnvChecker.Run(() => EnvRegistry.Make("acrobot"));
        Assert.That(report.Passed, Is.True, report.ToString());
        Assert.That(report.Checks.Where(c => c.Skipped), Is.Empty, report.ToString());
        Assert.That(report.Checks.Select(c => c.Name), Is.EqualTo(EnvChecker.CheckNames));
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
