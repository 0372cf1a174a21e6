using RLArena.Engine.Config;
using RLArena.Core.Errors;

namespace RLArena.Agents.Training;

/// <summary>
/// Builds a run's settings: the algorithm's defaults, then the tuned file <c>configs/&lt;algo&gt;/&lt;env&gt;.yaml</c>
/// (or the file given with --config), then <c>--set key=value</c> overrides, then explicit flags. Files are looked
/// up next to the executable first (the CLI copies configs/ into its output), then under the current directory.
/// </summary>
public static class AgentConfigs
{
    /// <summary>The algorithm's defaults; an unknown algorithm is a one-line usage error listing the valid names.</summary>
    public static AgentConfig CreateDefaults(string algorithm) => AlgorithmRegistry.Get(algorithm).CreateConfig();

    /// <summary>The tuned file for (algorithm, environment name without options), or null when there is none.</summary>
    public static string? FindTunedFile(string algorithm, string environmentId, IEnumerable<string>? searchRoots = null)
    {
        var name = environmentId.Split(':')[0].Trim().ToLowerInvariant();
        var roots = searchRoots ?? [Path.Combine(AppContext.BaseDirectory, "configs"), Path.Combine(Directory.GetCurrentDirectory(), "configs")];
        foreach (var root in roots)
        {
            var path = Path.Combine(root, algorithm.ToLowerInvariant(), name + ".yaml");
            if (File.Exists(path)) return path;
        }
        return null;
    }

    /// <summary>
    /// The effective settings. <paramref name="flags"/> are explicit command-line values (env, seed,
    /// total_timesteps, num_envs) and win over everything; --env also picks the tuned file.
    /// </summary>
    public static AgentConfig Build(string algorithm, string? environmentId, string? configFile, IEnumerable<string> overrides,
        IEnumerable<KeyValuePair<string, string>> flags, IEnumerable<string>? searchRoots = null)
    {
        var config = CreateDefaults(algorithm);
        algorithm = config.Algorithm;
        var file = configFile ?? FindTunedFile(algorithm, environmentId ?? "cartpole", searchRoots);
        if (file is not null)
        {
            var values = ConfigYaml.ReadFile(file);
            // A run's own config.yaml starts with "algo: <name>"; accept it when it matches.
            var algo = values.FirstOrDefault(kv => kv.Key == "algo");
            if (algo.Key is not null && !string.Equals(algo.Value, algorithm, StringComparison.OrdinalIgnoreCase))
                throw new UsageException($"{file} is a config for {algo.Value}, not {algorithm}; pass --algo {algo.Value} or another file.");
            ConfigBinder.Apply(config, values.Where(kv => kv.Key != "algo"), file);
        }
        if (environmentId is not null) ConfigBinder.Apply(config, [new("env", environmentId)], "--env");
        ConfigBinder.Apply(config, ConfigBinder.ParseOverrides(overrides), "--set");
        ConfigBinder.Apply(config, flags, "command line");
        return config;
    }
}
