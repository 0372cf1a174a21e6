using RLArena.Core.Statistics;
using RLArena.Sweeps.Files;
using RLArena.Sweeps.Planning;
using RLArena.Sweeps.Reporting;
using RLArena.Sweeps.Results;

namespace RLArena.Sweeps.Tests;

/// <summary>
/// <c>sweep status</c>'s best so far and <c>sweep report</c>'s best come from one ranking (IQM, then mean, then
/// planning order): with every trial done they name the same configuration, also where the mean would pick another.
/// </summary>
public sealed class StatusMatchesReportTests
{
    private string _folder = "";

    private const string Study = """
        algo: ppo
        env: cartpole
        search:
          learning_rate: [0.001, 0.0003, 0.0001]
        seeds: 4
        steps: 1000
        eval_episodes: 1

        """;

    [SetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "rlarena-ranking-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    /// <summary>A planned sweep whose trials are marked done with the given scores, task by task (nothing runs).</summary>
    private SweepDirectory Finished(string text, IReadOnlyList<double> scores)
    {
        var dir = Path.Combine(_folder, "s" + Guid.NewGuid().ToString("N")[..6]);
        var sweep = SweepDirectory.Create(dir, SweepPlanner.Plan(SweepFile.Parse(text, "t.yaml", _folder, "t")), text);
        Assert.That(scores, Has.Count.EqualTo(sweep.TaskCount));
        for (var task = 0; task < sweep.TaskCount; task++)
        {
            var steps = sweep.Plan.Steps;
            sweep.WriteStatus(task, new TrialStatus
            {
                State = TrialState.Done, TargetSteps = steps, Steps = steps, WallSeconds = 1, ExitCode = 0,
                Scores = [new RungScore(steps, scores[task], scores[task])],
            });
        }
        return sweep;
    }

    private static string ReportBest(SweepDirectory sweep)
    {
        var input = SweepOutcomes.ReportInput(sweep) with
        {
            BootstrapRepetitions = StratifiedBootstrap.MinRepetitions, BandRepetitions = StratifiedBootstrap.MinRepetitions,
        };
        var ranked = ConfigurationStatistics.Compute(input);
        Assert.That(ranked[0].Rank, Is.EqualTo(1));
        return ranked[0].ConfigurationId;
    }

    [Test]
    public void StatusNamesTheReportsBestWhereTheMeanWouldPickAnother()
    {
        // c00: 0, 100, 100, 100 → mean 75, IQM 100 (the middle two); c01: 80 × 4 → mean 80, IQM 80; c02: 10 × 4.
        // By mean c01 would lead; by IQM (the report's ranking) c00 does.
        var sweep = Finished(Study, [0, 100, 100, 100, 80, 80, 80, 80, 10, 10, 10, 10]);
        var best = SweepSummary.Read(sweep).Best!;
        Assert.That((best.ConfigurationId, best.Iqm, best.MeanScore, best.Seeds, best.Budget), Is.EqualTo(("c00", 100.0, 75.0, 4, 1000L)));
        Assert.That(ReportBest(sweep), Is.EqualTo("c00"));

        var (code, output) = Rlarena.Run(_folder, "sweep", "status", sweep.Path);
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("Best so far: c00 (learning_rate=0.001): IQM eval_return 100 (mean 75) over 4 seed(s) at 1,000 steps"));
    }

    [Test]
    public void StatusAndReportAgreeOnRandomScoresWithTiesAndForLowerIsBetter()
    {
        var rng = new Random(13);
        var minimize = Study.Replace("eval_episodes: 1", "eval_episodes: 1\nmetric: charts/episodic_return\ndirection: min");
        for (var round = 0; round < 40; round++)
        {
            var text = round % 2 == 0 ? Study : minimize;
            // Whole numbers from a small range: configurations often tie on IQM, sometimes on mean too.
            var scores = Enumerable.Range(0, 12).Select(_ => (double)rng.Next(0, 4)).ToList();
            var sweep = Finished(text, scores);
            Assert.That(SweepSummary.Read(sweep).Best!.ConfigurationId, Is.EqualTo(ReportBest(sweep)),
                $"round {round} ({(round % 2 == 0 ? "max" : "min")}): scores {string.Join(", ", scores)}");
        }
    }

    [Test]
    public void TiesOnIqmAndMeanKeepPlanningOrderBeyondAHundredConfigurations()
    {
        // Ids c99 and c100 sort the other way as text: the ranking follows the plan, not the id.
        var items = new[] { ("c99", 5.0), ("c100", 5.0), ("c101", 7.0) };
        var best = SweepRanking.BestFirst(items, i => SweepRanking.Standing([i.Item2]), maximize: true).Select(i => i.Item1);
        Assert.That(best, Is.EqualTo(new[] { "c101", "c99", "c100" }));
    }
}
