using System.Globalization;
using System.Text;
using System.Text.Json;
using RLArena.Core.Statistics;

namespace RLArena.Sweeps.Reporting;

/// <summary>Writes the report's tables: report.md, report.csv, trials.csv and report.json.</summary>
internal static class ReportTables
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Markdown(SweepReportInput input, IReadOnlyList<ConfigurationSummary> configs, string bestConfigFile,
        IReadOnlyList<string> images)
    {
        var best = configs[0];
        var percent = Percent(input.Confidence);
        var hasGap = configs.Any(c => c.OptimalityGap is not null);
        var md = new StringBuilder();
        md.AppendLine($"# Sweep report: {input.SweepName}");
        md.AppendLine();
        md.AppendLine($"{input.Algorithm} on {input.Environment}; metric `{input.MetricName}` ({(input.HigherIsBetter ? "higher" : "lower")} is better). "
                      + $"{configs.Count} configurations, {input.Trials.Select(t => (t.ConfigurationId, t.Seed)).Distinct().Count()} trials, "
                      + $"{configs.Sum(c => c.Finished)} finished, {configs.Sum(c => c.Failed)} failed or cancelled.");
        md.AppendLine();
        md.AppendLine($"Statistics over seeds as rliable computes them: mean, median and interquartile mean (IQM: the mean of the middle 50% "
                      + $"of runs) with {percent} percentile stratified-bootstrap confidence intervals ({input.BootstrapRepetitions.ToString("N0", Inv)} resamples, "
                      + $"seed {input.BootstrapSeed}). Configurations are ranked by IQM, then mean.");
        md.AppendLine();
        md.AppendLine($"**Best: {best.ConfigurationId}** ({best.SettingsText}) with IQM {Num(best.Iqm!.Value.Value)} "
                      + $"[{Num(best.Iqm.Value.Lower)}, {Num(best.Iqm.Value.Upper)}] over {best.Finished} seeds; its config: `{bestConfigFile}`.");
        if (configs.Count > 1 && configs[1].Rank == 2)
        {
            var second = configs[1];
            var p = ConfigurationStatistics.ProbabilityOfImprovement(input, configs[0], configs[1]);
            md.AppendLine($"Probability that a seed of {best.ConfigurationId} scores better than a seed of the runner-up {second.ConfigurationId} "
                          + $"(rliable's probability of improvement; 0.5 means no difference): {p.ToString("0.00", Inv)}.");
        }
        md.AppendLine();
        md.Append("| Rank | Configuration | Settings | Seeds | IQM [CI] | Mean [CI] | Median [CI] |");
        if (hasGap) md.Append($" Optimality gap to {Num(input.TargetScore!.Value)} [CI] |");
        md.AppendLine(" Steps | Wall time per seed |");
        md.Append("|---:|---|---|---:|---:|---:|---:|");
        if (hasGap) md.Append("---:|");
        md.AppendLine("---:|---:|");
        foreach (var c in configs)
        {
            md.Append($"| {(c.Rank > 0 ? c.Rank.ToString(Inv) : "–")} | {c.ConfigurationId} | {Escape(c.SettingsText)} | {SeedsText(c)} | "
                      + $"{Interval(c.Iqm)} | {Interval(c.Mean)} | {Interval(c.Median)} |");
            if (hasGap) md.Append($" {Interval(c.OptimalityGap)} |");
            md.AppendLine($" {(c.Finished > 0 ? c.MeanSteps.ToString("N0", Inv) : "–")} | {(c.Finished > 0 ? Seconds(c.MeanWallSeconds) : "–")} |");
        }
        md.AppendLine();
        md.AppendLine("Seeds: finished of planned (failed or cancelled in brackets; \"stopped early\": successive halving did not promote them "
                      + "to the full budget, so they are not scored). Per-trial results: `trials.csv`; everything: `report.json`.");
        md.AppendLine();
        foreach (var image in images) md.AppendLine($"![{Path.GetFileNameWithoutExtension(image)}]({image})").AppendLine();
        var failed = configs.SelectMany(c => c.Trials).Where(t => t.Status is "failed" or "cancelled").ToList();
        if (failed.Count > 0)
        {
            md.AppendLine("## Trials that did not finish");
            md.AppendLine();
            md.AppendLine("| Configuration | Seed | Status |");
            md.AppendLine("|---|---:|---|");
            foreach (var t in failed) md.AppendLine($"| {t.ConfigurationId} | {t.Seed} | {t.Status} |");
        }
        return md.ToString();
    }

    public static string ConfigurationsCsv(IReadOnlyList<ConfigurationSummary> configs)
    {
        var csv = new StringBuilder();
        csv.AppendLine("rank,configuration,settings,seeds_planned,seeds_finished,seeds_failed,iqm,iqm_low,iqm_high,mean,mean_low,mean_high,"
                       + "median,median_low,median_high,optimality_gap,optimality_gap_low,optimality_gap_high,mean_steps,mean_wall_seconds,total_wall_seconds");
        foreach (var c in configs)
            csv.AppendLine(string.Join(",", c.Rank.ToString(Inv), Csv(c.ConfigurationId), Csv(c.SettingsText), c.Trials.Count.ToString(Inv),
                c.Finished.ToString(Inv), c.Failed.ToString(Inv), CsvInterval(c.Iqm), CsvInterval(c.Mean), CsvInterval(c.Median),
                CsvInterval(c.OptimalityGap), Raw(c.MeanSteps), Raw(c.MeanWallSeconds), Raw(c.TotalWallSeconds)));
        return csv.ToString();
    }

    public static string TrialsCsv(IReadOnlyList<ConfigurationSummary> configs)
    {
        var csv = new StringBuilder();
        csv.AppendLine("configuration,seed,status,score,steps,wall_seconds,settings");
        foreach (var t in configs.SelectMany(c => c.Trials))
            csv.AppendLine(string.Join(",", Csv(t.ConfigurationId), t.Seed.ToString(Inv), Csv(t.Status),
                t.IsScored ? Raw(t.Score!.Value) : "", t.Steps.ToString(Inv), Raw(t.WallSeconds),
                Csv(string.Join(", ", t.Settings.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}")))));
        return csv.ToString();
    }

    public static string Json(SweepReportInput input, IReadOnlyList<ConfigurationSummary> configs, string bestConfigFile)
    {
        var document = new
        {
            sweep = input.SweepName,
            algorithm = input.Algorithm,
            environment = input.Environment,
            metric = input.MetricName,
            direction = input.Direction,
            target_score = input.TargetScore,
            bootstrap = new { repetitions = input.BootstrapRepetitions, band_repetitions = input.BandRepetitions, confidence = input.Confidence, seed = input.BootstrapSeed, method = "percentile, stratified over seeds" },
            best = new
            {
                configuration = configs[0].ConfigurationId, settings = configs[0].Settings, config_file = bestConfigFile,
                probability_of_improvement_over_second = configs.Count > 1 && configs[1].Rank == 2 ? ConfigurationStatistics.ProbabilityOfImprovement(input, configs[0], configs[1]) : (double?)null,
            },
            configurations = configs.Select(c => new
            {
                rank = c.Rank,
                configuration = c.ConfigurationId,
                settings = c.Settings,
                seeds_planned = c.Trials.Count,
                seeds_finished = c.Finished,
                seeds_failed = c.Failed,
                iqm = JsonInterval(c.Iqm),
                mean = JsonInterval(c.Mean),
                median = JsonInterval(c.Median),
                optimality_gap = JsonInterval(c.OptimalityGap),
                mean_steps = c.MeanSteps,
                mean_wall_seconds = c.MeanWallSeconds,
                total_wall_seconds = c.TotalWallSeconds,
                trials = c.Trials.Select(t => new
                {
                    seed = t.Seed, status = t.Status, score = t.IsScored ? t.Score : null, steps = t.Steps, wall_seconds = t.WallSeconds,
                    curve = t.Curve.Select(p => new[] { p.Step, p.Value }),
                }),
            }),
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>A confidence level as "95%".</summary>
    public static string Percent(double level) => (level * 100).ToString("0.#", Inv) + "%";

    /// <summary>A number for people: whole for large values, 2 decimals for ordinary ones, 3 significant digits for small.</summary>
    public static string Num(double x) => x.ToString(NumFormat(x), Inv);

    private static string SeedsText(ConfigurationSummary c) =>
        $"{c.Finished}/{c.Trials.Count}" + (c.Failed > 0 ? $" ({c.Failed})" : "") + (c.Stopped > 0 ? $", {c.Stopped} stopped early" : "");

    // The ends of an interval are printed with the precision of its value, so a cell reads evenly.
    private static string Interval(IntervalEstimate? e)
    {
        if (e is not { } v) return "–";
        var format = NumFormat(v.Value);
        return $"{v.Value.ToString(format, Inv)} [{v.Lower.ToString(format, Inv)}, {v.Upper.ToString(format, Inv)}]";
    }

    private static string NumFormat(double x) => Math.Abs(x) >= 1000 ? "N0" : Math.Abs(x) >= 100 ? "F1" : Math.Abs(x) >= 1 || x == 0 ? "F2" : "G3";

    private static string Seconds(double s) => s >= 100 ? $"{s:F0} s" : $"{s.ToString("F1", Inv)} s";

    private static string Escape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("|", "\\|");

    private static string Raw(double x) => x.ToString("R", Inv);

    private static string CsvInterval(IntervalEstimate? e) => e is { } v ? $"{Raw(v.Value)},{Raw(v.Lower)},{Raw(v.Upper)}" : ",,";

    private static object? JsonInterval(IntervalEstimate? e) => e is { } v ? new { value = v.Value, low = v.Lower, high = v.Upper } : null;

    private static string Csv(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
