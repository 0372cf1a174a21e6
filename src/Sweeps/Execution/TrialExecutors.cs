using RLArena.Core.Errors;

namespace RLArena.Sweeps.Execution;

/// <summary>Makes the executor a command line names (<c>--executor local|slurm</c>).</summary>
public static class TrialExecutors
{
    /// <summary>The executor names, as --executor takes them.</summary>
    public static readonly IReadOnlyList<string> Names = ["local", "slurm"];

    /// <summary>The executor called <paramref name="name"/> for <paramref name="sweep"/>.</summary>
    /// <param name="name">"local" or "slurm".</param>
    /// <param name="sweep">The sweep it will run (its file's executor settings).</param>
    /// <param name="workers">--workers, or null for the sweep file's value or the core count.</param>
    /// <param name="launcher">How to start rlarena for a task.</param>
    /// <param name="slurm">The Slurm flags, dry-run switch and output (for "slurm"); null for the sweep file's settings.</param>
    public static ITrialExecutor Create(string name, SweepDirectory sweep, int? workers, TrialLauncher launcher, Slurm.SlurmChoices? slurm = null) => name.ToLowerInvariant() switch
    {
        "local" => new LocalExecutor(workers ?? sweep.Plan.Workers ?? LocalExecutor.DefaultWorkers, launcher),
        "slurm" => Slurm.SlurmExecutor.For(sweep, launcher, slurm ?? new Slurm.SlurmChoices(new Slurm.SbatchOptionOverrides(), false, Console.WriteLine)),
        _ => throw new UsageException($"--executor {name}: unknown executor; expected one of {string.Join(", ", Names)}."),
    };
}
