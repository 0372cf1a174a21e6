using RLArena.Sweeps.Files;
using RLArena.Sweeps.Planning;

namespace RLArena.Sweeps.Tests;

/// <summary>Ranking by IQM over seeds (with 2 seeds it equals the mean), and which configurations successive halving promotes.</summary>
public sealed class SweepRankingTests
{
    private static SweepPlan Plan(int configurations, int seeds, string direction = "max", int eta = 2) => new()
    {
        Name = "t", SourceFile = "t.yaml", CreatedUtc = DateTime.UnixEpoch, Algorithm = "ppo", Environment = "cartpole",
        Metric = SweepMetric.EvalReturn, Direction = direction, Steps = 1000, EvalEpisodes = 1, Device = "cpu",
        Seeds = Enumerable.Range(1, seeds).ToList(), Sampling = "grid", SearchSpace = [],
        Configurations = Enumerable.Range(0, configurations).Select(i => new PlannedConfiguration($"c{i:D2}", [])).ToList(),
        Trials = Enumerable.Range(0, configurations * seeds).Select(i => new PlannedTrial(i, $"c{i / seeds:D2}", i % seeds + 1)).ToList(),
        Halving = new HalvingPlan(eta, 100, [100, 1000]),
        Slurm = SlurmSettings.Empty,
    };

    private static TrialStatus Done(double score, long budget = 100) =>
        new() { State = TrialState.Done, TargetSteps = budget, Steps = budget, Scores = [new RungScore(budget, score, score)] };

    private static readonly TrialStatus Failed = new() { State = TrialState.Failed, TargetSteps = 100 };

    [Test]
    public void ConfigurationsRankByTheirIqmOverSeeds()
    {
        var plan = Plan(3, 2);
        // c00: mean 15; c01: mean 20 (one seed failed: the mean of the rest); c02: mean 12.5
        TrialStatus[] statuses = [Done(10), Done(20), Done(20), Failed, Done(5), Done(20)];
        var ranked = SweepRanking.Rank(plan, statuses, 100);
        Assert.That(ranked.Select(r => (r.ConfigurationId, r.MeanScore, r.Seeds)),
            Is.EqualTo(new[] { ("c01", 20.0, 1), ("c00", 15.0, 2), ("c02", 12.5, 2) }));
        var lowest = SweepRanking.Rank(Plan(3, 2, "min"), statuses, 100);
        Assert.That(lowest.Select(r => r.ConfigurationId), Is.EqualTo(new[] { "c02", "c00", "c01" }));
    }

    [Test]
    public void HalvingPromotesTheBestOneOverEtaAndNeverAnAllFailedConfiguration()
    {
        var plan = Plan(5, 1);
        TrialStatus[] statuses = [Done(1), Failed, Done(3), Done(4), Done(2)];
        var all = plan.Configurations.Select(c => c.Id).ToList();
        Assert.That(SweepRanking.Promote(plan, statuses, 100, all), Is.EqualTo(new[] { "c03", "c02" }), "⌊5/2⌋ = 2 promoted");
        Assert.That(SweepRanking.Promote(Plan(5, 1, eta: 3), statuses, 100, all), Is.EqualTo(new[] { "c03" }));
        Assert.That(SweepRanking.Promote(plan, statuses, 100, ["c00", "c01"]), Is.EqualTo(new[] { "c00" }), "at least one");
        Assert.That(SweepRanking.Promote(plan, statuses, 100, ["c01"]), Is.Empty, "a configuration whose every seed failed is not promoted");
    }

    [Test]
    public void TiesKeepPlanningOrder()
    {
        var plan = Plan(4, 1);
        TrialStatus[] statuses = [Done(7), Done(9), Done(9), Done(7)];
        Assert.That(SweepRanking.Rank(plan, statuses, 100).Select(r => r.ConfigurationId), Is.EqualTo(new[] { "c01", "c02", "c00", "c03" }));
    }

    [Test]
    public void TheBestSoFarIsTakenAtTheLargestBudgetReached()
    {
        var plan = Plan(3, 1);
        // c00 scored 50 at the first rung only; c01 reached the full budget with 30; c02 nothing yet.
        TrialStatus[] statuses =
        [
            Done(50),
            Done(10) with { Scores = [new RungScore(100, 10, 10), new RungScore(1000, 30, 30)], TargetSteps = 1000 },
            new() { State = TrialState.Pending },
        ];
        var best = SweepRanking.Best(plan, statuses)!;
        Assert.That((best.ConfigurationId, best.Budget, best.MeanScore), Is.EqualTo(("c01", 1000L, 30.0)));
        Assert.That(SweepRanking.Best(plan, [new TrialStatus(), new TrialStatus(), new TrialStatus()]), Is.Null);
    }
}
