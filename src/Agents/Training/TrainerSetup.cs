using RLArena.Core.Reproducibility;
using RLArena.Engine.Devices;
using RLArena.Engine.Reproducibility;
using RLArena.Environments;

namespace RLArena.Agents.Training;

/// <summary>
/// The opening every trainer shares: check the settings, set torch's threads, seed every random source, and make
/// the seeded vector environment. Also the one place that derives the acting policy's seed.
/// </summary>
internal sealed class TrainerSetup
{
    /// <summary>
    /// The acting policy (what callbacks and evaluation use when sampling) draws from its own generator, seeded
    /// <c>seed + ActingSeedOffset</c>, so acting outside training never disturbs the training stream.
    /// </summary>
    public const int ActingSeedOffset = 7919;

    /// <param name="config">The run's settings (algorithm, environment, seed, budget).</param>
    /// <param name="makeEnvironment">Makes one environment copy from the id; the registry when null.</param>
    public TrainerSetup(AgentConfig config, Func<string, IEnvironment>? makeEnvironment)
    {
        config.Validate();
        DeviceSelector.SetThreads(config.TorchThreads);
        Rng = Seeding.SeedAll(config.Seed);
        Session = new EnvironmentSession(config.Env, config.NumEnvs, config.Seed, makeEnvironment,
            config.NormalizeObservation, config.NormalizeReward);
    }

    /// <summary>The run's generator (shuffles, sampling, exploration), seeded with the run seed.</summary>
    public Rng Rng { get; }

    /// <summary>The run's environments, reset with the run seed.</summary>
    public EnvironmentSession Session { get; }

    /// <summary>The generator for a policy's stochastic acting, derived from the run seed.</summary>
    public static Rng ActingRandom(int seed) => new((long)seed + ActingSeedOffset);

    /// <summary><paramref name="config"/> as the algorithm's own config type; another type is a programming error.</summary>
    public static T As<T>(AgentConfig config) where T : AgentConfig =>
        config as T ?? throw new ArgumentException($"expected a {typeof(T).Name}, got a {config.GetType().Name} (for {config.Algorithm}).", nameof(config));
}
