namespace RLArena.Sweeps.Slurm;

/// <summary>
/// How a batch job starts the same <c>rlarena</c> that submitted it: the running program's own path
/// (<see cref="Environment.ProcessPath"/>: the app host, or the installed tool's), or <c>dotnet rlarena.dll</c> when
/// it was started through <c>dotnet</c>. The compute nodes must see that path (a shared home or software folder).
/// </summary>
public static class RlarenaCommand
{
    /// <summary>The command line of the running CLI, as absolute paths.</summary>
    /// <exception cref="InvalidOperationException">The process path is unknown.</exception>
    public static IReadOnlyList<string> OfRunningProcess()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of the running rlarena is unknown");
        var name = Path.GetFileNameWithoutExtension(process);
        if (name.Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
            if (string.IsNullOrEmpty(entry)) throw new InvalidOperationException("rlarena runs through dotnet, but its assembly path is unknown");
            return [process, entry];
        }
        return [process];
    }
}
