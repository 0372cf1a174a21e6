using RLArena.Agents.Continuous;
using RLArena.Agents.Sac;
using RLArena.Core.Reproducibility;
using TorchSharp;

namespace RLArena.Agents.Tests.Continuous;

/// <summary>
/// gSDE's math (shared by PPO and SAC) and SAC's gSDE actor against values computed by hand on a tiny case:
/// latent features (1.5, 2), log-std (ln 0.1, ln 0.2), draws (0.5, −1).
/// </summary>
public class StateDependentNoiseTests
{
    private static readonly double[] Latent = [1.5, 2.0];
    private static readonly double[] Std = [0.1, 0.2];
    private static readonly float[] Draws = [0.5f, -1f];

    private static torch.Tensor LatentRow() => torch.tensor(Latent.Select(v => (float)v).ToArray()).reshape(1, 2);

    private static torch.Tensor LogStdColumn(bool grad = false) =>
        torch.tensor(Std.Select(s => (float)Math.Log(s)).ToArray()).reshape(2, 1).requires_grad_(grad);

    // variance = 1.5² · 0.1² + 2² · 0.2² = 0.0225 + 0.16 = 0.1825 (+ 1e-6)
    private const double Variance = 0.1825 + StateDependentNoise.VarianceEpsilon;

    // noise = 1.5 · (0.5 · 0.1) + 2 · (−1 · 0.2) = 0.075 − 0.4
    private const double Noise = -0.325;

    [Test]
    public void ThePerStateLogStdIsHalfTheLogOfTheLatentWeightedVariance()
    {
        using var scope = torch.NewDisposeScope();
        var logStd = StateDependentNoise.LogStd(LatentRow(), LogStdColumn(), learnFeatures: false).item<float>();
        Assert.That(logStd, Is.EqualTo(0.5 * Math.Log(Variance)).Within(1e-6));
    }

    [Test]
    public void TheNoiseIsLatentTimesTheMatrixAndItsGradientReachesTheLogStd()
    {
        using var scope = torch.NewDisposeScope();
        var logStd = LogStdColumn(grad: true);
        var matrix = StateDependentNoise.Matrices(torch.tensor(Draws).reshape(1, 2, 1), logStd);
        var noise = StateDependentNoise.Apply(LatentRow(), matrix, learnFeatures: false);
        Assert.That(noise.item<float>(), Is.EqualTo(Noise).Within(1e-6));
        noise.sum().backward();
        // d noise / d log_std_i = latent_i · draw_i · std_i = 0.075 and −0.4
        Assert.That(logStd.grad!.data<float>().ToArray(), Is.EqualTo(new[] { 0.075f, -0.4f }).Within(1e-6f));
    }

    [Test]
    public void LearnFeaturesDecidesWhetherTheGradientsReachTheLatentFeatures()
    {
        using var scope = torch.NewDisposeScope();
        var matrix = StateDependentNoise.Matrices(torch.tensor(Draws).reshape(1, 2, 1), LogStdColumn());
        var learned = LatentRow().requires_grad_(true);
        (StateDependentNoise.Apply(learned, matrix, learnFeatures: true)
         + StateDependentNoise.LogStd(learned, LogStdColumn(), learnFeatures: true)).sum().backward();
        // d noise / d latent_i = draw_i · std_i = 0.05, −0.2;
        // d logstd / d latent_i = ½ · 2 · latent_i · std_i² / variance = 1.5 · 0.01 / 0.182501, 2 · 0.04 / 0.182501
        var expected = new[] { 0.05 + 0.015 / Variance, -0.2 + 0.08 / Variance };
        Assert.That(learned.grad!.data<float>().ToArray().Select(v => (double)v), Is.EqualTo(expected).Within(1e-6),
            "SAC (SB3's learn_features=True): both reach the features");

        var detached = LatentRow().requires_grad_(true);
        var fromDetached = StateDependentNoise.Apply(detached, matrix, learnFeatures: false)
                           + StateDependentNoise.LogStd(detached, LogStdColumn(), learnFeatures: false);
        Assert.That(fromDetached.requires_grad, Is.False, "PPO (learn_features=False): neither reaches the features");
    }

    [Test]
    public void SacsGsdeActorLetsItsGradientsReachTheTrunk()
    {
        using var scope = torch.NewDisposeScope();
        using var actor = new SacActor(1, 1, [2], new SacExploration(-5, 2, UseSde: true, LogStdInit: -3));
        using (torch.no_grad())
        {
            var parameters = actor.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            parameters["trunk.mlp.fc1.weight"].copy_(torch.tensor(new float[] { 1, 2 }).reshape(2, 1));
            parameters["trunk.mlp.fc1.bias"].copy_(torch.tensor(new float[] { 0, -1 }));
        }
        var (_, latent) = actor.forward(torch.tensor(new float[] { 1.5f }).reshape(1, 1));
        actor.LogStd(latent).sum().backward();
        var trunkGradient = actor.Trunk.parameters().Sum(p => p.grad is null ? 0 : p.grad.abs().sum().item<float>());
        Assert.That(trunkGradient, Is.GreaterThan(0), "the per-state log-std's gradient reaches SAC's hidden layers");
    }

    [Test]
    public void OneMatrixServesAWholeBatchAndOnePerRowServesEachRow()
    {
        using var scope = torch.NewDisposeScope();
        var latent = torch.tensor(new float[] { 1, 0, 0, 1 }).reshape(2, 2);
        var single = torch.tensor(new float[] { 3, 5 }).reshape(1, 2, 1);
        Assert.That(StateDependentNoise.Apply(latent, single, learnFeatures: false).data<float>().ToArray(), Is.EqualTo(new[] { 3f, 5f }));
        var perRow = torch.tensor(new float[] { 3, 5, 7, 11 }).reshape(2, 2, 1);
        Assert.That(StateDependentNoise.Apply(latent, perRow, learnFeatures: false).data<float>().ToArray(), Is.EqualTo(new[] { 3f, 11f }));
        Assert.Throws<ArgumentException>(() => StateDependentNoise.Apply(latent, torch.zeros(3, 2, 1), learnFeatures: false));
    }

    [Test]
    public void HeldMatricesAreDrawnFromTheRunsGeneratorAndRebuiltFromTheirDraws()
    {
        using var scope = torch.NewDisposeScope();
        using var held = new StateDependentNoise(1, 2, 1);
        Assert.That(held.Ready, Is.False);
        held.Resample(new Rng(5), LogStdColumn());
        var expected = new float[2];
        GaussianNoise.Fill(new Rng(5), expected);
        Assert.That(held.Draws, Is.EqualTo(expected));
        var first = held.Noise(LatentRow()).item<float>();
        Assert.That(first, Is.EqualTo(1.5 * expected[0] * 0.1 + 2 * expected[1] * 0.2).Within(1e-6));
        held.Rebuild(LogStdColumn());
        Assert.That(held.Noise(LatentRow()).item<float>(), Is.EqualTo(first), "the same draws give the same matrix");
    }

    [Test]
    public void SacsGsdeActorClipsTheMeanAndSquashesTheStateDependentSample()
    {
        using var scope = torch.NewDisposeScope();
        using var actor = new SacActor(1, 1, [2], new SacExploration(-5, 2, UseSde: true, LogStdInit: -3));
        Assert.That(actor.SdeLogStd!.shape, Is.EqualTo(new long[] { 2, 1 }));
        Assert.That(actor.SdeLogStd.data<float>().ToArray(), Is.EqualTo(new[] { -3f, -3f }), "log_std_init");
        Assert.That(actor.LogStdHead, Is.Null);
        var parameters = actor.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (torch.no_grad())
        {
            // latent = relu((1, 2)·1.5 + (0, −1)) = (1.5, 2); mean = 1.5 + 2 = 3.5, clipped to 2
            parameters["trunk.mlp.fc1.weight"].copy_(torch.tensor(new float[] { 1, 2 }).reshape(2, 1));
            parameters["trunk.mlp.fc1.bias"].copy_(torch.tensor(new float[] { 0, -1 }));
            parameters["fc_mean.weight"].copy_(torch.tensor(new float[] { 1, 1 }).reshape(1, 2));
            parameters["fc_mean.bias"].copy_(torch.zeros(1));
            parameters["log_std"].copy_(LogStdColumn());
        }
        var (mean, latent) = actor.forward(torch.tensor(new float[] { 1.5f }).reshape(1, 1));
        Assert.That(latent.data<float>().ToArray(), Is.EqualTo(new[] { 1.5f, 2f }));
        Assert.That(mean.item<float>(), Is.EqualTo(SacActor.ClipMean), "Hardtanh(−2, 2)");
        var logStd = actor.LogStd(latent);
        Assert.That(logStd.item<float>(), Is.EqualTo(0.5 * Math.Log(Variance)).Within(1e-6));

        var matrix = StateDependentNoise.Matrices(torch.tensor(Draws).reshape(1, 2, 1), actor.SdeLogStd);
        var one = torch.ones(1);
        var (action, logProb) = SquashedGaussian.Squash(mean, logStd, mean + StateDependentNoise.Apply(latent, matrix, SacActor.LearnsFeatures), one, torch.zeros(1));
        var u = 2.0 + Noise;
        var std = Math.Sqrt(Variance);
        var expectedLogProb = -0.5 * Math.Pow((u - 2.0) / std, 2) - Math.Log(std) - 0.5 * Math.Log(2 * Math.PI)
                              - Math.Log(1 - Math.Pow(Math.Tanh(u), 2) + SquashedGaussian.Epsilon);
        Assert.That(action.item<float>(), Is.EqualTo(Math.Tanh(u)).Within(1e-6));
        Assert.That(logProb.item<float>(), Is.EqualTo(expectedLogProb).Within(1e-5));

        var policy = new SacPolicy(actor, torch.CPU, 1, [-1f], [1f], new Rng(1));
        var deterministic = new float[1];
        policy.ActContinuous([1.5f], deterministic: true, deterministic);
        Assert.That(deterministic[0], Is.EqualTo(Math.Tanh(SacActor.ClipMean)).Within(1e-6), "deterministic action = tanh(clipped mean)");
    }
}
