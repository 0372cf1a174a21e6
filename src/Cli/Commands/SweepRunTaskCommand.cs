using System.ComponentModel;
using RLArena.Sweeps;
using RLArena.Sweeps.Execution;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary>
/// <c>rlarena sweep run-task DIR --task N</c>: trains one trial of a sweep to its current target budget, in this
/// process (what a local worker or a Slurm array task runs). SIGTERM/Ctrl+C saves its checkpoint and leaves it
/// cancelled, for <c>sweep resume</c>.
/// </summary>
public sealed class SweepRunTaskCommand : Command<SweepRunTaskCommand.Settings>
{
    /// <summary>The command's arguments.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The sweep directory.</summary>
        [CommandArgument(0, "<DIR>")]
        [Description("The sweep directory (made by rlarena sweep start).")]
        public string Directory { get; init; } = "";

        /// <summary>The task number.</summary>
        [CommandOption("--task <N>")]
        [Description("The task (trial) number, from 0; a Slurm array passes $SLURM_ARRAY_TASK_ID.")]
        public int? Task { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var task = settings.Task ?? throw new Core.Errors.UsageException("--task N is required: the trial to run (see plan.json, or rlarena sweep status DIR).");
        var sweep = SweepDirectory.Open(settings.Directory);
        var job = Environment.GetEnvironmentVariable("SLURM_ARRAY_JOB_ID") is { Length: > 0 } array
            ? $"{array}_{Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_ID")}"
            : Environment.GetEnvironmentVariable("SLURM_JOB_ID");
        using var stop = new Signals.StopRequest("stopping the trial after the current update and saving its checkpoint");
        using (cancellationToken.Register(stop.Request))
        {
            var outcome = TrialRunner.Run(sweep, task, line => Console.WriteLine(line), job, stop.Token);
            return outcome.Cancelled ? stop.ExitCode : 0;
        }
    }
}
