namespace RLArena.Sweeps.Execution;

/// <summary>
/// How to start an <c>rlarena</c> process for a task: the program and the arguments before <c>sweep run-task</c>
/// (none for the rlarena app host; the dll's path when it runs through <c>dotnet</c>).
/// </summary>
/// <param name="FileName">The program to start.</param>
/// <param name="LeadingArguments">Arguments that come before "sweep run-task DIR --task N".</param>
public sealed record TrialLauncher(string FileName, IReadOnlyList<string> LeadingArguments)
{
    /// <summary>
    /// The rlarena that is running now: its app host, or <c>dotnet rlarena.dll</c> when started that way.
    /// </summary>
    public static TrialLauncher Current()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown.");
        var name = Path.GetFileNameWithoutExtension(process);
        if (name.Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "rlarena.dll");
            return new TrialLauncher(process, [dll]);
        }
        return new TrialLauncher(process, []);
    }

    /// <summary>The rlarena app host in <paramref name="folder"/> (tests: the one built beside them).</summary>
    /// <param name="folder">The folder that holds the rlarena app host.</param>
    public static TrialLauncher InFolder(string folder) =>
        new(Path.Combine(folder, OperatingSystem.IsWindows() ? "rlarena.exe" : "rlarena"), []);

    /// <summary>The full argument list for task <paramref name="task"/> of the sweep in <paramref name="sweepPath"/>.</summary>
    /// <param name="sweepPath">The sweep folder.</param>
    /// <param name="task">The task number.</param>
    public IReadOnlyList<string> Arguments(string sweepPath, int task) =>
        [.. LeadingArguments, "sweep", "run-task", sweepPath, "--task", task.ToString(System.Globalization.CultureInfo.InvariantCulture)];
}
