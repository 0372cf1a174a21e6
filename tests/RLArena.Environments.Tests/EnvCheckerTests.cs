using RLArena.Environments.Checking;
using RLArena.Environments.GridWorld;
using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;

namespace RLArena.Environments.Tests;

public class EnvCheckerTests
{
    private static IEnumerable<string> Specs() =>
        EnvRegistry.Names.Concat(["gridworld:size=8,goals=2,obs=visual", "gridworld:obstacles=1-1;2-3,mask=false", "cartpole:max_steps=50"]);

    [TestCaseSource(nameof(Specs))]
    public void Every_registered_environment_passes_with_random_actions(string spec)
    {
        var report = EnvChecker.Check(() => EnvRegistry.Make(spec));
        Assert.That(report.Passed, Is.True, report.ToString());
    }

    [Test]
    public void Cartpole_is_truncated_at_500_under_a_balancing_policy()
    {
        // Push towards where the pole is falling, with a little correction for the cart's drift.
        var report = EnvChecker.Check(() => EnvRegistry.Make("cartpole"), new EnvCheckOptions
        {
            Episodes = 3,
            Policy = (obs, _) => obs[2] + 0.5f * obs[3] + 0.01f * obs[0] + 0.1f * obs[1] > 0 ? 1 : 0,
            RequireTruncation = true,
        });
        Assert.That(report.Notes, Has.Some.Contains("truncated at the limit of 500"));
    }

    [Test]
    public void Gridworld_is_truncated_at_max_steps_when_the_agent_stays()
    {
        var report = EnvChecker.Check(() => EnvRegistry.Make("gridworld"), new EnvCheckOptions
        {
            Episodes = 2,
            Policy = (_, _) => GridActions.Stay,
            RequireTruncation = true,
        });
        Assert.That(report.Notes, Has.Some.Contains("2 truncated at the limit of 100"));
    }

    [Test]
    public void The_tightest_time_limit_in_a_chain_counts()
    {
        var report = EnvChecker.Check(() => new Wrappers.TimeLimit(new GridWorldEnv(new GridWorldOptions(MaxSteps: 20)), 500),
            new EnvCheckOptions { Episodes = 1, Policy = (_, _) => GridActions.Stay, RequireTruncation = true });
        Assert.That(report.Notes, Has.Some.Contains("1 truncated at the limit of 20"));
    }

    [Test]
    public void A_broken_environment_fails_the_check()
    {
        var report = EnvChecker.Run(() => new BrokenEnv());
        Assert.That(report.Passed, Is.False);
        var all = string.Join("\n", report.Problems);
        Assert.That(all, Does.Contain("Step before any Reset did not throw InvalidOperationException"));
        Assert.That(all, Does.Contain("Step(2) did not throw ArgumentOutOfRangeException"));
        Assert.That(all, Does.Contain("different episodes"));
        Assert.That(all, Does.Contain("outside the observation space"));
        Assert.Throws<EnvCheckException>(() => EnvChecker.Check(() => new BrokenEnv()));
    }

    [Test]
    public void An_environment_that_overruns_its_time_limit_fails_the_check()
    {
        var report = EnvChecker.Run(() => new OverrunningEnv(), new EnvCheckOptions { Episodes = 1 });
        Assert.That(report.Problems, Has.Some.Contains("step 5 (the time limit) did not report truncation"));
    }

    /// <summary>Claims a 5-step limit but truncates at 8.</summary>
    private sealed class OverrunningEnv : IEnvironment, ITimeLimited
    {
        private readonly GridWorldEnv _inner = new(new GridWorldOptions(MaxSteps: 8));
        public int MaxEpisodeSteps => 5;
        public string Id => "overrunning";
        public BoxSpace ObservationSpace => _inner.ObservationSpace;
        public DiscreteSpace ActionSpace => _inner.ActionSpace;
        public void Reset(int? seed, Span<float> observation) => _inner.Reset(seed, observation);
        public StepOutcome Step(int action, Span<float> observation) => _inner.Step(action, observation);
        public void WriteActionMask(Span<bool> mask) => _inner.WriteActionMask(mask);
        public Scene Describe() => _inner.Describe();
    }

    /// <summary>Ignores seeds, accepts any action, never ends, and leaves its box.</summary>
    private sealed class BrokenEnv : IEnvironment
    {
        private static int _counter;
        private int _t;

        public string Id => "broken";
        public BoxSpace ObservationSpace { get; } = BoxSpace.Uniform([1], 0f, 10f);
        public DiscreteSpace ActionSpace { get; } = new(2);

        public void Reset(int? seed, Span<float> observation)
        {
            if (observation.Length != 1) throw new ArgumentException("size");
            _t = Interlocked.Increment(ref _counter) % 5;
            observation[0] = _t;
        }

        public StepOutcome Step(int action, Span<float> observation)
        {
            if (observation.Length != 1) throw new ArgumentException("size");
            observation[0] = ++_t;
            return new StepOutcome(0, false, false);
        }

        public void WriteActionMask(Span<bool> mask)
        {
            if (mask.Length != 2) throw new ArgumentException("size");
            mask.Fill(true);
        }

        public Scene Describe() => new(1, 1, new Rgba(0, 0, 0));
    }
}

/// <summary>The checker on environments with continuous (Box) actions that break the contract.</summary>
public class ContinuousEnvCheckerTests
{
    [Test]
    public void An_unbounded_action_box_is_a_spaces_problem()
    {
        var report = EnvChecker.Run(() => new BoxEnv(Spaces.BoxSpace.Uniform([1], float.NegativeInfinity, float.PositiveInfinity)));
        Assert.That(report.Passed, Is.False);
        Assert.That(report.ToString(), Does.Contain("infinite bound"));
    }

    [Test]
    public void Declaring_discrete_and_continuous_actions_at_once_is_a_spaces_problem()
    {
        var report = EnvChecker.Run(() => new BoxEnv(Spaces.BoxSpace.Uniform([1], -1, 1), discrete: 2));
        Assert.That(report.ToString(), Does.Contain("declares both"));
    }

    [Test]
    public void An_env_that_ignores_NaN_and_passes_actions_through_is_reported()
    {
        var report = EnvChecker.Run(() => new BoxEnv(Spaces.BoxSpace.Uniform([1], -1, 1)));
        Assert.That(report.ToString(), Does.Contain("Step with a NaN action did not throw ArgumentException"));
        Assert.That(report.Checks.SelectMany(c => c.Notes), Has.Some.Contains("passed through unclipped"));
    }

    /// <summary>x += a each step (no clipping, no NaN check), 10 steps per episode, with snapshots.</summary>
    private sealed class BoxEnv(Spaces.BoxSpace actions, int discrete = 0) : IEnvironment, ISnapshotEnvironment
    {
        private float _x;
        private int _t = -1;

        public string Id => "box-test";
        public Spaces.BoxSpace ObservationSpace { get; } = Spaces.BoxSpace.Uniform([1], float.NegativeInfinity, float.PositiveInfinity);
        public Spaces.DiscreteSpace ActionSpace { get; } = new(discrete);
        public Spaces.BoxSpace? ContinuousActionSpace => actions;
        public void Reset(int? seed, Span<float> observation)
        {
            if (observation.Length != 1) throw new ArgumentException("size");
            _x = 0;
            _t = 0;
            observation[0] = _x;
        }
        public StepOutcome Step(int action, Span<float> observation) => throw new NotSupportedException("continuous");
        public StepOutcome Step(ReadOnlySpan<float> action, Span<float> observation)
        {
            if (_t < 0 || _t >= 10) throw new InvalidOperationException("reset first");
            if (observation.Length != 1 || action.Length != 1) throw new ArgumentException("size");
            _x += action[0];
            _t++;
            observation[0] = _x;
            return new StepOutcome(0, false, _t == 10);
        }
        public void WriteActionMask(Span<bool> mask)
        {
            if (mask.Length != ActionSpace.N) throw new ArgumentException("mask");
        }
        public Scenes.Scene Describe() => new Scenes.Scene(1, 1, new Scenes.Rgba(0, 0, 0)).Add(new Scenes.CirclePrimitive(0.5, 0.5, 0.1, new Scenes.Rgba(1, 1, 1)));
        public void SaveSnapshot(BinaryWriter writer) { writer.Write(_x); writer.Write(_t); }
        public void LoadSnapshot(BinaryReader reader) { _x = reader.ReadSingle(); _t = reader.ReadInt32(); }
    }
}
