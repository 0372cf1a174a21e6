using RLArena.Agents.Dqn;
using RLArena.Agents.Ppo;
using RLArena.Agents.Sac;
using RLArena.Agents.Training;
using RLArena.Core.Errors;

namespace RLArena.Agents;

/// <summary>
/// The algorithms <c>rlarena train --algo</c> and checkpoints can name. Every place that depends on the algorithm
/// (configs, trainers, loading policies) asks this registry instead of switching on types.
/// </summary>
public static class AlgorithmRegistry
{
    // The registration list: one line per algorithm.
    private static readonly IAlgorithm[] Registered =
    [
        new PpoAlgorithm(),
        new DqnAlgorithm(),
        new SacAlgorithm(),
    ];

    /// <summary>Every algorithm, in registration order.</summary>
    public static IReadOnlyList<IAlgorithm> All => Registered;

    /// <summary>"ppo, dqn": the valid names, for messages.</summary>
    public static string Names => string.Join(", ", Registered.Select(a => a.Name));

    /// <summary>The algorithm called <paramref name="name"/> (any case), or null.</summary>
    public static IAlgorithm? Find(string? name)
    {
        var key = name?.Trim().ToLowerInvariant();
        return Registered.FirstOrDefault(a => a.Name == key);
    }

    /// <summary>The algorithm called <paramref name="name"/>; an unknown name is a one-line <see cref="UsageException"/> listing the valid ones.</summary>
    public static IAlgorithm Get(string name) =>
        Find(name) ?? throw new UsageException($"--algo {name}: unknown algorithm; expected one of {Names}.");

    /// <summary>The algorithm a config belongs to.</summary>
    public static IAlgorithm For(AgentConfig config) => Get(config.Algorithm);

    /// <summary>
    /// A config of type <typeparamref name="TConfig"/> with <paramref name="algorithm"/>'s defaults, changed by
    /// <paramref name="configure"/>: <c>AlgorithmRegistry.Config&lt;PpoConfig&gt;("ppo", c =&gt; c.Env = "catch")</c>.
    /// </summary>
    public static TConfig Config<TConfig>(string algorithm, Action<TConfig>? configure = null) where TConfig : AgentConfig
    {
        var config = Get(algorithm).CreateConfig() as TConfig
                     ?? throw new UsageException($"--algo {algorithm}: its settings are not a {typeof(TConfig).Name}.");
        configure?.Invoke(config);
        return config;
    }
}
