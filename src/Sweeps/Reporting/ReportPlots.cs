using RLArena.Core.Statistics;

namespace RLArena.Sweeps.Reporting;

/// <summary>The report's PNG charts, drawn with ScottPlot.</summary>
internal static class ReportPlots
{
    /// <summary>At most this many configurations (the best ones) get a curve and a profile, so the charts stay readable.</summary>
    public const int MaxSeriesPerChart = 8;

    private const int Width = 900, Height = 540;

    /// <summary>Each configuration's IQM as a bar, its interval as a whisker, best first.</summary>
    public static void Scores(string path, SweepReportInput input, IReadOnlyList<ConfigurationSummary> configs)
    {
        var ranked = configs.Where(c => c.Iqm is not null).ToList();
        var plot = new ScottPlot.Plot();
        plot.Title($"{input.SweepName}: IQM of {input.MetricName} over seeds, {ReportTables.Percent(input.Confidence)} CI");
        plot.YLabel(input.MetricName);
        for (var i = 0; i < ranked.Count; i++)
        {
            var iqm = ranked[i].Iqm!.Value;
            var bar = plot.Add.Bar(i, iqm.Value);
            bar.Color = ScottPlot.Color.FromHex(i == 0 ? "#2ca02c" : "#1f77b4");
            var whisker = plot.Add.Line(i, iqm.Lower, i, iqm.Upper);
            whisker.LineWidth = 2;
            whisker.Color = ScottPlot.Colors.Black;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, ranked.Count).Select(i => (double)i).ToArray(), ranked.Select(c => c.ConfigurationId).ToArray());
        plot.XLabel("configuration (best first)");
        plot.SavePng(path, Width, Height);
    }

    /// <summary>The mean learning curve of the best configurations over seeds, with bootstrap bands; false when no trial has a curve.</summary>
    public static bool Curves(string path, SweepReportInput input, IReadOnlyList<ConfigurationSummary> configs)
    {
        var bootstrap = new StratifiedBootstrap(input.BandRepetitions, input.Confidence, input.BootstrapSeed);
        var plot = new ScottPlot.Plot();
        plot.Title($"{input.SweepName}: learning curves, mean over seeds with {ReportTables.Percent(input.Confidence)} CI");
        plot.XLabel("environment steps");
        plot.YLabel(input.CurveMetricName);
        var palette = new ScottPlot.Palettes.Category10();
        var drawn = 0;
        foreach (var c in configs.Where(c => c.Rank > 0).Take(MaxSeriesPerChart))
        {
            var runs = c.Trials.Where(t => t.IsScored && t.Curve.Count > 0)
                .Select(t => (IReadOnlyList<(double, double)>)t.Curve.Select(p => ((double)p.Step, p.Value)).ToArray()).ToList();
            var bands = CurveBands.Compute(runs, bootstrap);
            if (bands.Length == 0) continue;
            var color = palette.GetColor(drawn);
            var xs = bands.Select(b => b.X).ToArray();
            var fill = plot.Add.FillY(xs, bands.Select(b => b.Upper).ToArray(), bands.Select(b => b.Lower).ToArray());
            fill.FillColor = color.WithAlpha(0.2);
            fill.LineWidth = 0;
            var line = plot.Add.ScatterLine(xs, bands.Select(b => b.Mean).ToArray(), color);
            line.LineWidth = 2;
            line.LegendText = $"{c.ConfigurationId} (#{c.Rank}, {runs.Count} seeds)";
            drawn++;
        }
        if (drawn == 0) return false;
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        plot.SavePng(path, Width, Height);
        return true;
    }

    /// <summary>Performance profiles of the best configurations: the share of seeds that beat each score, with bands.</summary>
    public static void Profiles(string path, SweepReportInput input, IReadOnlyList<ConfigurationSummary> configs)
    {
        var bootstrap = new StratifiedBootstrap(input.BandRepetitions, input.Confidence, input.BootstrapSeed);
        var all = configs.SelectMany(c => c.Scores).ToArray();
        var (low, high) = (all.Min(), all.Max());
        var pad = high > low ? (high - low) * 0.05 : Math.Max(1, Math.Abs(low) * 0.05);
        var taus = PerformanceProfile.Thresholds(low - pad, high + pad, 101);
        var plot = new ScottPlot.Plot();
        plot.Title($"{input.SweepName}: performance profiles, {ReportTables.Percent(input.Confidence)} CI");
        plot.XLabel(input.HigherIsBetter ? $"score threshold τ ({input.MetricName})" : $"score threshold τ ({input.MetricName}, lower is better)");
        plot.YLabel(input.HigherIsBetter ? "fraction of seeds with score > τ" : "fraction of seeds with score < τ");
        var palette = new ScottPlot.Palettes.Category10();
        var drawn = 0;
        foreach (var c in configs.Where(c => c.Rank > 0).Take(MaxSeriesPerChart))
        {
            var profile = PerformanceProfile.Compute(ScoreMatrix.FromRuns(c.Scores.ToArray()), taus, bootstrap, input.HigherIsBetter);
            var color = palette.GetColor(drawn++);
            var fill = plot.Add.FillY(taus, profile.Select(p => p.Upper).ToArray(), profile.Select(p => p.Lower).ToArray());
            fill.FillColor = color.WithAlpha(0.15);
            fill.LineWidth = 0;
            var line = plot.Add.ScatterLine(taus, profile.Select(p => p.Fraction).ToArray(), color);
            line.LineWidth = 2;
            line.LegendText = $"{c.ConfigurationId} (#{c.Rank})";
        }
        plot.Axes.SetLimitsY(-0.02, 1.02);
        plot.ShowLegend(input.HigherIsBetter ? ScottPlot.Alignment.LowerLeft : ScottPlot.Alignment.LowerRight);
        plot.SavePng(path, Width, Height);
    }
}
