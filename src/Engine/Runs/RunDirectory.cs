using System.Globalization;

namespace RLArena.Engine.Runs;

/// <summary>
/// A run's folder, <c>runs/&lt;name&gt;__&lt;seed&gt;__&lt;yyyyMMdd-HHmmss&gt;/</c>: the effective config (config.yaml),
/// metrics (metrics.csv and TensorBoard events), checkpoints and plots all go here. <see cref="Create"/> and
/// <see cref="Open"/> lock the folder for this process (<see cref="RunLock"/>) until <see cref="ReleaseLock"/> or
/// process exit, so a second process cannot train into it at the same time.
/// </summary>
public sealed class RunDirectory
{
    /// <summary>The file with every effective setting.</summary>
    public const string ConfigFileName = "config.yaml";
    /// <summary>The CSV of metrics (step, wall time, metric, value).</summary>
    public const string MetricsFileName = "metrics.csv";

    private RunLock? _lock;

    private RunDirectory(string path) => Path = path;

    /// <summary>The run folder.</summary>
    public string Path { get; }

    /// <summary>Creates and locks a new run folder <c>root/name__seed__yyyyMMdd-HHmmss</c> (with a suffix when that exists).</summary>
    /// <param name="root">The folder that holds the runs (<c>runs</c>).</param>
    /// <param name="name">The run's name (<c>cartpole__ppo</c>); characters unfit for a file name are replaced.</param>
    /// <param name="seed">The run's seed, part of the name.</param>
    /// <param name="now">The time in the name; now when null.</param>
    public static RunDirectory Create(string root, string name, int seed, DateTime? now = null)
    {
        var stamp = (now ?? DateTime.Now).ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var baseName = $"{Sanitize(name)}__{seed}__{stamp}";
        var path = System.IO.Path.Combine(root, baseName);
        for (var i = 2; Directory.Exists(path); i++) path = System.IO.Path.Combine(root, $"{baseName}-{i}");
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Core.Errors.UserFacingException($"cannot create the run folder under '{root}': {e.Message} Choose another folder for the runs.");
        }
        return new RunDirectory(path) { _lock = RunLock.Acquire(path) };
    }

    /// <summary>
    /// Opens an existing run folder (for --resume) and locks it; a file inside it (its checkpoint, say) stands for
    /// the folder. A folder another live process is training in is refused with that process's id.
    /// </summary>
    public static RunDirectory Open(string path)
    {
        if (System.IO.File.Exists(path)) path = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        if (!Directory.Exists(path))
            throw new Core.Errors.UserFacingException($"run directory '{path}' does not exist; pass a folder under runs/ (or its checkpoint.ckpt).");
        return new RunDirectory(path) { _lock = RunLock.Acquire(path) };
    }

    /// <summary>Releases this process's lock on the folder (also done at process exit).</summary>
    public void ReleaseLock()
    {
        _lock?.Dispose();
        _lock = null;
    }

    /// <summary>The path of <paramref name="name"/> inside the run folder.</summary>
    /// <param name="name">A file name.</param>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes every effective setting as flat YAML (<c>key: value</c>, sorted as given).</summary>
    public void WriteConfig(IEnumerable<KeyValuePair<string, string>> settings) =>
        System.IO.File.WriteAllText(File(ConfigFileName), Config.ConfigYaml.Write(settings));

    private static string Sanitize(string name) =>
        string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-'));
}
