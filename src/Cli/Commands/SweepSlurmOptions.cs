using System.ComponentModel;
using RLArena.Core.Errors;
using RLArena.Sweeps.Slurm;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary>The Slurm flags of <c>sweep start</c> and <c>sweep resume</c>: each overrides the sweep file's
/// <c>executor.slurm</c> setting of the same name.</summary>
public partial class SweepExecutorSettings
{
    /// <summary>--partition.</summary>
    [CommandOption("--partition <NAME>")]
    [Description("Slurm: the partition to submit to (default: the sweep file's executor.slurm.partition, else the cluster's default).")]
    public string? Partition { get; init; }

    /// <summary>--time.</summary>
    [CommandOption("--time <LIMIT>")]
    [Description("Slurm: each trial's time limit: minutes, HH:MM:SS or D-HH:MM:SS.")]
    public string? Time { get; init; }

    /// <summary>--cpus-per-task.</summary>
    [CommandOption("--cpus-per-task <N>")]
    [Description("Slurm: CPU cores per trial, 1 to 1024 (default 1).")]
    public int? CpusPerTask { get; init; }

    /// <summary>--mem.</summary>
    [CommandOption("--mem <SIZE>")]
    [Description("Slurm: memory per trial: 4000 (megabytes), 500M, 4G, 1T.")]
    public string? Memory { get; init; }

    /// <summary>--account.</summary>
    [CommandOption("--account <NAME>")]
    [Description("Slurm: the account the jobs are charged to.")]
    public string? Account { get; init; }

    /// <summary>--max-running.</summary>
    [CommandOption("--max-running <N>")]
    [Description("Slurm: at most N trials of a job array at once (the %N of --array), 1 to 100000.")]
    public int? MaxRunning { get; init; }

    /// <summary>--sbatch-arg, repeatable.</summary>
    [CommandOption("--sbatch-arg <ARG>")]
    [Description("Slurm: one more sbatch option, written as --sbatch-arg=--qos=short; repeat it for several.")]
    public string[]? SbatchArguments { get; init; }

    /// <summary>--dry-run.</summary>
    [CommandOption("--dry-run")]
    [Description("Slurm: print the batch script instead of submitting it (the sweep directory is still planned).")]
    public bool DryRun { get; init; }

    /// <summary>The Slurm flags as overrides of the sweep file's section.</summary>
    public SbatchOptionOverrides SlurmOverrides() =>
        new(Partition, Time, CpusPerTask, Memory, Account, MaxRunning, SbatchArguments ?? []);

    /// <summary>The Slurm executor's choices, given where its lines should go.</summary>
    public Func<Action<string>, SlurmChoices> SlurmChoices() => say => new SlurmChoices(SlurmOverrides(), DryRun, say);

    /// <summary>Checks the Slurm flags' formats, and that they are not given to the local executor.</summary>
    private void ValidateSlurm()
    {
        SlurmOverrides().Validate();
        var given = new (string Flag, bool Set)[]
        {
            ("--partition", Partition is not null), ("--time", Time is not null), ("--cpus-per-task", CpusPerTask is not null),
            ("--mem", Memory is not null), ("--account", Account is not null), ("--max-running", MaxRunning is not null),
            ("--sbatch-arg", SbatchArguments is { Length: > 0 }), ("--dry-run", DryRun),
        }.Where(f => f.Set).Select(f => f.Flag).ToList();
        if (given.Count > 0 && string.Equals(Executor, "local", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"{given[0]} is a Slurm setting, but --executor is local; add --executor slurm, or leave {given[0]} out.");
    }
}
