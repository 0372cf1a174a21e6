namespace RLArena.Sweeps.Execution;

/// <summary>
/// Runs the tasks of a sweep somewhere: as local worker processes (<see cref="LocalExecutor"/>) or as a Slurm job
/// array. Each task runs <c>rlarena sweep run-task DIR --task N</c>, which trains the trial to the target budget in
/// its status file and records the outcome there; the executor only starts (or submits) those processes.
/// </summary>
public interface ITrialExecutor
{
    /// <summary>The executor's name as the command line gives it ("local", "slurm").</summary>
    string Name { get; }

    /// <summary>
    /// Runs or submits these tasks (indices into the plan); returns when local tasks end or submission is done.
    /// </summary>
    /// <param name="sweep">The sweep the tasks belong to.</param>
    /// <param name="tasks">The task numbers to run.</param>
    /// <param name="cancel">Stops the tasks cleanly (each saves its checkpoint and is left cancelled).</param>
    Task ExecuteAsync(SweepDirectory sweep, IReadOnlyList<int> tasks, CancellationToken cancel);
}
