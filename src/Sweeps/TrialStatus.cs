namespace RLArena.Sweeps;

/// <summary>Where a trial stands.</summary>
public enum TrialState
{
    /// <summary>Not started yet (or waiting for its next rung's budget).</summary>
    Pending,

    /// <summary>A process is training it now.</summary>
    Running,

    /// <summary>Reached its current target budget and was evaluated.</summary>
    Done,

    /// <summary>Its process ended with an error (see <see cref="TrialStatus.Message"/> and the log's last lines).</summary>
    Failed,

    /// <summary>Stopped by a signal (Ctrl+C, SIGTERM, scancel); its checkpoint lets <c>sweep resume</c> continue it.</summary>
    Cancelled,
}

/// <summary>A trial's score after one rung (or after its whole budget, for a sweep without halving).</summary>
/// <param name="Budget">The step budget the trial had reached.</param>
/// <param name="Score">The sweep's metric at that point.</param>
/// <param name="EvalReturn">The deterministic evaluation's mean return at that point.</param>
public sealed record RungScore(long Budget, double Score, double EvalReturn);

/// <summary>
/// A trial's status file (trials/NNN-cXX-seedS/status.json), written atomically by whoever runs or schedules it:
/// the state, the budget it is working towards, what it has reached, its scores per rung, the time it took, and
/// on failure the message and the last lines of its log.
/// </summary>
public sealed record TrialStatus
{
    /// <summary>Where the trial stands.</summary>
    public TrialState State { get; init; } = TrialState.Pending;

    /// <summary>The step budget the trial trains to now (the current rung's, or the sweep's full budget).</summary>
    public long TargetSteps { get; init; }

    /// <summary>Environment steps trained so far (from its checkpoint).</summary>
    public long Steps { get; init; }

    /// <summary>The exit code of the last process that ran it, when known.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Seconds spent in every session of the trial (training and evaluation), summed.</summary>
    public double WallSeconds { get; init; }

    /// <summary>
    /// CPU seconds its processes used over the same spans as <see cref="WallSeconds"/> (all threads: training,
    /// evaluation, the runtime's JIT), summed over sessions; 0 when not recorded. CPU / wall is the cores a trial used.
    /// </summary>
    public double CpuSeconds { get; init; }

    /// <summary>When the last session started (UTC).</summary>
    public DateTime? StartedUtc { get; init; }

    /// <summary>When the last session ended (UTC).</summary>
    public DateTime? EndedUtc { get; init; }

    /// <summary>The machine the last session ran on.</summary>
    public string? Host { get; init; }

    /// <summary>The process id of the last session.</summary>
    public int? ProcessId { get; init; }

    /// <summary>The executor's own id for the last session (a Slurm job id such as "1234_5"), when it has one.</summary>
    public string? ExecutorJob { get; init; }

    /// <summary>The run directory, relative to the trial's folder (run/).</summary>
    public string? RunDirectory { get; init; }

    /// <summary>How many sessions have run it.</summary>
    public int Attempts { get; init; }

    /// <summary>The scores at each budget reached, in order.</summary>
    public IReadOnlyList<RungScore> Scores { get; init; } = [];

    /// <summary>One line: why it failed or was stopped.</summary>
    public string? Message { get; init; }

    /// <summary>The last lines of its log when it failed.</summary>
    public IReadOnlyList<string> LastLines { get; init; } = [];

    /// <summary>The score at <paramref name="budget"/>, or null when the trial has not reached it.</summary>
    /// <param name="budget">A rung's step budget.</param>
    public RungScore? ScoreAt(long budget) => Scores.LastOrDefault(s => s.Budget == budget);

    /// <summary>Whether the trial is done at <paramref name="budget"/> (reached and evaluated).</summary>
    /// <param name="budget">A rung's step budget.</param>
    public bool IsDoneAt(long budget) => ScoreAt(budget) is not null;

    /// <summary>Whether nothing is running it: done, failed or cancelled.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsFinished => State is TrialState.Done or TrialState.Failed or TrialState.Cancelled;
}
