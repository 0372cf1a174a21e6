using RLArena.Environments.Checking;
using RLArena.Environments.Registry;
using RLArena.Environments.Tests.Reference;

namespace RLArena.Environments.Tests;

/// <summary>
/// Every classic-control environment with Gymnasium v0.29.1 reference values (the table
/// <see cref="ReferenceEnvironment.All"/>: MountainCar-v0, Acrobot-v1, Pendulum-v1, MountainCarContinuous-v0) against
/// what Gymnasium printed (Reference/control_reference.py), with NumPy calling the C library's sin and cos as it does
/// on CPUs without AVX-512. Comparisons are exact (Pendulum's single steps within 1e-15, its bit-exact check is in
/// <see cref="PendulumTests"/>): same order of operations, squares through pow as NumPy takes them, float32 where
/// Gymnasium stores float32. The tests of one environment's own rules are in its own class (AcrobotTests, ...).
/// </summary>
public class ClassicControlReferenceTests
{
    private static IEnumerable<TestCaseData> Cases<T>(Func<ReferenceEnvironment, IEnumerable<T>> data) =>
        ReferenceEnvironment.All.SelectMany(env => data(env).Select(d => new TestCaseData(env, d)));

    private static IEnumerable<TestCaseData> Resets() => Cases(env => ControlReference.Resets(env.Key));
    private static IEnumerable<TestCaseData> Steps() => Cases(env => ControlReference.Steps(env.Key));
    private static IEnumerable<TestCaseData> Rollouts() => Cases(env => ControlReference.Rollouts(env.Key));

    private static IEnumerable<TestCaseData> Avx512Rollouts() =>
        Cases(env => env.Avx512Tolerance is null ? [] : ControlReference.Rollouts(env.Key, avx512: true));

    private static IEnumerable<ReferenceEnvironment> Environments() => ReferenceEnvironment.All;

    // Resets `made` (an environment of the row `env`) with `seed` and returns its observation buffer; first skips where
    // the row's values need glibc's maths.
    private static float[] Begin(ReferenceEnvironment env, IEnvironment made, int seed)
    {
        if (env.NeedsGlibc && !OperatingSystem.IsLinux())
            Assert.Ignore($"{env.GymId}'s expected values come from glibc's sin, cos and pow, which .NET uses on Linux only");
        var obs = new float[env.ObservationSize];
        made.Reset(seed, obs);
        return obs;
    }

    [TestCaseSource(nameof(Resets))]
    public void Reset_with_a_seed_starts_where_gymnasium_starts_and_continues_its_stream(ReferenceEnvironment env, ControlReference.Reset expected)
    {
        var raw = env.MakeRaw();
        var obs = Begin(env, raw, expected.Seed);
        Assert.That(env.ReadState(raw), Is.EqualTo(expected.State));
        if (env.ResetStateIsFloat32)
            Assert.That(env.ReadState(raw).All(v => (double)(float)v == v), "the reset state is float32, as Gymnasium's");
        Assert.That(obs, Is.EqualTo(expected.Observation));
        raw.Reset(null, obs);
        Assert.That(env.ReadState(raw), Is.EqualTo(expected.NextState));
        Assert.That(obs, Is.EqualTo(expected.NextObservation));
    }

    [TestCaseSource(nameof(Steps))]
    public void One_step_matches_gymnasium(ReferenceEnvironment env, ControlReference.Step expected)
    {
        var raw = env.MakeRaw();
        var obs = Begin(env, raw, 0);
        env.WriteState(raw, expected.State);
        var outcome = env.Step(raw, expected.Action, obs);
        Assert.That(env.ReadState(raw), Is.EqualTo(expected.NextState).Within(env.StepTolerance));
        Assert.That(obs, Is.EqualTo(expected.Observation));
        Assert.That(outcome.Reward, Is.EqualTo(expected.Reward).Within(env.StepTolerance));
        Assert.That((outcome.Terminated, outcome.Truncated), Is.EqualTo((expected.Terminated, expected.Truncated)));
    }

    [TestCaseSource(nameof(Rollouts))]
    public void A_closed_loop_episode_matches_gymnasium_to_the_last_bit(ReferenceEnvironment env, ControlReference.Rollout expected)
    {
        var registered = env.MakeRegistered();
        var obs = Begin(env, registered, expected.Seed);
        var total = 0.0;
        StepOutcome outcome;
        var step = 0;
        do
        {
            var action = env.Policy(expected.Seed, step, env.ReadState(registered), expected.Actions);
            Assert.That(action, Is.EqualTo(expected.Actions[step]), $"action at step {step}");
            outcome = env.Step(registered, action, obs);
            total += outcome.Reward;
            if (expected.Trajectory is { } trajectory)
                Assert.That(env.ReadState(registered), Is.EqualTo(trajectory[step]), $"state after step {step + 1}");
            step++;
        } while (!outcome.Done);

        Assert.That(step, Is.EqualTo(expected.Steps));
        Assert.That(total, Is.EqualTo(expected.Return));
        Assert.That((outcome.Terminated, outcome.Truncated), Is.EqualTo((expected.Terminated, expected.Truncated)));
        Assert.That(env.ReadState(registered), Is.EqualTo(expected.FinalState));
        Assert.That(obs, Is.EqualTo(expected.FinalObservation));
    }

    /// <summary>
    /// On an AVX-512 CPU NumPy 1.24 computes float64 sin and cos with its own code (1-2 ulp from the C library's), so
    /// Gymnasium there drifts from the C-library trajectory. The drift stays tiny over these episodes: Acrobot takes the
    /// same actions to the same ends, final states within 1e-11 (3.3e-12 at most when the data was made); Pendulum's
    /// controller corrects it, return and final state within 1e-9.
    /// </summary>
    [TestCaseSource(nameof(Avx512Rollouts))]
    public void A_closed_loop_episode_stays_close_to_gymnasium_on_numpys_avx512_path(ReferenceEnvironment env, ControlReference.Rollout expected)
    {
        var tolerance = env.Avx512Tolerance!.Value;
        var registered = env.MakeRegistered();
        var obs = Begin(env, registered, expected.Seed);
        var actions = new List<float>();
        var total = 0.0;
        StepOutcome outcome;
        do
        {
            var action = env.Policy(expected.Seed, actions.Count, env.ReadState(registered), expected.Actions);
            actions.Add(action);
            outcome = env.Step(registered, action, obs);
            total += outcome.Reward;
        } while (!outcome.Done);
        if (!env.Continuous) Assert.That(actions, Is.EqualTo(expected.Actions));
        Assert.That(actions, Has.Count.EqualTo(expected.Steps));
        Assert.That((outcome.Terminated, outcome.Truncated), Is.EqualTo((expected.Terminated, expected.Truncated)));
        Assert.That(total, Is.EqualTo(expected.Return).Within(tolerance));
        Assert.That(env.ReadState(registered), Is.EqualTo(expected.FinalState).Within(tolerance));
    }

    [TestCaseSource(nameof(Environments))]
    public void Passes_every_environment_check_including_snapshots(ReferenceEnvironment env)
    {
        var report = EnvChecker.Run(() => EnvRegistry.Make(env.Name));
        Assert.That(report.Passed, Is.True, report.ToString());
        Assert.That(report.Checks.Where(c => c.Skipped), Is.Empty, report.ToString());
        Assert.That(report.Checks.Select(c => c.Name), Is.EqualTo(EnvChecker.CheckNames));
    }

    [TestCaseSource(nameof(Environments))]
    public void Idling_truncates_at_the_registry_versions_step_limit(ReferenceEnvironment env)
    {
        var registered = EnvRegistry.Make(env.Name);
        Assert.That(registered.Id, Is.EqualTo(env.Name));
        var obs = Begin(env, registered, 0);
        var total = 0.0;
        for (var step = 1; step <= env.MaxSteps; step++)
        {
            var outcome = env.Step(registered, env.IdleAction, obs);
            total += outcome.Reward;
            Assert.That(outcome.Terminated, Is.False);
            Assert.That(outcome.Truncated, Is.EqualTo(step == env.MaxSteps), $"step {step}");
        }
        if (env.IdleReward is { } reward) Assert.That(total, Is.EqualTo(reward * env.MaxSteps));
        Assert.Throws<InvalidOperationException>(() => env.Step(registered, env.IdleAction, obs));
        Assert.That(EnvRegistry.Make(env.Name + ":max_steps=50").Id, Is.EqualTo(env.Name + ":max_steps=50"));
    }
}
