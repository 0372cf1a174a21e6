namespace RLArena.Environments.Checking;

/// <summary>What <see cref="EnvChecker"/> does and how hard it tries.</summary>
public sealed record EnvCheckOptions
{
    /// <summary>Seed for the checks' resets and the random policy.</summary>
    public int Seed { get; init; } = 123;

    /// <summary>Episodes rolled out to check observations, rewards, flags and the time limit.</summary>
    public int Episodes { get; init; } = 5;

    /// <summary>A rollout longer than this without an end is a problem (an endless episode).</summary>
    public int MaxStepsPerEpisode { get; init; } = 100_000;

    /// <summary>
    /// The policy for rollouts: observation and mask → action. Null = uniform among allowed actions. A policy that
    /// survives (e.g. balances the pole) lets the checker see truncation at the time limit.
    /// </summary>
    public Func<float[], bool[], int>? Policy { get; init; }

    /// <summary>
    /// The policy for environments with continuous actions: observation → action values (the action space's size).
    /// Null = uniform within the Box bounds.
    /// </summary>
    public Func<float[], float[]>? ContinuousPolicy { get; init; }

    /// <summary>When true, it is a problem if no rollout was truncated at <see cref="ITimeLimited.MaxEpisodeSteps"/>.</summary>
    public bool RequireTruncation { get; init; }

    /// <summary>Random steps compared after a snapshot is loaded into a fresh copy (environments with snapshots only).</summary>
    public int SnapshotSteps { get; init; } = 300;
}

/// <summary>
/// The outcome of one check: its name, the problems it found (none = passed) and notes on what it saw.
/// <see cref="Skipped"/> checks did not run (not applicable, or an earlier check failed that they depend on).
/// </summary>
public sealed record EnvCheckResult(string Name, IReadOnlyList<string> Problems, IReadOnlyList<string> Notes)
{
    /// <summary>True when the check did not run; <see cref="Notes"/> says why.</summary>
    public bool Skipped { get; init; }

    /// <summary>No problems (a skipped check counts as passed).</summary>
    public bool Passed => Problems.Count == 0;

    /// <summary>Why it failed (its problems), or what it saw when it passed or why it was skipped.</summary>
    public string Detail => string.Join("; ", Passed ? Notes : Problems);

    /// <summary>A check that did not run, with the reason.</summary>
    public static EnvCheckResult Skip(string name, string reason) => new(name, [], [reason]) { Skipped = true };
}

/// <summary>
/// The outcome of <see cref="EnvChecker.Run"/>: every check in order (<see cref="Checks"/>), plus all problems and
/// notes flattened for callers that only need those.
/// </summary>
public sealed record EnvCheckReport(string Id, IReadOnlyList<EnvCheckResult> Checks)
{
    /// <summary>Every problem of every check, in check order (empty = passed).</summary>
    public IReadOnlyList<string> Problems => Checks.SelectMany(c => c.Problems).ToArray();

    /// <summary>Every note of every check that ran, in check order.</summary>
    public IReadOnlyList<string> Notes => Checks.Where(c => !c.Skipped).SelectMany(c => c.Notes).ToArray();

    public bool Passed => Checks.All(c => c.Passed);

    public override string ToString() =>
        Passed ? $"{Id}: passed ({string.Join("; ", Notes)})" : $"{Id}: {Problems.Count} problem(s): {string.Join(" | ", Problems)}";
}

/// <summary>Thrown by <see cref="EnvChecker.Check"/> when an environment breaks the contract.</summary>
public sealed class EnvCheckException(EnvCheckReport report) : Exception(report.ToString())
{
    public EnvCheckReport Report { get; } = report;
}
