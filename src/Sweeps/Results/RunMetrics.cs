using System.Globalization;
using RLArena.Agents.Training;
using RLArena.Engine.Runs;

namespace RLArena.Sweeps.Results;

/// <summary>Reads what a trial's run directory recorded: a metrics.csv series and eval.txt's values.</summary>
public static class RunMetrics
{
    /// <summary>The learning curve a report shows: the mean episodic return of each update.</summary>
    public const string ReturnSeries = "charts/episodic_return";

    /// <summary>Every (step, value) of <paramref name="metric"/> in the run's metrics.csv, in file order (none when absent).</summary>
    /// <param name="runDirectory">The run directory.</param>
    /// <param name="metric">The series name, e.g. charts/episodic_return.</param>
    public static IReadOnlyList<(long Step, double Value)> Series(string runDirectory, string metric)
    {
        var points = new List<(long, double)>();
        var csv = Path.Combine(runDirectory, RunDirectory.MetricsFileName);
        if (!File.Exists(csv)) return points;
        foreach (var line in File.ReadLines(csv).Skip(1))
        {
            var parts = line.Split(',');
            if (parts.Length == 4 && parts[2] == metric
                && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var step)
                && double.TryParse(parts[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                points.Add((step, value));
        }
        return points;
    }

    /// <summary>The values of eval.txt (mean_return, std_return, mean_length, ...), empty when it is missing.</summary>
    /// <param name="runDirectory">The run directory.</param>
    public static IReadOnlyDictionary<string, double> Evaluation(string runDirectory)
    {
        var values = new Dictionary<string, double>();
        var path = Path.Combine(runDirectory, TrainingRun.EvaluationFileName);
        if (!File.Exists(path)) return values;
        foreach (var line in File.ReadLines(path))
        {
            var at = line.IndexOf(':');
            if (at > 0 && double.TryParse(line[(at + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                values[line[..at].Trim()] = value;
        }
        return values;
    }
}
