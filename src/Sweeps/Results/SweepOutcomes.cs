using RLArena.Sweeps.Reporting;

namespace RLArena.Sweeps.Results;

/// <summary>
/// Reads what the report needs from a sweep directory: every trial's outcome (its status, its score at the sweep's
/// full budget, steps, wall time and learning curve from its run's metrics.csv) and the sweep's base config.
/// </summary>
public static class SweepOutcomes
{
    /// <summary>The status of a trial that successive halving stopped at an earlier rung (not scored in the report).</summary>
    public const string StoppedStatus = "stopped";

    /// <summary>The report's input for <paramref name="sweep"/>.</summary>
    /// <param name="sweep">The sweep.</param>
    /// <param name="targetScore">A target score for the optimality gap (e.g. 500 for CartPole-v1), or null.</param>
    public static SweepReportInput ReportInput(SweepDirectory sweep, double? targetScore = null)
    {
        var plan = sweep.Plan;
        var baseYaml = File.ReadAllText(Path.Combine(sweep.Path, SweepDirectory.BaseConfigFileName));
        return new SweepReportInput(plan.Name, plan.Algorithm, plan.Environment, plan.Metric, plan.Direction, baseYaml, Read(sweep))
        {
            TargetScore = targetScore,
        };
    }

    /// <summary>Every trial's outcome, by task number.</summary>
    /// <param name="sweep">The sweep.</param>
    public static IReadOnlyList<TrialOutcome> Read(SweepDirectory sweep)
    {
        var plan = sweep.Plan;
        var outcomes = new List<TrialOutcome>();
        foreach (var trial in plan.Trials)
        {
            var status = sweep.ReadStatus(trial.Index);
            var settings = plan.Configuration(trial.ConfigurationId).Settings.ToDictionary(s => s.Key, s => s.Value);
            var full = status.ScoreAt(plan.Steps);
            var state = status.State == TrialState.Done && full is null ? StoppedStatus : status.State.ToString().ToLowerInvariant();
            var run = sweep.TaskRunDirectory(trial.Index);
            var curve = run is null ? [] : RunMetrics.Series(run, RunMetrics.ReturnSeries).Select(p => new CurvePoint(p.Step, p.Value)).ToList();
            outcomes.Add(new TrialOutcome(trial.ConfigurationId, settings, trial.Seed, state, full?.Score, status.Steps, status.WallSeconds, curve));
        }
        return outcomes;
    }
}
