using System.Text.Json.Nodes;
using RLArena.Bench.Report;

namespace RLArena.Reports.Tests;

/// <summary>bench/rl/classic-control.sh's results on the benchmarks page: one table line per row and seed.</summary>
public class SolveRunsTableTests
{
    // Writes the results alone into a fresh results folder, generates the page, and returns it with the charts' names.
    private static (string Page, string[] Charts) Generate(params JsonObject[] resultFiles)
    {
        var dir = Directory.CreateTempSubdirectory("rlarena-solvetable-").FullName;
        try
        {
            var results = Directory.CreateDirectory(Path.Combine(dir, "results")).FullName;
            for (var i = 0; i < resultFiles.Length; i++)
                File.WriteAllText(Path.Combine(results, $"classic-control-fixture{i}.json"), resultFiles[i].ToJsonString());
            var written = BenchmarkPage.Generate(results, Path.Combine(dir, "docs"));
            return (File.ReadAllText(written[0]), written.Skip(1).Select(f => Path.GetFileName(f)).ToArray());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    // A result as bench/rl/classic-control.sh writes it (through bench/lib/result.py), for two seeds of one row.
    private static JsonObject SolveResult(string row = "ppo-pendulum", string date = "2026-11-27T21:00:00Z", string commit = "fixture0002")
    {
        static JsonObject F(string subject, string metric, double value, string unit, string better) => new()
        {
            ["subject"] = subject, ["metric"] = metric, ["value"] = value, ["unit"] = unit, ["better"] = better, ["source"] = "measured",
        };
        var figures = new JsonArray();
        foreach (var (seed, final, best) in new[] { (1, -250.5, -160.5), (2, -180.0, -230.0) })
        {
            var s = $"rlarena {row} seed {seed}";
            figures.Add(F(s, "steps", 102400, "steps", "higher"));
            figures.Add(F(s, "wall time", 95.5, "s", "lower"));
            figures.Add(F(s, "CPU time", 88.25, "s", "lower"));
            figures.Add(F(s, "final mean return", final, "return", "higher"));
            figures.Add(F(s, "final std return", 90.0, "return", "lower"));
            figures.Add(F(s, "best mean return", best, "return", "higher"));
            figures.Add(F(s, "best std return", 80.5, "return", "lower"));
            figures.Add(F(s, "best step", 61440, "steps", "lower"));
        }
        JsonArray Points(double a, double b) => [new JsonArray(10000, a), new JsonArray(50000, b), new JsonArray(100000, b + 10)];
        return new JsonObject
        {
            ["schema"] = "rlarena-bench/1",
            ["benchmark"] = "classic-control",
            ["title"] = "FIXTURE for tests (not a measurement): classic-control solve runs",
            ["date"] = date,
            ["commit"] = commit,
            ["machine"] = new JsonObject
            {
                ["cpu"] = "Fixture CPU", ["cores"] = 2, ["os"] = "Fixture OS",
                ["load_before"] = new JsonArray(1.0, 1.0, 1.0), ["load_after"] = new JsonArray(2.0, 2.0, 2.0),
            },
            ["settings"] = new JsonObject
            {
                ["eval"] = "100 deterministic episodes",
                [$"row {row}"] = $"{row}, configs/{row}.yaml, 100000 steps",
                [$"target {row}"] = "-200",
                [$"anchor {row}"] = "-172 ± 104 at 100k",
                [$"curve {row}"] = $"curve of {row}",
            },
            ["peers"] = new JsonArray(),
            ["figures"] = figures,
            ["curves"] = new JsonArray(new JsonObject
            {
                ["name"] = $"curve of {row}", ["metric"] = "eval/mean_return",
                ["runs"] = new JsonArray(
                    new JsonObject { ["seed"] = 1, ["points"] = Points(-1200, -300) },
                    new JsonObject { ["seed"] = 2, ["points"] = Points(-1100, -250) }),
            }),
        };
    }

    [Test]
    public void EachRunIsOneLineWithFinalBestTargetAnchorAndVerdict()
    {
        var (page, charts) = Generate(SolveResult());

        Assert.That(page, Does.Contain("| ppo-pendulum (ppo-pendulum, configs/ppo-pendulum.yaml, 100000 steps) | 1 | 102,400 | 95.5 s | 88.25 s "
                                       + "| -250.5 ± 90.0 | -160.5 ± 80.5 (61,440) | ≥ -200 | -172 ± 104 at 100k | pass | 2026-11-27 21:00, `fixture0002`, load 1.0 |"));
        Assert.That(page, Does.Contain("| ppo-pendulum (ppo-pendulum, configs/ppo-pendulum.yaml, 100000 steps) | 2 | 102,400 | 95.5 s | 88.25 s "
                                       + "| -180.0 ± 90.0 | -230.0 ± 80.5 (61,440) | ≥ -200 | -172 ± 104 at 100k | **fail** | 2026-11-27 21:00, `fixture0002`, load 1.0 |"),
            "the verdict is the best model's, even when the final one is better");
        Assert.That(page, Does.Contain("Settings: eval = 100 deterministic episodes."), "per-row settings are in the table, not the settings line");
        Assert.That(page, Does.Not.Contain("| Metric | Subject | Value |"), "no generic figures table for solve runs");
        Assert.That(charts, Is.EqualTo(new[] { "classic-control-curve-curve-of-ppo-pendulum.png" }),
            "the eval/mean_return curves are drawn; the per-metric bar charts are not");
    }

    [Test]
    public void EachRowComesFromTheNewestResultThatRanIt()
    {
        var (page, charts) = Generate(
            SolveResult("dqn-acrobot", "2026-11-27T20:00:00Z", "oldacrobot00"),
            SolveResult("ppo-pendulum", "2026-11-27T20:30:00Z", "oldpendulum0"),
            SolveResult("ppo-pendulum", "2026-11-27T21:00:00Z", "newpendulum0"));

        Assert.That(page, Does.Contain("| dqn-acrobot (dqn-acrobot, configs/dqn-acrobot.yaml, 100000 steps) | 1 |"));
        Assert.That(page, Does.Contain("| 2026-11-27 20:00, `oldacrobot00`, load 1.0 |"), "a row no newer result ran stays on the page");
        Assert.That(page, Does.Contain("| 2026-11-27 21:00, `newpendulum0`, load 1.0 |"));
        Assert.That(page.IndexOf("| ppo-pendulum (", StringComparison.Ordinal), Is.LessThan(page.IndexOf("| dqn-acrobot (", StringComparison.Ordinal)),
            "the newest result's rows come first");
        Assert.That(page.Split('\n').Count(l => l.StartsWith("| ppo-pendulum (", StringComparison.Ordinal)), Is.EqualTo(2),
            "the older pendulum result is replaced, not repeated");
        Assert.That(page.Split('\n').Count(l => l.Contains("`oldpendulum0`", StringComparison.Ordinal) && l.StartsWith("| ppo", StringComparison.Ordinal)),
            Is.Zero);
        Assert.That(charts, Is.EquivalentTo(new[] { "classic-control-curve-curve-of-ppo-pendulum.png", "classic-control-curve-curve-of-dqn-acrobot.png" }));
    }

    [Test]
    public void ALaterRunOfSomeSeedsKeepsTheOtherSeedsOfItsRow()
    {
        var later = SolveResult("ppo-pendulum", "2026-11-27T22:00:00Z", "newseed2only");
        var figures = later["figures"]!.AsArray();
        foreach (var f in figures.Where(f => f!["subject"]!.GetValue<string>().EndsWith("seed 1", StringComparison.Ordinal)).ToList()) figures.Remove(f);
        var curveRuns = later["curves"]![0]!["runs"]!.AsArray();
        curveRuns.RemoveAt(0);
        var (page, charts) = Generate(SolveResult("ppo-pendulum", "2026-11-27T21:00:00Z", "bothseeds000"), later);

        var lines = page.Split('\n').Where(l => l.StartsWith("| ppo-pendulum (", StringComparison.Ordinal)).ToList();
        Assert.That(lines, Has.Count.EqualTo(2));
        Assert.That(lines[0], Does.Contain("| 1 |").And.Contain("`bothseeds000`"), "seed 1 only the older result ran");
        Assert.That(lines[1], Does.Contain("| 2 |").And.Contain("`newseed2only`"), "seed 2 from the newer result");
        Assert.That(charts, Is.EqualTo(new[] { "classic-control-curve-curve-of-ppo-pendulum.png" }));
        var olderFile = Write("older.json", SolveResult("ppo-pendulum", "2026-11-27T21:00:00Z", "bothseeds000"));
        var newerFile = Write("newer.json", later);
        var curves = SolveRunsTable.Curves(SolveRunsTable.NewestRuns([BenchResultReader.Read(olderFile), BenchResultReader.Read(newerFile)])).ToList();
        foreach (var file in new[] { olderFile, newerFile }) Directory.Delete(Path.GetDirectoryName(file)!, true);
        Assert.That(curves, Has.Count.EqualTo(1));
        Assert.That(curves[0].Runs.Select(r => r.Seed), Is.EqualTo(new[] { 1, 2 }), "the curve keeps one run per seed, from where each seed's line comes from");
        Assert.That(curves[0].Runs[1].Points[0].Value, Is.EqualTo(-1100));
    }

    private static string Write(string name, JsonObject result)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("rlarena-solvetable-file-").FullName, name);
        File.WriteAllText(path, result.ToJsonString());
        return path;
    }

    [Test]
    public void AResultWithoutTargetsKeepsTheGenericTable()
    {
        var result = SolveResult();
        result["settings"] = new JsonObject { ["eval"] = "100 deterministic episodes" };
        var (page, _) = Generate(result);
        Assert.That(page, Does.Contain("| Metric | Subject | Value |"));
        Assert.That(page, Does.Not.Contain("| Row | Seed |"));
    }

    [TestCase(-199.9, "-200", "pass")]
    [TestCase(-200.0, "-200", "pass")]
    [TestCase(-200.1, "-200", "**fail**")]
    [TestCase(null, "-200", "?")]
    [TestCase(-100.0, null, "?")]
    [TestCase(-100.0, "n/a", "?")]
    public void VerdictComparesTheBestMeanWithTheTarget(double? best, string? target, string expected) =>
        Assert.That(SolveRunsTable.Verdict(best, target), Is.EqualTo(expected));
}
