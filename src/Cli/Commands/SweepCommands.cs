using System.ComponentModel;
using System.Globalization;
using RLArena.Core.Errors;
using RLArena.Sweeps;
using RLArena.Sweeps.Execution;
using RLArena.Sweeps.Files;
using RLArena.Sweeps.Planning;
using RLArena.Sweeps.Results;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary>The options that choose where trials run (start and resume); the Slurm ones are in SweepSlurmOptions.cs.</summary>
public partial class SweepExecutorSettings : CommandSettings
{
    /// <summary>--executor.</summary>
    [CommandOption("--executor <NAME>")]
    [Description("local (worker processes on this machine, the default) or slurm (a job array). sweep resume defaults to the executor the sweep last ran with.")]
    public string? Executor { get; init; }

    /// <summary>--workers.</summary>
    [CommandOption("--workers <N>")]
    [Description("Local trials at the same time (default: the sweep file's executor.workers, else the core count).")]
    public int? Workers { get; init; }

    /// <summary>Checks the values.</summary>
    public override ValidationResult Validate()
    {
        if (Workers is < 1 or > 1024) throw new UsageException($"--workers {Workers}: give a number from 1 to 1024.");
        ValidateSlurm();
        if (Executor is not null && !TrialExecutors.Names.Contains(Executor.ToLowerInvariant()))
            throw new UsageException($"--executor {Executor}: unknown executor; expected one of {string.Join(", ", TrialExecutors.Names)}.");
        return ValidationResult.Success();
    }
}

/// <summary><c>rlarena sweep start FILE</c>: plans every trial into a sweep directory and runs them.</summary>
public sealed class SweepStartCommand : Command<SweepStartCommand.Settings>
{
    /// <summary>The command's arguments.</summary>
    public sealed class Settings : SweepExecutorSettings
    {
        /// <summary>The sweep file.</summary>
        [CommandArgument(0, "<FILE>")]
        [Description("The sweep file, e.g. configs/sweeps/ppo-cartpole-seeds.yaml.")]
        public string File { get; init; } = "";

        /// <summary>--dir.</summary>
        [CommandOption("--dir <DIR>")]
        [Description("The sweep directory to create (default sweeps/<name>-<time>). On a cluster, a folder on the shared filesystem.")]
        public string? Directory { get; init; }

        /// <summary>--no-halving.</summary>
        [CommandOption("--no-halving")]
        [Description("Ignore the file's halving: section and run every configuration to the full budget (to measure what successive halving saves).")]
        public bool NoHalving { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var spec = SweepFile.Load(settings.File);
        if (settings.NoHalving) spec = spec with { Halving = null };
        var planned = SweepPlanner.Plan(spec);
        var directory = settings.Directory ?? Path.Combine("sweeps", $"{spec.Name}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
        var sweep = SweepDirectory.Create(directory, planned, File.ReadAllText(SweepFile.Resolve(settings.File)));
        var plan = sweep.Plan;
        // A dry run's stdout is the batch script alone (rlarena sweep start ... --dry-run > job.sbatch).
        (settings.DryRun ? Console.Error : Console.Out).WriteLine($"Planned {plan.Configurations.Count} configurations × {plan.Seeds.Count} seeds = {plan.Trials.Count} trials " +
                          $"({plan.Sampling} sampling, {plan.Steps:N0} steps each" +
                          (plan.Halving is { } h ? $", successive halving η={h.Eta}: rungs of {string.Join(" → ", h.Budgets.Select(b => b.ToString("N0", CultureInfo.InvariantCulture)))} steps" : "") +
                          $") → {sweep.Path}");
        return SweepConsole.Run(sweep, settings.Executor ?? "local", settings.Workers, settings.SlurmChoices());
    }
}

/// <summary><c>rlarena sweep resume DIR</c>: re-runs what did not finish (trials with a checkpoint continue from it).</summary>
public sealed class SweepResumeCommand : Command<SweepResumeCommand.Settings>
{
    /// <summary>The command's arguments.</summary>
    public sealed class Settings : SweepExecutorSettings
    {
        /// <summary>The sweep directory.</summary>
        [CommandArgument(0, "<DIR>")]
        [Description("The sweep directory.")]
        public string Directory { get; init; } = "";
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var sweep = SweepDirectory.Open(settings.Directory);
        SlurmConsole.Refresh(sweep);
        var summary = SweepSummary.Read(sweep);
        Console.WriteLine($"Resuming {sweep.Path}: {summary.Counts[TrialState.Done]} done, {summary.Counts[TrialState.Failed]} failed, " +
                          $"{summary.Counts[TrialState.Cancelled]} cancelled, {summary.Counts[TrialState.Running]} marked running, {summary.Counts[TrialState.Pending]} pending.");
        var executor = settings.Executor ?? sweep.ReadSessions().LastOrDefault()?.Executor ?? "local";
        return SweepConsole.Run(sweep, executor, settings.Workers, settings.SlurmChoices());
    }
}

/// <summary>The argument of the commands that read a sweep directory (status, report).</summary>
public class SweepDirectorySettings : CommandSettings
{
    /// <summary>The sweep directory.</summary>
    [CommandArgument(0, "<DIR>")]
    [Description("The sweep directory.")]
    public string Directory { get; init; } = "";
}

/// <summary><c>rlarena sweep status DIR</c>: trials per state, the best so far, wall time, the trial table and failures.</summary>
public sealed class SweepStatusCommand : Command<SweepDirectorySettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, SweepDirectorySettings settings, CancellationToken cancellationToken)
    {
        var sweep = SweepDirectory.Open(settings.Directory);
        SlurmConsole.Refresh(sweep);
        var summary = SweepSummary.Read(sweep);
        var console = ReportConsole.Widened(AnsiConsole.Console);
        SweepConsole.PrintSummary(console, summary, sweep.Path);
        SlurmConsole.PrintQueue(console, sweep);
        console.Write(SweepConsole.TrialTable(sweep, summary.Statuses, live: false));
        SweepConsole.PrintFailures(console, sweep, summary.Statuses);
        return 0;
    }
}

/// <summary><c>rlarena sweep report DIR</c>: statistics over seeds with confidence intervals, charts, the best config.</summary>
public sealed class SweepReportCommand : Command<SweepReportCommand.Settings>
{
    /// <summary>The command's arguments.</summary>
    public sealed class Settings : SweepDirectorySettings
    {
        /// <summary>--out.</summary>
        [CommandOption("--out <DIR>")]
        [Description("Where the report goes (default DIR/report).")]
        public string? Out { get; init; }

        /// <summary>--target.</summary>
        [CommandOption("--target <SCORE>")]
        [Description("A target score (e.g. 500 for CartPole-v1): adds the optimality gap.")]
        public double? Target { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Target is { } target && !double.IsFinite(target)) throw new UsageException($"--target {target}: give a finite score.");
        var sweep = SweepDirectory.Open(settings.Directory);
        var input = SweepOutcomes.ReportInput(sweep, settings.Target);
        if (!input.Trials.Any(t => t.IsScored))
            throw new UserFacingException($"no trial of {sweep.Path} has finished its whole budget ({sweep.Plan.Steps:N0} steps) yet; see 'rlarena sweep status {settings.Directory}'.");
        var console = ReportConsole.Widened(AnsiConsole.Console);
        SweepConsole.PrintSummary(console, SweepSummary.Read(sweep), sweep.Path);
        var files = Sweeps.Reporting.SweepReport.Write(input, settings.Out ?? Path.Combine(sweep.Path, "report"));
        console.WriteLine($"Report: {files.Markdown}");
        console.WriteLine($"Tables: {files.Csv}, {files.TrialsCsv}, {files.Json}");
        console.WriteLine($"Charts: {string.Join(", ", new[] { files.ScoresPng, files.CurvesPng, files.ProfilePng }.OfType<string>())}");
        console.WriteLine($"Best configuration: {files.BestConfig}");
        return 0;
    }
}
