using System.Diagnostics;
using System.Text.Json.Nodes;
using RLArena.Bench.Report;
using RLArena.Core.Errors;

namespace RLArena.Reports.Tests;

public class BenchmarkPageTests
{
    private static readonly string Fixtures = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "bench");
    private string _dir = "";
    private string Results => Path.Combine(_dir, "results");
    private string Out => Path.Combine(_dir, "docs");

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "rlarena-benchpage-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Results);
        foreach (var f in Directory.GetFiles(Fixtures, "*.json")) File.Copy(f, Path.Combine(Results, Path.GetFileName(f)));
    }

    [TearDown]
    public void TearDown() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

    [Test]
    public void FixturesBecomeTablesAndCharts()
    {
        var written = BenchmarkPage.Generate(Results, Out);
        var page = File.ReadAllText(Path.Combine(Out, "index.md"));

        Assert.That(written[0], Is.EqualTo(Path.Combine(Out, "index.md")));
        Assert.That(written.Skip(1).Select(Path.GetFileName), Is.EquivalentTo(new[]
            { "mnist-wall-time.png", "rl-solve-ppo-throughput.png", "rl-solve-curve-ppo-cartpole-v1.png" }),
            "a metric with one figure (test accuracy) gets no chart");
        foreach (var png in written.Skip(1))
        {
            var bytes = File.ReadAllBytes(png);
            Assert.That(bytes.Take(4), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }), png);
            Assert.That(bytes.Length, Is.GreaterThan(3000), png);
            Assert.That(page, Does.Contain($"](images/{Path.GetFileName(png)})"));
        }

        Assert.That(page.IndexOf("## FIXTURE for tests (not a measurement): MNIST", StringComparison.Ordinal),
            Is.LessThan(page.IndexOf("## FIXTURE for tests (not a measurement): solve runs", StringComparison.Ordinal)), "MNIST comes first");
        Assert.That(page, Does.Contain("`mnist` · measured 2026-11-27 18:00 UTC at commit `fixture0000` on Fixture CPU (2 cores, Fixture OS), "
                                       + "load average 0.50 / 0.25 / 0.13 before and 1.50 / 0.75 / 0.50 after (1, 5, 15 min)."));
        Assert.That(page, Does.Contain("load average 0.10 / 0.10 / 0.10 before and not recorded after"));
        Assert.That(page, Does.Contain("Settings: epochs = 10."));
        Assert.That(page, Does.Contain("Compared with: PyTorch 1.13.0."));
        Assert.That(page, Does.Contain("| wall time | PyTorch tutorial (torchvision DataLoader) | 45.0 s | 4.50× better | measured |"));
        Assert.That(page, Does.Contain("| wall time | PyTorch, dataset held as one tensor | 14.5 s | 1.45× better | measured |"));
        Assert.That(page, Does.Contain("| wall time | rlarena mnist | 10.0 s |  | measured |"));
        Assert.That(page, Does.Contain("| PPO throughput | CleanRL ppo.py | 5,000 steps/s | 3.20× better | *recorded*: recorded in a fixture |"));
        Assert.That(page, Does.Not.Contain("Earlier results"));
        Assert.That(page, Does.Contain("## FIXTURE for tests (not a measurement): solve runs of configs/&lt;algo&gt;/cartpole.yaml"),
            "text from a result file cannot open an HTML tag on the page");
    }

    [Test]
    public void TheNewestResultLeadsAndEarlierOnesGoToTheHistory()
    {
        var older = JsonNode.Parse(File.ReadAllText(Path.Combine(Results, "mnist-fixture.json")))!;
        older["date"] = "2026-11-20T09:30:00Z";
        older["commit"] = "olderfixture";
        older["figures"]![2]!["value"] = 20.0;
        File.WriteAllText(Path.Combine(Results, "mnist-older.json"), older.ToJsonString());

        BenchmarkPage.Generate(Results, Out);
        var page = File.ReadAllText(Path.Combine(Out, "index.md"));
        Assert.That(page, Does.Contain("| wall time | rlarena mnist | 10.0 s |"));
        Assert.That(page, Does.Contain("<summary>Earlier results of this benchmark</summary>"));
        Assert.That(page, Does.Contain("| 2026-11-20 09:30 UTC | `olderfixture` |"));
        Assert.That(page, Does.Contain("rlarena mnist, wall time: 20.0 s"));
    }

    [Test]
    public void RatiosSayBetterOrWorseInTheMetricsDirection()
    {
        Figure F(string subject, double v, bool higher) => new(subject, "m", v, "u", higher, "measured");
        Assert.That(BenchmarkPage.Ratio(F("rlarena", 10, false), F("peer", 45, false)), Is.EqualTo("4.50× better"));
        Assert.That(BenchmarkPage.Ratio(F("rlarena", 20, false), F("peer", 10, false)), Is.EqualTo("2.00× worse"));
        Assert.That(BenchmarkPage.Ratio(F("rlarena", 15000, true), F("peer", 5000, true)), Is.EqualTo("3.00× better"));
        Assert.That(BenchmarkPage.Ratio(F("rlarena", 2500, true), F("peer", 5000, true)), Is.EqualTo("2.00× worse"));
    }

    [Test]
    public void NoResultsGiveAPageThatSaysHowToMakeThem()
    {
        var empty = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(empty);
        var written = BenchmarkPage.Generate(empty, Out);
        Assert.That(written, Has.Count.EqualTo(1));
        Assert.That(File.ReadAllText(written[0]), Does.Contain("No results yet."));
    }

    [TestCase("{ \"schema\": ", "is not valid JSON")]
    [TestCase("[1, 2]", "must hold one JSON object")]
    [TestCase("figures.0.value=\"fast\"", "\"figures[0].value\" must be a number")]
    [TestCase("figures.1.better=\"faster\"", "\"figures[1].better\" must be \"higher\" or \"lower\", not \"faster\"")]
    [TestCase("schema=\"rlarena-bench/0\"", "has schema \"rlarena-bench/0\"")]
    [TestCase("date=\"yesterday\"", "\"date\" must be an ISO 8601 date")]
    [TestCase("machine.load_before=[1]", "\"machine.load_before\" must be the three load averages")]
    [TestCase("benchmark=\"MNIST run\"", "\"benchmark\" must be lower-case letters")]
    [TestCase("-figures.0.subject", "lacks \"figures[0].subject\"")]
    [TestCase("figures=[]", "has no figures and no curves")]
    public void AMalformedResultIsRefusedInOneLineAndNothingIsWritten(string change, string expected)
    {
        var file = Path.Combine(Results, "mnist-fixture.json");
        File.WriteAllText(file, Break(File.ReadAllText(file), change));
        var e = Assert.Throws<UserFacingException>(() => BenchmarkPage.Generate(Results, Out))!;
        Assert.That(e.Message, Does.StartWith(file + " "));
        Assert.That(e.Message, Does.Contain(expected));
        Assert.That(e.Message, Does.EndWith("re-run the bench script that wrote it, or delete the file."));
        Assert.That(e.Message, Does.Not.Contain("\n"));
        Assert.That(Directory.Exists(Out), Is.False);
    }

    [Test]
    public void TheCommandExitsWithOneErrorLineOnABadFileAndZeroOnGoodOnes()
    {
        var dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "RLArena.Bench.Report.dll");
        var (code, stdout, stderr) = Run(dll, "--results", Results, "--out", Out);
        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain("wrote").And.Contain("3 charts"));

        File.WriteAllText(Path.Combine(Results, "broken.json"), "{");
        (code, _, stderr) = Run(dll, "--results", Results, "--out", Out);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(stderr, Does.StartWith("bench report: error: ").And.Contain("broken.json is not valid JSON"));

        (code, _, stderr) = Run(dll, "--colour");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr.Trim(), Is.EqualTo("bench report: error: --colour needs a folder after it."));
        (code, _, stderr) = Run(dll, "--results", Path.Combine(_dir, "missing"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("does not exist: run a bench script"));
    }

    [Test]
    public void WhatTheBenchScriptsRecordIsWhatTheGeneratorReads()
    {
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : FindOnPath("python3");
        if (python is null) Assert.Ignore("python3 is not installed (the bench scripts record their results with it)");
        if (FindOnPath("bash") is null) Assert.Ignore("bash is not installed (the bench scripts are bash scripts)");
        var root = RepositoryRoot();
        var metrics = Path.Combine(_dir, "metrics.csv");
        File.WriteAllText(metrics, "step,wall_time,metric,value\n100,0.1,charts/episodic_return,12\n100,0.1,losses/value_loss,3\n200,0.2,charts/episodic_return,30\n");
        var recorded = Path.Combine(_dir, "recorded");
        var script = $"""
            set -euo pipefail
            source '{root}/bench/lib/results.sh'
            result_begin demo-bench "A demo"
            result_setting steps 200
            result_peer "Some peer" 1.0
            result_figure "rlarena demo" "throughput" "12,345" steps/s higher
            result_figure "Some peer" "throughput" 5000 steps/s higher "a paper"
            result_curve "Demo curve" 1 '{metrics}' charts/episodic_return
            result_curve "Demo curve" 2 '{metrics}' charts/episodic_return
            RESULTS_DIR='{recorded}' result_end
            """;
        var (code, _, stderr) = Run("bash", "-c", script);
        Assert.That(code, Is.EqualTo(0), stderr);
        var file = Directory.GetFiles(recorded, "demo-bench-*.json").Single();
        var result = BenchResultReader.Read(file);
        Assert.That(result.Benchmark, Is.EqualTo("demo-bench"));
        Assert.That(result.Machine.Cores, Is.EqualTo(Environment.ProcessorCount));
        Assert.That(result.Machine.LoadAfter, Is.Not.Null);
        Assert.That(result.Commit, Is.Not.Empty);
        Assert.That(result.Settings["steps"], Is.EqualTo("200"));
        Assert.That(result.Figures[0].Value, Is.EqualTo(12345));
        Assert.That(result.Figures[1].Source, Is.EqualTo("a paper"));
        Assert.That(result.Curves.Single().Runs.Select(r => r.Seed), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(result.Curves[0].Runs[0].Points, Is.EqualTo(new[] { (100.0, 12.0), (200.0, 30.0) }));
        Assert.That(BenchmarkPage.Generate(recorded, Out), Has.Count.EqualTo(3), "page, throughput chart, curve chart");
    }

    // "a.b.0.c=JSON" sets a value, "-a.b" removes one, anything else replaces the whole file.
    private static string Break(string json, string change)
    {
        var remove = change.StartsWith('-');
        var eq = change.IndexOf('=');
        if (!remove && (eq < 0 || change.StartsWith('{') || change.StartsWith('['))) return change;
        var path = (remove ? change[1..] : change[..eq]).Split('.');
        var root = JsonNode.Parse(json)!;
        JsonNode node = root;
        foreach (var part in path[..^1]) node = int.TryParse(part, out var i) ? node[i]! : node[part]!;
        if (remove) node.AsObject().Remove(path[^1]);
        else node[path[^1]] = JsonNode.Parse(change[(eq + 1)..]);
        return root.ToJsonString();
    }

    private static (int Code, string Stdout, string Stderr) Run(string fileName, params string[] args)
    {
        var start = new ProcessStartInfo(fileName.EndsWith(".dll") ? "dotnet" : fileName)
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (fileName.EndsWith(".dll")) start.ArgumentList.Add(fileName);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000)) { process.Kill(true); Assert.Fail($"{fileName} did not finish in 2 minutes"); }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RLArena.sln"))) return dir.FullName;
        throw new InvalidOperationException("The tests run outside the repository (no RLArena.sln above them).");
    }
}
