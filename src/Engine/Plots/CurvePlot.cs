namespace RLArena.Engine.Plots;

/// <summary>Line charts saved as PNG (learning curves) with ScottPlot.</summary>
public static class CurvePlot
{
    /// <summary>One line per series, sharing the x axis label; an empty series is skipped.</summary>
    public static void Save(string path, string title, string xLabel, string yLabel,
        IEnumerable<(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y)> series, int width = 800, int height = 500)
    {
        var plot = new ScottPlot.Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        var any = false;
        foreach (var (label, x, y) in series)
        {
            if (x.Count == 0) continue;
            var line = plot.Add.Scatter(x.ToArray(), y.ToArray());
            line.LegendText = label;
            line.MarkerSize = x.Count > 50 ? 0 : 5;
            any = true;
        }
        if (any) plot.ShowLegend();
        plot.SavePng(path, width, height);
    }
}
