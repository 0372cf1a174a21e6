using RLArena.Core.Errors;

namespace RLArena.Environments.Plugins;

/// <summary>
/// Which plugins to load, from the three places a user can name them: the <c>RLARENA_PLUGINS</c> environment
/// variable (paths separated by the platform's path separator, ':' on Linux and macOS, ';' on Windows; empty
/// entries are skipped), a config file's <c>plugins:</c> list (relative paths are relative to the config file's
/// folder), and repeated <c>--plugin</c> options (relative to the current folder). The result is in that order
/// (machine-wide first, the command line last), as full paths, each once. "~/" means the home folder.
/// </summary>
public static class PluginPaths
{
    /// <summary>The environment variable that lists plugins.</summary>
    public const string EnvironmentVariable = "RLARENA_PLUGINS";

    /// <summary>
    /// The plugin paths to load. <paramref name="configDirectory"/> is the folder of the config file that gave
    /// <paramref name="config"/>; <paramref name="currentDirectory"/> resolves the others. An empty
    /// <c>--plugin</c> value or config entry is a <see cref="UsageException"/>.
    /// </summary>
    public static IReadOnlyList<string> Resolve(
        IEnumerable<string>? commandLine,
        IEnumerable<string>? config,
        string? configDirectory,
        string? environmentValue,
        string currentDirectory,
        char separator,
        string? homeDirectory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(currentDirectory);
        homeDirectory ??= Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var result = new List<string>();
        var seen = new HashSet<string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

        void Add(string raw, string baseDirectory)
        {
            var path = raw.Trim();
            if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal)) path = Path.Join(homeDirectory, path[1..].TrimStart('/'));
            var full = Path.GetFullPath(path, baseDirectory);
            if (seen.Add(full)) result.Add(full);
        }

        foreach (var entry in (environmentValue ?? "").Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            Add(entry, currentDirectory);

        var index = 0;
        foreach (var entry in config ?? [])
        {
            index++;
            if (string.IsNullOrWhiteSpace(entry)) throw new UsageException($"plugins: entry {index} of the config file is empty; give a plugin .dll or folder.");
            Add(entry, configDirectory ?? currentDirectory);
        }

        foreach (var entry in commandLine ?? [])
        {
            if (string.IsNullOrWhiteSpace(entry)) throw new UsageException("--plugin needs a path to a plugin .dll or a folder of them.");
            Add(entry, currentDirectory);
        }
        return result;
    }

    /// <summary>
    /// <see cref="Resolve(IEnumerable{string}, IEnumerable{string}, string, string, string, char, string)"/> with this process's <c>RLARENA_PLUGINS</c>, current folder and path separator.
    /// </summary>
    public static IReadOnlyList<string> Resolve(IEnumerable<string>? commandLine, IEnumerable<string>? config, string? configDirectory) =>
        Resolve(commandLine, config, configDirectory, Environment.GetEnvironmentVariable(EnvironmentVariable), Environment.CurrentDirectory, Path.PathSeparator);
}
