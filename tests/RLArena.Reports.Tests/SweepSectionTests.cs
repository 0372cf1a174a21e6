using System.Text.Json.Nodes;
using RLArena.Bench.Report;

namespace RLArena.Reports.Tests;

/// <summary>The "Sweeps" section of the benchmarks page, from result files like the ones bench/sweeps/run.sh writes.</summary>
public class SweepSectionTests
{
    private DirectoryInfo _work = null!;
    private string Results => Path.Combine(_work.FullName, "results");
    private string Out => Path.Combine(_work.FullName, "docs");

    [SetUp]
    public void NewFolder() => _work = Directory.CreateTempSubdirectory("rlarena-sweepsection-").CreateSubdirectory("results").Parent!;

    [TearDown]
    public void RemoveFolder() => _work.Delete(recursive: true);

    private void Write(string benchmark, string date, double load, JsonObject settings, params (string Subject, string Metric, double Value, string Unit, string Better)[] figures)
    {
        var result = new JsonObject
        {
            ["schema"] = "rlarena-bench/1",
            ["benchmark"] = benchmark,
            ["title"] = $"FIXTURE for tests (not a measurement): {benchmark}",
            ["date"] = date,
            ["commit"] = "fixture0000",
            ["machine"] = new JsonObject
            {
                ["cpu"] = "Fixture CPU", ["cores"] = 2, ["os"] = "Fixture OS",
                ["load_before"] = new JsonArray(load, load, load), ["load_after"] = new JsonArray(load, load, load),
            },
            ["settings"] = settings,
            ["peers"] = new JsonArray(),
            ["figures"] = new JsonArray(figures.Select(f => (JsonNode)new JsonObject
            {
                ["subject"] = f.Subject, ["metric"] = f.Metric, ["value"] = f.Value, ["unit"] = f.Unit, ["better"] = f.Better, ["source"] = "measured",
            }).ToArray()),
            ["curves"] = new JsonArray(),
        };
        File.WriteAllText(Path.Combine(Results, $"{benchmark}-{date.Replace(":", "")}.json"), result.ToJsonString());
    }

    private void WriteAllParts(double speedUp, string shPick, string fullPick)
    {
        Write("sweep-workers", "2026-11-27T20:00:00Z", 0.2, new JsonObject { ["repeats"] = "2" },
            ("rlarena sweep --workers 1", "sweep wall time (median)", 300, "s", "lower"),
            ("rlarena sweep --workers 2", "sweep wall time (median)", 300 / speedUp, "s", "lower"),
            ("rlarena sweep --workers 2", "speed-up over 1 worker", speedUp, "x", "higher"),
            ("rlarena sweep trial", "cores used per trial (CPU / wall)", 1.04, "cores", "lower"));
        Write("sweep-slurm", "2026-11-27T20:30:00Z", 5.5, new JsonObject(),
            ("rlarena sweep --executor slurm", "sweep wall time (start to all done)", 170, "s", "lower"));
        Write("sweep-halving", "2026-11-27T21:00:00Z", 0.3, new JsonObject
            {
                ["successive halving picks"] = shPick, ["full budget picks"] = fullPick,
                ["configurations tied at the top (full budget)"] = "5", ["full-budget rank of halving's pick"] = "3",
            },
            ("rlarena successive halving", "env steps", 320_000, "steps", "lower"),
            ("rlarena full budget", "env steps", 1_600_000, "steps", "lower"),
            ("rlarena successive halving", "wall time", 200, "s", "lower"),
            ("rlarena full budget", "wall time", 900, "s", "lower"));
    }

    [Test]
    public void TheSectionSumsUpEachPartAndNestsTheirResults()
    {
        WriteAllParts(speedUp: 1.9, shPick: "c07", fullPick: "c07");
        BenchmarkPage.Generate(Results, Out);
        var page = File.ReadAllText(Path.Combine(Out, "index.md"));

        string[] rows =
        [
            "## Sweeps",
            "| Local sweep wall time, 1 worker → 2 workers | 300.0 s → 157.9 s |  |",
            "| Speed-up of 2 local workers over 1 | 1.90× | meets the target of ≥ 1.80× on 2 cores |",
            "| Cores one trial keeps busy (CPU time / wall time) | 1.04 |",
            "| The same sweep on a one-node Slurm cluster, start to all done | 170.0 s | load average 5.50 on 2 cores before the run: pessimistic |",
            "| Env steps, successive halving vs the full budget | 320,000 vs 1,600,000 | 80% fewer |",
            "| Wall time, successive halving vs the full budget | 200.0 s vs 900.0 s |  |",
            "| Configuration picked, successive halving / full budget | c07 / c07 | the same configuration (5 tied at the top at the full budget) |",
        ];
        foreach (var row in rows) Assert.That(page, Does.Contain(row));
        // Each part follows one heading level down, in the order the script runs them, after the summary.
        var at = new[] { "## Sweeps", "### FIXTURE for tests (not a measurement): sweep-workers", "### FIXTURE for tests (not a measurement): sweep-slurm",
            "### FIXTURE for tests (not a measurement): sweep-halving" }.Select(h => page.IndexOf(h, StringComparison.Ordinal)).ToList();
        Assert.That(at, Is.All.GreaterThanOrEqualTo(0));
        Assert.That(at, Is.Ordered);
        Assert.That(page.Split("## Sweeps").Length, Is.EqualTo(2), "one section");
    }

    [Test]
    public void AMissedTargetAndADifferentPickAreSaidPlainly()
    {
        WriteAllParts(speedUp: 1.5, shPick: "c03", fullPick: "c11");
        var rows = SweepSection.Rows(BenchResultReader.ReadAll(Results));
        Assert.That(rows.Single(r => r.Figure.StartsWith("Speed-up", StringComparison.Ordinal)).Note, Is.EqualTo("misses the target of ≥ 1.80× on 2 cores"));
        Assert.That(rows.Single(r => r.Figure.StartsWith("Configuration picked", StringComparison.Ordinal)),
            Is.EqualTo(("Configuration picked, successive halving / full budget", "c03 / c11",
                "different: halving's pick ranks 3 at the full budget, where 5 configuration(s) tie at the top")));
    }

    [Test]
    public void WithoutSweepResultsThereIsNoSection()
    {
        Write("mnist", "2026-11-27T18:00:00Z", 0.1, new JsonObject(), ("rlarena mnist", "wall time", 10, "s", "lower"));
        BenchmarkPage.Generate(Results, Out);
        var page = File.ReadAllText(Path.Combine(Out, "index.md"));
        Assert.That(page, Does.Not.Contain("Sweeps"));
        Assert.That(page, Does.Contain("## FIXTURE for tests (not a measurement): mnist"));
        Assert.That(SweepSection.Rows(BenchResultReader.ReadAll(Results)), Is.Empty);
    }

    [Test]
    public void OnlyTheHalvingPartGivesItsRowsAndStillOpensTheSection()
    {
        WriteAllParts(1.9, "c01", "c01");
        foreach (var f in Directory.GetFiles(Results, "sweep-workers-*")) File.Delete(f);
        foreach (var f in Directory.GetFiles(Results, "sweep-slurm-*")) File.Delete(f);
        BenchmarkPage.Generate(Results, Out);
        var page = File.ReadAllText(Path.Combine(Out, "index.md"));
        Assert.That(page.IndexOf("## Sweeps", StringComparison.Ordinal), Is.LessThan(page.IndexOf("### FIXTURE for tests (not a measurement): sweep-halving", StringComparison.Ordinal)));
        Assert.That(page, Does.Not.Contain("Speed-up"));
    }
}
