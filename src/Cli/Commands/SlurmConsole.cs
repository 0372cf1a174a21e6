using RLArena.Sweeps;
using RLArena.Sweeps.Slurm;
using Spectre.Console;

namespace RLArena.Cli.Commands;

/// <summary>What the sweep commands print about Slurm: the queue in <c>sweep status</c>, and the dry run's script.</summary>
internal static class SlurmConsole
{
    /// <summary>Updates the trials' status files from Slurm (tasks that left the queue without an outcome) when the
    /// sweep has submitted jobs; quietly does nothing where Slurm cannot be asked.</summary>
    public static void Refresh(SweepDirectory sweep)
    {
        if (SlurmExecutor.HasJobs(sweep)) SlurmExecutor.Refresh(sweep);
    }

    /// <summary>One line on the sweep's Slurm jobs: the job ids and how many of their tasks are queued or running.</summary>
    public static void PrintQueue(IAnsiConsole console, SweepDirectory sweep)
    {
        if (!SlurmExecutor.HasJobs(sweep)) return;
        var jobs = new SlurmJobLog(SlurmExecutor.Folder(sweep)).Read();
        var active = SlurmExecutor.ActiveTasks(sweep);
        var states = active.Count == 0
            ? "none of their tasks is queued or running now"
            : string.Join(", ", active.GroupBy(a => a.Value).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToLowerInvariant()}")) +
              $" (tasks {ArraySpec.Format(active.Keys)})";
        console.WriteLine($"Slurm: job{(jobs.Count > 1 ? "s" : "")} {string.Join(", ", jobs.Select(j => j.JobId))}; {states}. Slurm's own logs: {Path.Combine(SlurmExecutor.Folder(sweep), "logs")}");
    }

    /// <summary>Prints the batch script for every task that is not done at its target (stdout) and what to do next
    /// (stderr); submits nothing.</summary>
    public static int DryRun(SweepDirectory sweep, SlurmExecutor executor)
    {
        var active = SlurmExecutor.HasJobs(sweep) ? SlurmExecutor.ActiveTasks(sweep) : new Dictionary<int, string>();
        var tasks = Enumerable.Range(0, sweep.TaskCount)
            .Where(t => sweep.ReadStatus(t) is var s && !s.IsDoneAt(s.TargetSteps) && !active.ContainsKey(t)).ToList();
        if (tasks.Count == 0)
        {
            Console.Error.WriteLine($"Dry run: no task of {sweep.Path} is left to submit.");
            return 0;
        }
        Console.Write(executor.Script(sweep, tasks));
        Console.Error.WriteLine($"Dry run: nothing was submitted ({tasks.Count} tasks). The sweep is planned in {sweep.Path}; submit it with: rlarena sweep resume {sweep.Path} --executor slurm (and the same Slurm flags; only the sweep file's are kept)");
        return 0;
    }
}
