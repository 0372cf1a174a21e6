using RLArena.Core.Statistics;

namespace RLArena.Bench.Report;

/// <summary>The page's PNG charts, drawn with ScottPlot.</summary>
public static class BenchmarkCharts
{
    private const int Width = 900;

    /// <summary>One horizontal bar per subject for one metric, RLArena's bars in green, measured values only.</summary>
    /// <param name="path">The PNG to write.</param>
    /// <param name="metric">The metric's name (the chart's title).</param>
    /// <param name="figures">The figures of that metric, in table order.</param>
    public static void Bars(string path, string metric, IReadOnlyList<Figure> figures)
    {
        var plot = new ScottPlot.Plot();
        var unit = figures[0].Unit;
        plot.Title($"{metric} ({(figures[0].HigherIsBetter ? "higher" : "lower")} is better)");
        plot.XLabel(unit);
        for (var i = 0; i < figures.Count; i++)
        {
            var position = figures.Count - 1 - i;  // the first figure at the top
            var bar = new ScottPlot.Bar
            {
                Position = position,
                Value = figures[i].Value,
                FillColor = ScottPlot.Color.FromHex(figures[i].IsRLArena ? "#2ca02c" : figures[i].IsMeasured ? "#1f77b4" : "#9fb8d6"),
                Orientation = ScottPlot.Orientation.Horizontal,
                Label = Format(figures[i].Value) + " " + unit,
            };
            var bars = plot.Add.Bar(bar);
            bars.ValueLabelStyle.FontSize = 12;
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, figures.Count).Select(i => (double)(figures.Count - 1 - i)).ToArray(),
            figures.Select(f => f.IsMeasured ? f.Subject : f.Subject + " (recorded)").ToArray());
        plot.Axes.Margins(left: 0, right: 0.15);
        plot.SavePng(path, Width, 120 + 60 * figures.Count);
    }

    /// <summary>The mean learning curve over seeds with its 95% bootstrap band, and each seed as a thin line.</summary>
    /// <param name="path">The PNG to write.</param>
    /// <param name="curve">The curves of one setup.</param>
    /// <returns>False (nothing written) when no run has points.</returns>
    public static bool Curves(string path, CurveSet curve)
    {
        var runs = curve.Runs.Where(r => r.Points.Count > 0).ToList();
        var bands = CurveBands.Compute(runs.Select(r => r.Points).ToList(),
            new StratifiedBootstrap(StratifiedBootstrap.DefaultProfileRepetitions, 0.95, seed: 0));
        if (bands.Length == 0) return false;
        var plot = new ScottPlot.Plot();
        plot.Title($"{curve.Name}: {curve.Metric}, {runs.Count} seeds");
        plot.XLabel("environment steps");
        plot.YLabel(curve.Metric);
        var color = ScottPlot.Color.FromHex("#2ca02c");
        var xs = bands.Select(b => b.X).ToArray();
        var fill = plot.Add.FillY(xs, bands.Select(b => b.Upper).ToArray(), bands.Select(b => b.Lower).ToArray());
        fill.FillColor = color.WithAlpha(0.25);
        fill.LineWidth = 0;
        fill.LegendText = "95% CI of the mean over seeds";
        foreach (var run in runs)
        {
            var seedLine = plot.Add.ScatterLine(run.Points.Select(p => p.Step).ToArray(), run.Points.Select(p => p.Value).ToArray(),
                ScottPlot.Colors.Gray.WithAlpha(0.6));
            seedLine.LineWidth = 1;
        }
        var mean = plot.Add.ScatterLine(xs, bands.Select(b => b.Mean).ToArray(), color);
        mean.LineWidth = 2.5f;
        mean.LegendText = "mean over seeds (grey: each seed)";
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        plot.SavePng(path, Width, 520);
        return true;
    }

    /// <summary>A figure as the page prints it.</summary>
    /// <param name="value">The value.</param>
    public static string Format(double value) => Math.Abs(value) >= 1000
        ? value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)
        : value.ToString(Math.Abs(value) >= 100 ? "F1" : "0.0##", System.Globalization.CultureInfo.InvariantCulture);
}
