using RLArena.Core.Reproducibility;
using RLArena.Core.Statistics;

namespace RLArena.Reports.Tests;

public class AggregatesTests
{
    // rliable's own test (tests/rliable/metrics_test.py): score matrices of runs × tasks.
    private static readonly ScoreMatrix X = new(new double[,] { { 1, 2 }, { 2, 2 }, { 1, 1 }, { 2, 1 } });
    private static readonly ScoreMatrix Y = new(new double[,] { { 1, 1 }, { 2, 2 }, { 3, 3 } });

    [Test]
    public void RliableDocumentedExample()
    {
        Assert.That(Aggregates.Median(X), Is.EqualTo(1.5));
        Assert.That(Aggregates.Mean(X), Is.EqualTo(1.5));
        Assert.That(Aggregates.InterquartileMean(X), Is.EqualTo(1.5));
        Assert.That(Aggregates.Median(Y), Is.EqualTo(2));
        Assert.That(Aggregates.Mean(Y), Is.EqualTo(2));
        Assert.That(Aggregates.InterquartileMean(Y), Is.EqualTo(2));
        Assert.That(Aggregates.ProbabilityOfImprovement(X, Y), Is.EqualTo(1.0 / 3).Within(1e-12));
    }

    [TestCase(new double[] { 1, 2, 3, 4 }, 2.5)]                       // floor(4/4)=1 cut each end: mean(2, 3)
    [TestCase(new double[] { 5, 1, 4, 2, 3 }, 3.0)]                    // floor(5/4)=1: mean(2, 3, 4)
    [TestCase(new double[] { 10, 1, 100, 2, 3, 1000, 4, 5 }, 5.5)]     // floor(8/4)=2: mean(3, 4, 5, 10)
    [TestCase(new double[] { 7, 1, 4 }, 4.0)]                          // floor(3/4)=0: the plain mean
    [TestCase(new double[] { 42 }, 42.0)]
    public void InterquartileMeanDropsAQuarterFromEachEnd(double[] scores, double expected)
    {
        Assert.That(Aggregates.InterquartileMean(ScoreMatrix.FromRuns(scores)), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void OneTaskMedianOfTaskMeansIsTheMeanButRunMedianIsTheMedianOfSeeds()
    {
        var m = ScoreMatrix.FromRuns([1, 2, 9]);
        Assert.That(Aggregates.Median(m), Is.EqualTo(4));
        Assert.That(Aggregates.RunMedian(m), Is.EqualTo(2));
        Assert.That(Aggregates.RunMedian(ScoreMatrix.FromRuns([4, 1, 3, 2])), Is.EqualTo(2.5));
    }

    [Test]
    public void OptimalityGapClipsAtGamma()
    {
        Assert.That(Aggregates.OptimalityGap(ScoreMatrix.FromRuns([0.5, 1.5]), 1), Is.EqualTo(0.25));
        Assert.That(Aggregates.OptimalityGap(ScoreMatrix.FromRuns([500, 400, 500]), 500), Is.EqualTo(100.0 / 3).Within(1e-9));
        Assert.That(Aggregates.OptimalityGap(ScoreMatrix.FromRuns([600, 700]), 500), Is.EqualTo(0));
    }

    [Test]
    public void PercentilesInterpolateLinearlyLikeNumpy()
    {
        double[] v = [4, 1, 3, 2];
        Assert.That(Quantiles.Percentile(v, 25), Is.EqualTo(1.75));
        Assert.That(Quantiles.Percentile(v, 0), Is.EqualTo(1));
        Assert.That(Quantiles.Percentile(v, 100), Is.EqualTo(4));
        Assert.That(Quantiles.Percentile(v, 97.5), Is.EqualTo(3.925).Within(1e-12));
        Assert.That(Quantiles.Median([3, 1, 2]), Is.EqualTo(2));
    }

    [Test]
    public void BadInputIsRefused()
    {
        Assert.Throws<ArgumentException>(() => ScoreMatrix.FromRuns([]));
        Assert.Throws<ArgumentException>(() => ScoreMatrix.FromRuns([1, double.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StratifiedBootstrap(repetitions: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StratifiedBootstrap(confidence: 1.0));
        Assert.Throws<ArgumentException>(() => Aggregates.ProbabilityOfImprovement(X, ScoreMatrix.FromRuns([1])));
    }
}

public class StratifiedBootstrapTests
{
    [Test]
    public void SameSeedGivesTheSameIntervalAndAnotherSeedAnother()
    {
        var scores = ScoreMatrix.FromRuns([3, 7, 1, 9, 4, 6]);
        var a = new StratifiedBootstrap(2000, seed: 5).Estimate(scores, Aggregates.InterquartileMean);
        var b = new StratifiedBootstrap(2000, seed: 5).Estimate(scores, Aggregates.InterquartileMean);
        var c = new StratifiedBootstrap(2000, seed: 6).Estimate(scores, Aggregates.InterquartileMean);
        Assert.That(b, Is.EqualTo(a));
        Assert.That(c.Lower != a.Lower || c.Upper != a.Upper, Is.True);
        Assert.That(a.Value, Is.EqualTo(Aggregates.InterquartileMean(scores)));
        Assert.That(a.Lower, Is.LessThanOrEqualTo(a.Value));
        Assert.That(a.Upper, Is.GreaterThanOrEqualTo(a.Value));
        Assert.That(a.Lower, Is.GreaterThanOrEqualTo(1));
        Assert.That(a.Upper, Is.LessThanOrEqualTo(9));
    }

    [Test]
    public void IdenticalRunsGiveAZeroWidthInterval()
    {
        var e = new StratifiedBootstrap(500).Estimate(ScoreMatrix.FromRuns([500, 500, 500]), Aggregates.Mean);
        Assert.That(e, Is.EqualTo(new IntervalEstimate(500, 500, 500)));
    }

    [Test]
    public void ResamplesRunsWithinEachTaskOnly()
    {
        // Task 0 holds {0, 1}, task 1 holds {100, 101}: a resample never moves a score to another task.
        var scores = new ScoreMatrix(new double[,] { { 0, 100 }, { 1, 101 } });
        var maxOfTask0 = new StratifiedBootstrap(1000, seed: 1).Estimate(scores, m => m.Column(0).Max());
        var minOfTask1 = new StratifiedBootstrap(1000, seed: 1).Estimate(scores, m => m.Column(1).Min());
        Assert.That(maxOfTask0.Upper, Is.LessThanOrEqualTo(1));
        Assert.That(minOfTask1.Lower, Is.GreaterThanOrEqualTo(100));
        Assert.That(maxOfTask0.Lower, Is.EqualTo(0), "some resamples draw run 0 twice");
    }

    [Test]
    public void MeanIntervalOfALargeNormalSampleMatchesTheNormalTheory()
    {
        var rng = new Rng(11);
        var sample = Enumerable.Range(0, 1000).Select(_ => Normal(rng)).ToArray();
        var e = new StratifiedBootstrap(2000, seed: 3).Estimate(ScoreMatrix.FromRuns(sample), Aggregates.Mean);
        var sd = Math.Sqrt(sample.Select(x => (x - e.Value) * (x - e.Value)).Sum() / (sample.Length - 1));
        var expectedWidth = 2 * 1.96 * sd / Math.Sqrt(sample.Length);
        Assert.That(e.Upper - e.Lower, Is.EqualTo(expectedWidth).Within(0.1 * expectedWidth));
        Assert.That((e.Upper + e.Lower) / 2, Is.EqualTo(e.Value).Within(0.1 * expectedWidth));
    }

    [Test]
    public void NinetyFivePercentIntervalsCoverTheTrueMeanAboutNinetyFivePercentOfTheTime()
    {
        // 300 samples of 30 draws from N(10, 2²): a 95% percentile interval should contain 10 in roughly 95% of them
        // (the percentile bootstrap runs a little narrow at n = 30, hence the lower bound of 88%).
        var rng = new Rng(2024);
        var covered = 0;
        const int trials = 300;
        for (var t = 0; t < trials; t++)
        {
            var sample = Enumerable.Range(0, 30).Select(_ => 10 + 2 * Normal(rng)).ToArray();
            var e = new StratifiedBootstrap(1000, seed: t).Estimate(ScoreMatrix.FromRuns(sample), Aggregates.Mean);
            if (e.Lower <= 10 && 10 <= e.Upper) covered++;
        }
        var coverage = covered / (double)trials;
        Assert.That(coverage, Is.InRange(0.88, 0.99));
    }

    private static double Normal(Rng rng)
    {
        var u1 = 1 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

public class PerformanceProfileTests
{
    [Test]
    public void FractionOfRunsStrictlyAboveTau()
    {
        var scores = ScoreMatrix.FromRuns([1, 2, 3, 4]);
        Assert.That(PerformanceProfile.FractionAbove(scores, 0), Is.EqualTo(1));
        Assert.That(PerformanceProfile.FractionAbove(scores, 2.5), Is.EqualTo(0.5));
        Assert.That(PerformanceProfile.FractionAbove(scores, 3), Is.EqualTo(0.25));
        Assert.That(PerformanceProfile.FractionAbove(scores, 4), Is.EqualTo(0));
        Assert.That(PerformanceProfile.FractionAbove(scores, 2.5, higherIsBetter: false), Is.EqualTo(0.5));
        Assert.That(PerformanceProfile.FractionAbove(scores, 1, higherIsBetter: false), Is.EqualTo(0));
    }

    [Test]
    public void ProfileOverThresholdsWithBands()
    {
        var scores = new ScoreMatrix(new double[,] { { 1, 10 }, { 2, 20 }, { 3, 30 } });
        var taus = PerformanceProfile.Thresholds(0, 40, 5);
        Assert.That(taus, Is.EqualTo(new double[] { 0, 10, 20, 30, 40 }));
        var profile = PerformanceProfile.Compute(scores, taus, new StratifiedBootstrap(StratifiedBootstrap.DefaultProfileRepetitions, seed: 1));
        Assert.That(profile.Select(p => p.Fraction), Is.EqualTo(new[] { 1.0, 2.0 / 6, 1.0 / 6, 0, 0 }).Within(1e-12));
        foreach (var p in profile)
        {
            Assert.That(p.Lower, Is.InRange(0.0, p.Fraction));
            Assert.That(p.Upper, Is.InRange(p.Fraction, 1.0));
        }
        Assert.That(profile[0].Lower, Is.EqualTo(1), "every resample has all runs above 0");
        Assert.That(profile[1].Upper, Is.GreaterThan(profile[1].Lower));
    }
}

public class CurveBandsTests
{
    [Test]
    public void RunsLoggedAtDifferentStepsAreInterpolatedOntoTheFirstRunsGrid()
    {
        IReadOnlyList<(double, double)> a = [(0, 0), (10, 10)];
        IReadOnlyList<(double, double)> b = [(0, 2), (20, 22)];
        var bands = CurveBands.Compute([a, b], new StratifiedBootstrap(500, seed: 1));
        Assert.That(bands.Select(p => p.X), Is.EqualTo(new double[] { 0, 10 }));
        Assert.That(bands[0].Mean, Is.EqualTo(1));
        Assert.That(bands[1].Mean, Is.EqualTo(11), "b at step 10 is 12 by interpolation");
        Assert.That(bands[1].Lower, Is.EqualTo(10));
        Assert.That(bands[1].Upper, Is.EqualTo(12));
        Assert.That(bands.All(p => p.Runs == 2));
    }

    [Test]
    public void LongCurvesAreThinnedAndEmptyRunsIgnored()
    {
        var curve = Enumerable.Range(0, 1000).Select(i => ((double)i, (double)i)).ToArray();
        var bands = CurveBands.Compute([curve, curve, []], new StratifiedBootstrap(100), maxPoints: 50);
        Assert.That(bands, Has.Length.EqualTo(50));
        Assert.That(bands[0].X, Is.EqualTo(0));
        Assert.That(bands[^1].X, Is.EqualTo(999));
        Assert.That(bands.All(p => p.Mean == p.X && p.Lower == p.X && p.Upper == p.X));
        Assert.That(CurveBands.Compute([], new StratifiedBootstrap(100)), Is.Empty);
    }
}
