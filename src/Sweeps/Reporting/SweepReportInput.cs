using RLArena.Core.Statistics;

namespace RLArena.Sweeps.Reporting;

/// <summary>Everything <see cref="SweepReport.Write"/> needs: what the sweep was and what its trials produced.</summary>
/// <param name="SweepName">The sweep's name (its file name without extension, or its name key).</param>
/// <param name="Algorithm">The algorithm, as in configs/&lt;algo&gt;/ (e.g. "ppo").</param>
/// <param name="Environment">The environment (e.g. "cartpole").</param>
/// <param name="MetricName">The metric that was optimised (e.g. "eval/mean_return").</param>
/// <param name="Direction">"max" when higher scores are better, "min" when lower are.</param>
/// <param name="BaseConfigYaml">The sweep's base config as YAML text (flat snake_case keys, as configs/&lt;algo&gt;/&lt;env&gt;.yaml).</param>
/// <param name="Trials">Every planned trial, finished or not.</param>
public sealed record SweepReportInput(string SweepName, string Algorithm, string Environment, string MetricName,
    string Direction, string BaseConfigYaml, IReadOnlyList<TrialOutcome> Trials)
{
    /// <summary>Resamples for the confidence intervals of mean, median and IQM (rliable's default: 50,000).</summary>
    public int BootstrapRepetitions { get; init; } = StratifiedBootstrap.DefaultRepetitions;

    /// <summary>Resamples for the bands of the learning curves and performance profiles (rliable's default: 2,000).</summary>
    public int BandRepetitions { get; init; } = StratifiedBootstrap.DefaultProfileRepetitions;

    /// <summary>The confidence level of every interval and band, in (0, 1).</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>The seed of the bootstrap: the same trials and seed give the same report.</summary>
    public long BootstrapSeed { get; init; }

    /// <summary>
    /// A target score (e.g. 500 for CartPole-v1); when set, the report adds rliable's optimality gap (how far the
    /// runs fall short of it on average, scores past it counted as the target). Only for "max" metrics.
    /// </summary>
    public double? TargetScore { get; init; }

    /// <summary>What the trials' learning curves hold (the y axis of curves.png).</summary>
    public string CurveMetricName { get; init; } = "charts/episodic_return";

    /// <summary>True when higher scores are better.</summary>
    public bool HigherIsBetter => Direction == "max";
}

/// <summary>The files <see cref="SweepReport.Write"/> wrote, as full paths.</summary>
/// <param name="Markdown">report.md: the tables.</param>
/// <param name="Csv">report.csv: one row per configuration.</param>
/// <param name="TrialsCsv">trials.csv: one row per trial.</param>
/// <param name="Json">report.json: everything, for scripts.</param>
/// <param name="ScoresPng">scores.png: each configuration's IQM with its interval.</param>
/// <param name="CurvesPng">curves.png: learning curves with bands; null when no trial logged a curve.</param>
/// <param name="ProfilePng">profile.png: performance profiles with bands.</param>
/// <param name="BestConfig">best-config.yaml: the base config with the best configuration's settings.</param>
public sealed record SweepReportFiles(string Markdown, string Csv, string TrialsCsv, string Json, string ScoresPng,
    string? CurvesPng, string ProfilePng, string BestConfig);
