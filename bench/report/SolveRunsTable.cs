using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RLArena.Bench.Report;

/// <summary>
/// The table of solve runs (bench/rl/classic-control.sh): one line per row and seed with its steps, wall and CPU
/// time, the final and the best model's mean ± std return, the target and the RL Zoo's figure, and whether the best
/// model reached the target. A result holds solve runs when its figures are named "rlarena ROW seed N" with the metric
/// "best mean return" and its settings say "target ROW" (a number) and, optionally, "row ROW" (what the row trains),
/// "anchor ROW" (the RL Zoo's figure) and "curve ROW" (the name of the row's learning curves). The script can run a
/// few rows and seeds at a time, so each row and seed is taken from the newest result that measured it, and the line
/// says when.
/// </summary>
public static partial class SolveRunsTable
{
    /// <summary>The metric that marks a solve-runs result: the best model's mean return.</summary>
    public const string BestMetric = "best mean return";

    private const string RowPrefix = "row ", TargetPrefix = "target ", AnchorPrefix = "anchor ", CurvePrefix = "curve ";

    /// <summary>True when <paramref name="result"/> holds solve runs this table can show.</summary>
    /// <param name="result">A result file.</param>
    public static bool Applies(BenchResult result) =>
        result.Figures.Any(f => f.Metric == BestMetric && Subject().IsMatch(f.Subject))
        && result.Settings.Keys.Any(k => k.StartsWith(TargetPrefix, StringComparison.Ordinal));

    /// <summary>The settings that are not about one row (the page prints these as usual).</summary>
    /// <param name="result">A solve-runs result.</param>
    public static IEnumerable<KeyValuePair<string, string>> GeneralSettings(BenchResult result) =>
        result.Settings.Where(kv => !kv.Key.StartsWith(RowPrefix, StringComparison.Ordinal)
                                    && !kv.Key.StartsWith(TargetPrefix, StringComparison.Ordinal)
                                    && !kv.Key.StartsWith(AnchorPrefix, StringComparison.Ordinal)
                                    && !kv.Key.StartsWith(CurvePrefix, StringComparison.Ordinal));

    /// <summary>
    /// Each row and seed with the newest result that ran it: the newest result's rows first, then rows and seeds only
    /// older results have (a later run of a few seeds replaces those seeds and keeps the others).
    /// </summary>
    /// <param name="results">The results of one benchmark, oldest first.</param>
    public static IReadOnlyList<(string Row, int Seed, BenchResult Result)> NewestRuns(IReadOnlyList<BenchResult> results)
    {
        var picked = new List<(string Row, int Seed, BenchResult Result)>();
        var seen = new HashSet<(string, int)>();
        foreach (var result in results.Reverse().Where(Applies))
            foreach (var run in Runs(result))
                if (seen.Add((run.Row, run.Seed))) picked.Add((run.Row, run.Seed, result));
        var rowOrder = picked.Select(p => p.Row).Distinct().ToList();
        return picked.OrderBy(p => rowOrder.IndexOf(p.Row)).ThenBy(p => p.Seed).ToList();
    }

    /// <summary>The learning curves of each row, every seed's from the result its table line comes from.</summary>
    /// <param name="runs">The rows and seeds with their results (<see cref="NewestRuns"/>).</param>
    public static IEnumerable<CurveSet> Curves(IReadOnlyList<(string Row, int Seed, BenchResult Result)> runs)
    {
        foreach (var row in runs.GroupBy(r => r.Row))
        {
            var name = row.Select(r => Setting(r.Result, CurvePrefix + row.Key)).FirstOrDefault(n => n is not null);
            if (name is null) continue;
            var curveRuns = row.Select(r => r.Result.Curves.FirstOrDefault(c => c.Name == name)?.Runs.FirstOrDefault(c => c.Seed == r.Seed))
                .OfType<CurveRun>().ToList();
            var metric = row.Select(r => r.Result.Curves.FirstOrDefault(c => c.Name == name)?.Metric).FirstOrDefault(m => m is not null);
            if (curveRuns.Count > 0 && metric is not null) yield return new CurveSet(name, metric, curveRuns);
        }
    }

    /// <summary>Appends the table (markdown) to <paramref name="page"/>.</summary>
    /// <param name="page">The page being written.</param>
    /// <param name="runs">The rows and seeds with the result each is taken from (<see cref="NewestRuns"/>).</param>
    public static void Append(StringBuilder page, IReadOnlyList<(string Row, int Seed, BenchResult Result)> runs)
    {
        page.AppendLine("| Row | Seed | Steps | Wall | CPU | Final model | Best model (at step) | Target | RL Zoo | Best reaches target | Measured |");
        page.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|");
        foreach (var (row, seed, result) in runs)
        {
            var target = Setting(result, TargetPrefix + row);
            var measured = $"{result.Date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}, `{Cell(result.Commit)}`, load "
                           + (result.Machine.LoadBefore.Count > 0 ? result.Machine.LoadBefore[0].ToString("0.0", CultureInfo.InvariantCulture) : "?");
            foreach (var run in Runs(result).Where(r => r.Row == row && r.Seed == seed))
                page.AppendLine($"| {Cell(RowName(result, row))} | {run.Seed} | {Value(run, "steps")} | {Value(run, "wall time", " s")} "
                                + $"| {Value(run, "CPU time", " s")} | {MeanStd(run, "final")} | {MeanStd(run, "best")}{AtStep(run)} "
                                + $"| ≥ {Cell(target ?? "?")} | {Cell(Setting(result, AnchorPrefix + row) ?? "")} | {Verdict(run, target)} | {measured} |");
        }
        page.AppendLine();
        page.AppendLine("Final model: checkpoint.ckpt at the end of the budget; best model: best.ckpt, the periodic evaluation "
                        + "(eval_every) with the highest mean. Both are then evaluated on 100 deterministic episodes; mean ± std of the "
                        + "return. Wall time is inflated when the machine was busy (the load average, 1 min, before the run; "
                        + "above the number of cores means busy); CPU time is user + system. Each row and seed comes from the newest "
                        + "result that ran it (Measured: date UTC, commit).");
        page.AppendLine();
    }

    /// <summary>"pass", "**fail**" or "?" (no best model): whether the best model's mean return reaches the target.</summary>
    /// <param name="bestMean">The best model's mean return, or null when the run kept none.</param>
    /// <param name="target">The target ("-200"), or null when the result does not say.</param>
    public static string Verdict(double? bestMean, string? target)
    {
        if (bestMean is not { } mean || target is null
            || !double.TryParse(target, NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold)) return "?";
        return mean >= threshold ? "pass" : "**fail**";
    }

    private static string Verdict(Run run, string? target) => Verdict(run.Figure(BestMetric)?.Value, target);

    private sealed record Run(string Row, int Seed, IReadOnlyList<Figure> Figures)
    {
        public Figure? Figure(string metric) => Figures.FirstOrDefault(f => f.Metric == metric);
    }

    // One entry per "rlarena ROW seed N" subject, in the order the script ran them.
    private static IEnumerable<Run> Runs(BenchResult result) =>
        result.Figures.Select(f => (Figure: f, Match: Subject().Match(f.Subject))).Where(x => x.Match.Success)
            .GroupBy(x => x.Figure.Subject)
            .Select(g => new Run(g.First().Match.Groups["row"].Value,
                int.Parse(g.First().Match.Groups["seed"].Value, CultureInfo.InvariantCulture), g.Select(x => x.Figure).ToList()));

    private static string RowName(BenchResult result, string row) =>
        Setting(result, RowPrefix + row) is { } description ? $"{row} ({description})" : row;

    private static string? Setting(BenchResult result, string key) => result.Settings.TryGetValue(key, out var value) ? value : null;

    private static string Value(Run run, string metric, string unit = "") =>
        run.Figure(metric) is { } f ? BenchmarkCharts.Format(f.Value) + unit : "?";

    private static string MeanStd(Run run, string model) =>
        run.Figure($"{model} mean return") is { } mean
            ? BenchmarkCharts.Format(mean.Value) + (run.Figure($"{model} std return") is { } std ? " ± " + BenchmarkCharts.Format(std.Value) : "")
            : "—";

    private static string AtStep(Run run) => run.Figure("best step") is { } step ? $" ({BenchmarkCharts.Format(step.Value)})" : "";

    private static string Cell(string text) => BenchmarkPage.Cell(text);

    [GeneratedRegex(@"^rlarena (?<row>[a-z0-9-]+) seed (?<seed>[0-9]{1,9})$")]
    private static partial Regex Subject();
}
