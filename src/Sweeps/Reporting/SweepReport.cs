namespace RLArena.Sweeps.Reporting;

/// <summary>
/// The report of a finished (or partly finished) sweep: per configuration, the mean, median and interquartile mean
/// over seeds with stratified-bootstrap confidence intervals (rliable's estimators), steps and wall time; the IQMs,
/// learning curves and performance profiles as PNG; the best configuration as a config file; all of it also as CSV
/// and JSON.
/// </summary>
public static class SweepReport
{
    /// <summary>Computes the statistics and writes every file of the report into <paramref name="outputDir"/> (made if missing).</summary>
    /// <param name="input">The sweep and its trials; at least one trial must have finished with a score.</param>
    /// <param name="outputDir">The folder for report.md, report.csv, trials.csv, report.json, the PNGs and best-config.yaml.</param>
    public static SweepReportFiles Write(SweepReportInput input, string outputDir)
    {
        ArgumentNullException.ThrowIfNull(outputDir);
        var configs = ConfigurationStatistics.Compute(input);
        Directory.CreateDirectory(outputDir);
        string File(string name) => Path.GetFullPath(Path.Combine(outputDir, name));

        var best = configs[0];
        var bestConfig = File("best-config.yaml");
        System.IO.File.WriteAllText(bestConfig,
            BestConfigFile.Merge(input.BaseConfigYaml, best.Settings, BestConfigFile.Header(input, best)));

        var scores = File("scores.png");
        ReportPlots.Scores(scores, input, configs);
        var curves = File("curves.png");
        var hasCurves = ReportPlots.Curves(curves, input, configs);
        if (!hasCurves && System.IO.File.Exists(curves)) System.IO.File.Delete(curves);  // a stale chart from an earlier report
        var profile = File("profile.png");
        ReportPlots.Profiles(profile, input, configs);

        var images = new List<string> { "scores.png" };
        if (hasCurves) images.Add("curves.png");
        images.Add("profile.png");
        var markdown = File("report.md");
        System.IO.File.WriteAllText(markdown, ReportTables.Markdown(input, configs, "best-config.yaml", images));
        var csv = File("report.csv");
        System.IO.File.WriteAllText(csv, ReportTables.ConfigurationsCsv(configs));
        var trialsCsv = File("trials.csv");
        System.IO.File.WriteAllText(trialsCsv, ReportTables.TrialsCsv(configs));
        var json = File("report.json");
        System.IO.File.WriteAllText(json, ReportTables.Json(input, configs, "best-config.yaml"));
        return new SweepReportFiles(markdown, csv, trialsCsv, json, scores, hasCurves ? curves : null, profile, bestConfig);
    }
}
