namespace RLArena.Sweeps.Reporting;

/// <summary>What one trial (a configuration run with one seed) of a sweep produced, as the report reads it.</summary>
/// <param name="ConfigurationId">The configuration's id in the plan (e.g. "c03"); trials with the same id differ only by seed.</param>
/// <param name="Settings">The config keys the sweep set for this configuration, with their values as written in YAML.</param>
/// <param name="Seed">The trial's seed.</param>
/// <param name="Status">The trial's state: "done" for a finished trial; "pending", "running", "failed" or "cancelled" otherwise.</param>
/// <param name="Score">The sweep's metric for this trial (e.g. the final deterministic-eval mean return); null when it has none.</param>
/// <param name="Steps">The environment steps the trial trained for.</param>
/// <param name="WallSeconds">The trial's wall-clock time in seconds.</param>
/// <param name="Curve">The learning curve: the metric (or the training return) at increasing steps; may be empty.</param>
public sealed record TrialOutcome(string ConfigurationId, IReadOnlyDictionary<string, string> Settings, int Seed,
    string Status, double? Score, long Steps, double WallSeconds, IReadOnlyList<CurvePoint> Curve)
{
    /// <summary>The status of a finished trial.</summary>
    public const string DoneStatus = "done";

    /// <summary>True when the trial finished and has a finite score, so it counts in the statistics.</summary>
    public bool IsScored => string.Equals(Status, DoneStatus, StringComparison.OrdinalIgnoreCase)
                            && Score is { } s && double.IsFinite(s);
}

/// <summary>One point of a trial's learning curve.</summary>
/// <param name="Step">The environment step.</param>
/// <param name="Value">The value at that step.</param>
public readonly record struct CurvePoint(long Step, double Value);
