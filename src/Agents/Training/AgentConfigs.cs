using RLArena.Engine.Config;
using RLArena.Core.Errors;
using RLArena.Environments.Plugins;

namespace RLArena.Agents.Training;

/// <summary>
/// Builds a run's settings: the algorithm's defaults, then the tuned file <c>configs/&lt;algo&gt;/&lt;env&gt;.yaml</c>
/// (or the file given with --config), then <c>--set key=value</c> overrides, then explicit flags. Files are looked
/// up next to the executable first (the CLI copies configs/ into its output), then under the current directory.
/// A file may also list plugins to load (<c>plugins: [path, ...]</c>, relative to the file's folder).
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

    /// <summary>The config file key that lists plugins to load (paths relative to the file's folder).</summary>
    public const string PluginsKey = "plugins";

    /// <summary>
    /// The effective settings. <paramref name="flags"/> are explicit command-line values (env, seed,
    /// total_timesteps, num_envs) and win over everything; --env also picks the tuned file. Before anything is bound,
    /// the plugins are loaded (so their environments can be named): RLARENA_PLUGINS, the file's <c>plugins:</c>
    /// list (relative to the file's folder), then <paramref name="plugins"/> (the --plugin values).
    /// </summary>
    public static AgentConfig Build(string algorithm, string? environmentId, string? configFile, IEnumerable<string> overrides,
        IEnumerable<KeyValuePair<string, string>> flags, IEnumerable<string>? searchRoots = null, IEnumerable<string>? plugins = null)
    {
        var config = CreateDefaults(algorithm);
        algorithm = config.Algorithm;
        var file = configFile ?? FindTunedFile(algorithm, environmentId ?? "cartpole", searchRoots);
        var values = file is null ? [] : ConfigYaml.ReadFile(file);
        var listed = values.Where(kv => kv.Key == PluginsKey).SelectMany(kv => ListEntries(kv.Value)).ToList();
        var folder = file is null ? null : Path.GetDirectoryName(Path.GetFullPath(file));
        PluginLoader.LoadAll(PluginPaths.Resolve(plugins, listed, folder));
        if (file is not null)
        {
            // A run's own config.yaml starts with "algo: <name>"; accept it when it matches.
            var algo = values.FirstOrDefault(kv => kv.Key == "algo");
            if (algo.Key is not null && !string.Equals(algo.Value, algorithm, StringComparison.OrdinalIgnoreCase))
                throw new UsageException($"{file} is a config for {algo.Value}, not {algorithm}; pass --algo {algo.Value} or another file.");
            var settings = values.Where(kv => kv.Key is not ("algo" or PluginsKey)).ToList();
            RejectMisspelledPlugins(config, settings, file);
            ConfigBinder.Apply(config, settings, file);
        }
        if (environmentId is not null) ConfigBinder.Apply(config, [new("env", environmentId)], "--env");
        ConfigBinder.Apply(config, ConfigBinder.ParseOverrides(overrides), "--set");
        ConfigBinder.Apply(config, flags, "command line");
        return config;
    }

    /// <summary>The entries of a <c>plugins:</c> value (a YAML list arrives as "a,b"); none for an empty value.</summary>
    private static IEnumerable<string> ListEntries(string value) =>
        value.Trim().Length == 0 ? [] : value.Split(',', StringSplitOptions.TrimEntries);

    /// <summary>An unknown key closest to <c>plugins</c> (such as "plugin") gets that suggestion, not a setting's.</summary>
    private static void RejectMisspelledPlugins(AgentConfig config, IEnumerable<KeyValuePair<string, string>> settings, string file)
    {
        var keys = ConfigBinder.Keys(config.GetType());
        foreach (var (rawKey, _) in settings)
        {
            var key = rawKey.Trim().Replace('-', '_');
            if (!keys.Contains(key) && ConfigBinder.Closest(key, keys.Append(PluginsKey)) == PluginsKey)
                throw new UsageException($"{file}: unknown setting '{rawKey}'; did you mean '{PluginsKey}'? It lists plugin .dll files or folders, e.g. plugins: [../catch/bin/Release/net10.0/Catch.dll].");
        }
    }
}
