using RLArena.Core.Errors;
using RLArena.Sweeps.Planning;

namespace RLArena.Sweeps.Execution;

/// <summary>How far a call of <see cref="SweepRunner.RunAsync"/> got.</summary>
public enum SweepRunState
{
    /// <summary>Every trial of every rung has an outcome (some may have failed).</summary>
    Finished,

    /// <summary>The executor accepted the tasks but they have not ended yet (Slurm): follow them with sweep status.</summary>
    Submitted,

    /// <summary>Stopped by a signal; sweep resume continues.</summary>
    Interrupted,
}

/// <summary>The result of running (part of) a sweep.</summary>
/// <param name="State">How far it got.</param>
/// <param name="Rung">The last rung worked on (0 for a sweep without halving).</param>
/// <param name="Failed">Trials that failed in that rung.</param>
public sealed record SweepRunResult(SweepRunState State, int Rung, int Failed);

/// <summary>
/// Drives a sweep through any <see cref="ITrialExecutor"/>. Without halving it gives the executor every trial that
/// is not done. With synchronous successive halving it works rung by rung: every trial of the rung's configurations
/// gets the rung's budget as its target and is handed to the executor; when all have an outcome, the best ⌊n/η⌋
/// configurations (by <see cref="SweepRanking"/>: IQM over seeds, then mean) go on to the next rung, where their trials resume their checkpoints.
/// It is idempotent: running it again (sweep resume) skips what is done and re-runs what did not finish.
/// </summary>
public static class SweepRunner
{
    /// <summary>Runs the sweep (or what is left of it) with <paramref name="executor"/>.</summary>
    /// <param name="sweep">The sweep.</param>
    /// <param name="executor">Where the trials run.</param>
    /// <param name="workers">Local workers, recorded in sessions.csv (0 for other executors).</param>
    /// <param name="say">Receives one line per rung and decision.</param>
    /// <param name="cancel">Stops the running trials cleanly.</param>
    /// <param name="poll">How often to look at the status files while an executor's tasks run elsewhere.</param>
    public static async Task<SweepRunResult> RunAsync(SweepDirectory sweep, ITrialExecutor executor, int workers, Action<string> say,
        CancellationToken cancel, TimeSpan? poll = null)
    {
        var plan = sweep.Plan;
        var budgets = plan.Halving?.Budgets ?? [plan.Steps];
        IReadOnlyList<string> contenders = plan.Configurations.Select(c => c.Id).ToList();
        for (var rung = 0; rung < budgets.Count; rung++)
        {
            var budget = budgets[rung];
            if (rung > 0)
            {
                var promoted = SweepRanking.Promote(plan, sweep.ReadAllStatuses(), budgets[rung - 1], contenders);
                if (promoted.Count == 0)
                    throw new UserFacingException($"every trial of rung {rung} failed, so no configuration can be promoted; see 'rlarena sweep status {sweep.Path}' for their errors.");
                if (plan.Halving is not null)
                    say($"Rung {rung} → {rung + 1}: promoted {promoted.Count} of {contenders.Count} configurations ({string.Join(", ", promoted)}).");
                contenders = promoted;
            }
            var rungTasks = contenders.SelectMany(plan.TrialsOf).Select(t => t.Index).ToList();
            var todo = rungTasks.Where(t => !sweep.ReadStatus(t).IsDoneAt(budget)).ToList();
            if (todo.Count > 0)
            {
                Prepare(sweep, todo, budget);
                say(plan.Halving is null
                    ? $"Running {todo.Count} of {rungTasks.Count} trials ({executor.Name} executor) to {budget:N0} steps."
                    : $"Rung {rung + 1}/{budgets.Count}: {contenders.Count} configurations, {todo.Count} trials to {budget:N0} steps ({executor.Name} executor).");
                var started = DateTime.UtcNow;
                try
                {
                    await executor.ExecuteAsync(sweep, todo, cancel).ConfigureAwait(false);
                }
                finally
                {
                    sweep.RecordSession(new SweepSession(started, DateTime.UtcNow, executor.Name, workers, todo.Count));
                }
                if (cancel.IsCancellationRequested) return new SweepRunResult(SweepRunState.Interrupted, rung, 0);
                if (!AllFinished(sweep, todo))
                {
                    if (rung == budgets.Count - 1) return new SweepRunResult(SweepRunState.Submitted, rung, 0);
                    say($"Waiting for the {todo.Count} trials of rung {rung + 1} to end (Ctrl+C leaves them running; sweep resume continues the halving).");
                    try
                    {
                        while (!AllFinished(sweep, todo))
                            await Task.Delay(poll ?? TimeSpan.FromSeconds(10), cancel).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return new SweepRunResult(SweepRunState.Interrupted, rung, 0);
                    }
                }
            }
            var statuses = sweep.ReadAllStatuses();
            if (rungTasks.Any(t => statuses[t].State == TrialState.Cancelled))
                return new SweepRunResult(SweepRunState.Interrupted, rung, 0);
            var failed = rungTasks.Count(t => !statuses[t].IsDoneAt(budget));
            if (rung == budgets.Count - 1) return new SweepRunResult(SweepRunState.Finished, rung, failed);
        }
        return new SweepRunResult(SweepRunState.Finished, budgets.Count - 1, 0);
    }

    /// <summary>Sets each task's target budget and makes it pending; refuses a task a live local process still runs.</summary>
    private static void Prepare(SweepDirectory sweep, IReadOnlyList<int> tasks, long budget)
    {
        foreach (var task in tasks)
        {
            var status = sweep.ReadStatus(task);
            if (status.State == TrialState.Running && status.Host == Environment.MachineName && status.ProcessId is { } pid && RLArena.Core.Processes.LocalProcess.IsAlive(pid))
                throw new UserFacingException($"task {task} is still running (process {pid}); wait for it or stop it, then run 'rlarena sweep resume {sweep.Path}' again.");
            sweep.WriteStatus(task, status with { State = TrialState.Pending, TargetSteps = budget, Message = null, LastLines = [] });
        }
    }

    private static bool AllFinished(SweepDirectory sweep, IEnumerable<int> tasks) =>
        tasks.All(t => sweep.ReadStatus(t) is { IsFinished: true });
}
