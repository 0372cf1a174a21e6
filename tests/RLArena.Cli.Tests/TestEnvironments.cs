using RLArena.Environments;
using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;

namespace RLArena.Cli.Tests;

/// <summary>
/// Environments these tests register as a plugin would: a counter that keeps the contract, with metadata of the
/// test's choosing. Registered once per test process (the registry is global).
/// </summary>
internal static class TestEnvironments
{
    public const string Good = "cli-test-counter";
    public const string BadMetadata = "cli-test-bad-metadata";
    public const string Origin = "RLArena.Cli.Tests (a test plugin)";

    private static readonly object Gate = new();

    public static void Register()
    {
        lock (Gate)
        {
            if (EnvRegistry.IsRegistered(Good)) return;
            EnvRegistry.Register(new EnvRegistration(Good, "counts to its limit; keeps the contract",
                MakeCounter)
            {
                Aliases = ["cli-counter"],
                Options = [new("limit", "6", "steps before the episode terminates, 1..1000")],
                Origin = Origin,
            });
            EnvRegistry.Register(new EnvRegistration(BadMetadata, "keeps the contract but names three actions of two",
                _ => new CounterEnv(BadMetadata, 6, new EnvMetadata { DisplayName = "Bad", ActionNames = ["a", "b", "c"], StepsPerSecond = 0 }))
            {
                Origin = Origin,
            });
        }
    }

    private static IEnvironment MakeCounter(EnvOptions options)
    {
        var limit = options.Int("limit", 6, 1, 1000);
        var id = limit == 6 ? Good : $"{Good}:limit={limit}";
        return new CounterEnv(id, limit, new EnvMetadata { DisplayName = "Counter", ActionNames = ["hold", "count"] });
    }

    /// <summary>Observation: steps taken / limit. Action 1 counts, 0 holds; terminates at the limit or after 2×limit steps.</summary>
    private sealed class CounterEnv(string id, int limit, EnvMetadata metadata) : IEnvironment
    {
        private int _count;
        private int _steps;
        private bool _running;

        public string Id => id;
        public BoxSpace ObservationSpace { get; } = BoxSpace.Uniform([1], 0f, 1f);
        public DiscreteSpace ActionSpace { get; } = new(2);
        public EnvMetadata Metadata => metadata;

        public void Reset(int? seed, Span<float> observation)
        {
            if (observation.Length != 1) throw new ArgumentException("one float");
            _count = _steps = 0;
            _running = true;
            observation[0] = 0;
        }

        public StepOutcome Step(int action, Span<float> observation)
        {
            if (observation.Length != 1) throw new ArgumentException("one float");
            ArgumentOutOfRangeException.ThrowIfNegative(action);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(action, 1);
            if (!_running) throw new InvalidOperationException("reset first");
            _count += action;
            _steps++;
            _running = _count < limit && _steps < 2 * limit;
            observation[0] = _count / (float)limit;
            return new StepOutcome(action, !_running, false);
        }

        public void WriteActionMask(Span<bool> mask)
        {
            if (mask.Length != 2) throw new ArgumentException("two values");
            mask.Fill(true);
        }

        public Scene Describe() => new Scene(1, 1, new Rgba(0, 0, 0)).Add(new CirclePrimitive(0.5, 0.5, 0.2, new Rgba(9, 9, 9)));
    }
}
