using System.Text.Json;
using RLArena.Core.Errors;
using RLArena.Sweeps.Reporting;

namespace RLArena.Reports.Tests;

public class SweepReportTests
{
    private const string BaseConfig = "# PPO on CartPole-v1: tuned.\nnum_envs: 8\nlearning_rate: 0.001  # Adam\ngamma: 0.98\nhidden: [64, 64]\n";
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Path.Combine(Path.GetTempPath(), "rlarena-report-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

    private static TrialOutcome Trial(string id, int seed, double? score, string status = "done", string lr = "0.001", long steps = 1000,
        IReadOnlyList<CurvePoint>? curve = null) =>
        new(id, new Dictionary<string, string> { ["learning_rate"] = lr, ["ent_coef"] = "0.01" }, seed, status, score, steps, 2.5 + seed,
            curve ?? [new(0, 10), new(500, (score ?? 0) / 2), new(1000, score ?? 0)]);

    // c1: scores 100..500 (IQM of 5 drops one from each end: 300); c2: 450..490 (IQM 470);
    // c3: two finished (IQM of 2 keeps both: 15), one failed.
    private static List<TrialOutcome> Trials() =>
    [
        .. new[] { 300.0, 100, 500, 200, 400 }.Select((s, i) => Trial("c1", i + 1, s, lr: "0.001")),
        .. new[] { 450.0, 460, 470, 480, 490 }.Select((s, i) => Trial("c2", i + 1, s, lr: "0.003")),
        Trial("c3", 1, 10, lr: "0.1"), Trial("c3", 2, 20, lr: "0.1"), Trial("c3", 3, null, "failed", lr: "0.1"),
    ];

    private static SweepReportInput Input(IReadOnlyList<TrialOutcome> trials, string direction = "max") =>
        new("lr-search", "ppo", "cartpole", "eval/mean_return", direction, BaseConfig, trials) { BootstrapRepetitions = 2000, BootstrapSeed = 7 };

    [Test]
    public void RanksByIqmAndWritesEveryFile()
    {
        var files = SweepReport.Write(Input(Trials()) with { TargetScore = 500 }, _dir);

        var configs = ConfigurationStatistics.Compute(Input(Trials()));
        Assert.That(configs.Select(c => c.ConfigurationId), Is.EqualTo(new[] { "c2", "c1", "c3" }));
        Assert.That(configs.Select(c => c.Iqm!.Value.Value), Is.EqualTo(new[] { 470.0, 300, 15 }));
        Assert.That(configs[1].Median!.Value.Value, Is.EqualTo(300));
        Assert.That(configs[2].Finished, Is.EqualTo(2));
        Assert.That(configs[2].Failed, Is.EqualTo(1));
        Assert.That(configs[0].MeanSteps, Is.EqualTo(1000));
        Assert.That(configs[0].MeanWallSeconds, Is.EqualTo(5.5), "wall times 3.5..7.5");
        foreach (var c in configs)
            Assert.That(c.Iqm!.Value.Lower <= c.Iqm.Value.Value && c.Iqm.Value.Value <= c.Iqm.Value.Upper);

        var csv = File.ReadAllLines(files.Csv);
        Assert.That(csv, Has.Length.EqualTo(4));
        Assert.That(csv[0], Does.StartWith("rank,configuration,settings,seeds_planned,seeds_finished,seeds_failed,iqm,iqm_low,iqm_high"));
        Assert.That(csv[1], Does.StartWith("1,c2,\"ent_coef=0.01, learning_rate=0.003\",5,5,0,470,"));
        Assert.That(csv[3], Does.StartWith("3,c3,\"ent_coef=0.01, learning_rate=0.1\",3,2,1,15,"));
        Assert.That(File.ReadAllLines(files.TrialsCsv), Has.Length.EqualTo(1 + 13));

        using var json = JsonDocument.Parse(File.ReadAllText(files.Json));
        var root = json.RootElement;
        Assert.That(root.GetProperty("best").GetProperty("configuration").GetString(), Is.EqualTo("c2"));
        Assert.That(root.GetProperty("bootstrap").GetProperty("repetitions").GetInt32(), Is.EqualTo(2000));
        var first = root.GetProperty("configurations")[0];
        Assert.That(first.GetProperty("iqm").GetProperty("value").GetDouble(), Is.EqualTo(470));
        // Optimality gap to 500 of c2: 500 − mean(450..490) = 30.
        Assert.That(first.GetProperty("optimality_gap").GetProperty("value").GetDouble(), Is.EqualTo(30).Within(1e-9));
        Assert.That(first.GetProperty("trials").GetArrayLength(), Is.EqualTo(5));
        Assert.That(first.GetProperty("trials")[0].GetProperty("curve").GetArrayLength(), Is.EqualTo(3));

        var md = File.ReadAllText(files.Markdown);
        Assert.That(md, Does.Contain("# Sweep report: lr-search"));
        Assert.That(md, Does.Contain("**Best: c2** (ent_coef=0.01, learning_rate=0.003) with IQM 470.0"));
        Assert.That(md, Does.Contain("| 1 | c2 | ent_coef=0.01, learning_rate=0.003 | 5/5 | 470.0 ["));
        Assert.That(md, Does.Contain("| 3 | c3 | ent_coef=0.01, learning_rate=0.1 | 2/3 (1) | 15.00 ["));
        Assert.That(md, Does.Contain("Optimality gap to 500.0"));
        // Each of c2's seeds (450..490) beats four of c1's (100..400) and loses to 500: 20 of 25 pairs.
        Assert.That(md, Does.Contain("than a seed of the runner-up c1 (rliable's probability of improvement; 0.5 means no difference): 0.80."));
        Assert.That(root.GetProperty("best").GetProperty("probability_of_improvement_over_second").GetDouble(), Is.EqualTo(0.8).Within(1e-12));
        Assert.That(md, Does.Contain("![curves](curves.png)"));
        Assert.That(md, Does.Contain("| c3 | 3 | failed |"));

        foreach (var png in new[] { files.ScoresPng, files.CurvesPng!, files.ProfilePng })
        {
            var bytes = File.ReadAllBytes(png);
            Assert.That(bytes.Length, Is.GreaterThan(5000), png);
            Assert.That(bytes.Take(4), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }), png);
        }

        var best = File.ReadAllText(files.BestConfig);
        Assert.That(best, Does.StartWith("# ppo on cartpole: the best configuration (c2) of sweep lr-search,\n# eval/mean_return IQM 470 (95% CI "));
        Assert.That(best, Does.Contain("\nlearning_rate: 0.003  # swept (base: 0.001) # Adam\n"));
        Assert.That(best, Does.Contain("\n# PPO on CartPole-v1: tuned.\nnum_envs: 8\nlearning_rate: 0.003  # swept (base: 0.001) # Adam\ngamma: 0.98\nhidden: [64, 64]\n"));
        Assert.That(best, Does.EndWith("ent_coef: 0.01  # swept (not in the base config)\n"));
    }

    [Test]
    public void LowerIsBetterReversesTheRanking()
    {
        var configs = ConfigurationStatistics.Compute(Input(Trials(), "min"));
        Assert.That(configs.Select(c => c.ConfigurationId), Is.EqualTo(new[] { "c3", "c1", "c2" }));
        // Lower is better: c3's seeds (10, 20) beat every seed of c1 (100..500).
        Assert.That(ConfigurationStatistics.ProbabilityOfImprovement(Input(Trials(), "min"), configs[0], configs[1]), Is.EqualTo(1.0));
        var files = SweepReport.Write(Input(Trials(), "min"), _dir);
        Assert.That(File.ReadAllText(files.BestConfig), Does.Contain("learning_rate: 0.1  # swept (base: 0.001) # Adam"));
    }

    [Test]
    public void TheSameTrialsAndSeedGiveTheSameReport()
    {
        var a = File.ReadAllText(SweepReport.Write(Input(Trials()), Path.Combine(_dir, "a")).Json);
        var b = File.ReadAllText(SweepReport.Write(Input(Trials()), Path.Combine(_dir, "b")).Json);
        var c = File.ReadAllText(SweepReport.Write(Input(Trials()) with { BootstrapSeed = 8 }, Path.Combine(_dir, "c")).Json);
        Assert.That(b, Is.EqualTo(a));
        Assert.That(c, Is.Not.EqualTo(a), "another bootstrap seed moves the interval ends");
    }

    [Test]
    public void DefaultRepetitionsAreRliablesAndFastEnough()
    {
        var input = new SweepReportInput("s", "dqn", "acrobot", "eval/mean_return", "max", BaseConfig, Trials());
        Assert.That(input.BootstrapRepetitions, Is.EqualTo(50_000));
        Assert.That(input.BandRepetitions, Is.EqualTo(2_000));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        SweepReport.Write(input, _dir);
        Assert.That(watch.Elapsed.TotalSeconds, Is.LessThan(60));
    }

    [Test]
    public void TrialsWithoutCurvesGiveNoCurveChart()
    {
        var trials = Trials().Select(t => t with { Curve = [] }).ToList();
        var files = SweepReport.Write(Input(trials), _dir);
        Assert.That(files.CurvesPng, Is.Null);
        Assert.That(File.Exists(Path.Combine(_dir, "curves.png")), Is.False);
        Assert.That(File.ReadAllText(files.Markdown), Does.Not.Contain("curves.png"));
    }

    [Test]
    public void AHalvingTrialListedPerRungCountsOnceWithItsLongestRun()
    {
        List<TrialOutcome> trials = [Trial("c1", 1, 50, steps: 500), Trial("c1", 1, 400, steps: 2000), Trial("c1", 2, 300, steps: 2000)];
        var c = ConfigurationStatistics.Compute(Input(trials)).Single();
        Assert.That(c.Scores, Is.EqualTo(new[] { 400.0, 300 }));
        Assert.That(c.Trials, Has.Count.EqualTo(2));
    }

    [Test]
    public void ConfigurationsStoppedBySuccessiveHalvingAreListedUnranked()
    {
        var trials = Trials().Concat([Trial("c4", 1, null, "stopped"), Trial("c4", 2, null, "stopped")]).ToList();
        var configs = ConfigurationStatistics.Compute(Input(trials));
        Assert.That(configs[^1].ConfigurationId, Is.EqualTo("c4"));
        Assert.That(configs[^1].Rank, Is.EqualTo(0));
        Assert.That(configs[^1].Stopped, Is.EqualTo(2));
        Assert.That(configs[^1].Failed, Is.EqualTo(0));
        var md = File.ReadAllText(SweepReport.Write(Input(trials), _dir).Markdown);
        Assert.That(md, Does.Contain("| – | c4 | ent_coef=0.01, learning_rate=0.001 | 0/2, 2 stopped early | – | – | – | – | – |"));
    }

    [Test]
    public void ASweepWithNothingFinishedIsRefusedInOneLine()
    {
        var e = Assert.Throws<UserFacingException>(() => SweepReport.Write(Input([Trial("c1", 1, null, "running")]), _dir))!;
        Assert.That(e.Message, Does.Contain("No trial of sweep lr-search has finished").And.Not.Contain("\n"));
        Assert.Throws<UserFacingException>(() => SweepReport.Write(Input([]), _dir));
        Assert.Throws<UsageException>(() => SweepReport.Write(Input(Trials(), "maximise"), _dir));
        Assert.That(Directory.Exists(_dir), Is.False, "nothing is written for a refused report");
    }

    [Test]
    public void MergeKeepsCommentsAndOrderAndAppendsNewKeys()
    {
        var merged = BestConfigFile.Merge("# head\na: 1\nb: [1, 2]  # list\n\nc: x\n",
            new Dictionary<string, string> { ["b"] = "[3, 4]", ["z"] = "9", ["a"] = "2" }, ["made by a test"]);
        Assert.That(merged, Is.EqualTo("# made by a test\n# head\na: 2  # swept (base: 1)\nb: [3, 4]  # swept (base: [1, 2]) # list\n\nc: x\nz: 9  # swept (not in the base config)\n"));
    }
}
