using System.Globalization;
using System.Text;

namespace RLArena.Bench.Report;

/// <summary>
/// The "Sweeps" section of the benchmarks page (bench/sweeps/run.sh's results): a summary of issue 13's figures read
/// from the newest result of each part — the speed-up of 2 local workers over 1 against its target, the same sweep on
/// Slurm, and what successive halving saves and whether it picks the full budget's configuration — followed by each
/// part's result in full, one level down.
/// </summary>
public static class SweepSection
{
    /// <summary>The 2-worker speed-up the figures aim at on 2 cores (issue 13).</summary>
    public const double SpeedUpTarget = 1.8;

    /// <summary>bench/sweeps/run.sh's benchmarks, in the order the section shows them.</summary>
    public static readonly IReadOnlyList<string> Benchmarks = ["sweep-workers", "sweep-slurm", "sweep-halving"];

    /// <summary>True for a benchmark of this section.</summary>
    /// <param name="benchmark">A result's benchmark name.</param>
    public static bool Covers(string benchmark) => Benchmarks.Contains(benchmark);

    /// <summary>The heading that starts a benchmark's part of the page: one level down for this section's benchmarks.</summary>
    /// <param name="benchmark">A result's benchmark name.</param>
    public static string Heading(string benchmark) => Covers(benchmark) ? "###" : "##";

    /// <summary>
    /// Appends "## Sweeps" and the summary table when <paramref name="benchmark"/> is the first of this section's
    /// benchmarks that has results (call it before each benchmark's own part of the page).
    /// </summary>
    /// <param name="page">The page so far.</param>
    /// <param name="benchmark">The benchmark about to be written.</param>
    /// <param name="results">Every result, oldest first.</param>
    public static void AppendIfFirst(StringBuilder page, string benchmark, IReadOnlyList<BenchResult> results)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(results);
        if (!Covers(benchmark) || Benchmarks.First(b => results.Any(r => r.Benchmark == b)) != benchmark) return;
        page.AppendLine("## Sweeps");
        page.AppendLine();
        page.AppendLine("`bench/sweeps/run.sh` runs `rlarena sweep` on the shipped studies (see the [benchmarks guide](../guides/benchmarks.md)); "
                        + "the table sums up the newest result of each part, and the parts follow in full.");
        page.AppendLine();
        page.AppendLine("| Figure | Value | |");
        page.AppendLine("|---|---|---|");
        foreach (var (figure, value, note) in Rows(results)) page.AppendLine($"| {figure} | {value} | {note} |");
        page.AppendLine();
    }

    /// <summary>The summary's rows (figure, value, note) from the newest result of each part; a part with no result gives no row.</summary>
    /// <param name="results">Every result, oldest first.</param>
    public static IReadOnlyList<(string Figure, string Value, string Note)> Rows(IReadOnlyList<BenchResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = new List<(string, string, string)>();
        BenchResult? Latest(string benchmark) => results.LastOrDefault(r => r.Benchmark == benchmark);
        var workers = Latest("sweep-workers");
        if (workers is not null)
        {
            var one = Find(workers, "rlarena sweep --workers 1", "sweep wall time (median)");
            var two = Find(workers, "rlarena sweep --workers 2", "sweep wall time (median)");
            var speedUp = Find(workers, "rlarena sweep --workers 2", "speed-up over 1 worker");
            if (one is not null && two is not null)
                rows.Add(("Local sweep wall time, 1 worker → 2 workers", $"{Seconds(one.Value)} → {Seconds(two.Value)}", Loaded(workers)));
            if (speedUp is not null)
                rows.Add(("Speed-up of 2 local workers over 1", $"{Times(speedUp.Value)}",
                    (speedUp.Value >= SpeedUpTarget ? "meets" : "misses") + $" the target of ≥ {Times(SpeedUpTarget)} on {workers.Machine.Cores} cores"));
            if (Find(workers, "rlarena sweep trial", "cores used per trial (CPU / wall)") is { } cores)
                rows.Add(("Cores one trial keeps busy (CPU time / wall time)", Number(cores.Value), "1 is the ideal for one worker per core"));
        }
        if (Latest("sweep-slurm") is { } slurm && Find(slurm, "rlarena sweep --executor slurm", "sweep wall time (start to all done)") is { } onSlurm)
            rows.Add(("The same sweep on a one-node Slurm cluster, start to all done", Seconds(onSlurm.Value), Loaded(slurm)));
        if (Latest("sweep-halving") is { } halving)
        {
            var shSteps = Find(halving, "rlarena successive halving", "env steps");
            var fullSteps = Find(halving, "rlarena full budget", "env steps");
            var shWall = Find(halving, "rlarena successive halving", "wall time");
            var fullWall = Find(halving, "rlarena full budget", "wall time");
            if (shSteps is not null && fullSteps is not null && fullSteps.Value > 0)
                rows.Add(("Env steps, successive halving vs the full budget", $"{BenchmarkCharts.Format(shSteps.Value)} vs {BenchmarkCharts.Format(fullSteps.Value)}",
                    $"{Percent(1 - shSteps.Value / fullSteps.Value)} fewer"));
            if (shWall is not null && fullWall is not null)
                rows.Add(("Wall time, successive halving vs the full budget", $"{Seconds(shWall.Value)} vs {Seconds(fullWall.Value)}", Loaded(halving)));
            if (halving.Settings.TryGetValue("successive halving picks", out var shPick) && halving.Settings.TryGetValue("full budget picks", out var fullPick))
                rows.Add(("Configuration picked, successive halving / full budget", $"{shPick} / {fullPick}", PickNote(halving.Settings, shPick == fullPick)));
        }
        return rows;
    }

    private static string PickNote(IReadOnlyDictionary<string, string> settings, bool same)
    {
        var ties = settings.TryGetValue("configurations tied at the top (full budget)", out var t) ? t : "?";
        if (same) return $"the same configuration ({ties} tied at the top at the full budget)";
        var rank = settings.TryGetValue("full-budget rank of halving's pick", out var r) ? r : "?";
        return $"different: halving's pick ranks {rank} at the full budget, where {ties} configuration(s) tie at the top";
    }

    private static Figure? Find(BenchResult result, string subject, string metric) =>
        result.Figures.LastOrDefault(f => f.Subject == subject && f.Metric == metric);

    private static string Loaded(BenchResult result) =>
        result.Machine.LoadBefore.Count > 0 && result.Machine.LoadBefore[0] > result.Machine.Cores
            ? $"load average {Number(result.Machine.LoadBefore[0])} on {result.Machine.Cores} cores before the run: pessimistic"
            : "";

    private static string Seconds(double s) => $"{BenchmarkCharts.Format(s)} s";

    private static string Times(double x) => x.ToString("0.00", CultureInfo.InvariantCulture) + "×";

    private static string Percent(double x) => (100 * x).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Number(double x) => x.ToString("0.00", CultureInfo.InvariantCulture);
}
