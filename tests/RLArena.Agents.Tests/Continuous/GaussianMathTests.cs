using RLArena.Agents.Continuous;
using RLArena.Agents.Sac;
using TorchSharp;

namespace RLArena.Agents.Tests.Continuous;

/// <summary>The Gaussian log-probability, entropy and SAC's tanh correction against values computed by hand.</summary>
public class GaussianMathTests
{
    private static torch.Tensor T(params float[] values) => torch.tensor(values).reshape(1, values.Length);

    [Test]
    public void LogProbabilityOfADiagonalGaussianIsTheSumOfTheNormalDensities()
    {
        // x = (0.5, −1), mean = (0, 0), log-std = (0, ln 2):
        // log N(0.5; 0, 1) = −0.125 − 0.918939 = −1.043939; log N(−1; 0, 2) = −0.125 − ln 2 − 0.918939 = −1.737086
        var logProb = DiagonalGaussian.LogProb(T(0, 0), T(0, (float)Math.Log(2)), T(0.5f, -1f)).item<float>();
        Assert.That(logProb, Is.EqualTo(-1.043939 - 1.737086).Within(1e-5));
    }

    [Test]
    public void LogStdBroadcastsOverTheBatch()
    {
        var mean = torch.zeros(2, 1);
        var logStd = torch.zeros(1, 1);
        var logProb = DiagonalGaussian.LogProb(mean, logStd, torch.tensor(new float[] { 0f, 1f }).reshape(2, 1)).data<float>().ToArray();
        Assert.That(logProb[0], Is.EqualTo(-0.918939).Within(1e-5));
        Assert.That(logProb[1], Is.EqualTo(-1.418939).Within(1e-5));
    }

    [Test]
    public void EntropyIsHalfPlusLogSqrtTwoPiPlusLogStdPerDimension()
    {
        // 2 × (0.5 + 0.918939) + 0 + ln 0.5 = 2.837877 − 0.693147
        var entropy = DiagonalGaussian.Entropy(T(0, (float)Math.Log(0.5))).item<float>();
        Assert.That(entropy, Is.EqualTo(2.144730).Within(1e-5));
    }

    [Test]
    public void SquashedSampleAppliesTheTanhCorrection()
    {
        // mean 0.2, log-std ln 0.5, noise 1 → u = 0.7; tanh(0.7) = 0.604368; scale 2, bias 1 → action 2.208736.
        // log N(0.7; 0.2, 0.5) = −0.5 − ln 0.5 − 0.918939 = −0.725791
        // correction log(2 · (1 − 0.604368²) + 1e-6) = log(1.269485) = 0.238611 → −0.964402
        var (action, logProb) = SquashedGaussian.Sample(T(0.2f), T((float)Math.Log(0.5)), T(1f), torch.tensor(new[] { 2f }), torch.tensor(new[] { 1f }));
        Assert.That(action.item<float>(), Is.EqualTo(2.208736).Within(1e-5));
        Assert.That(logProb.item<float>(), Is.EqualTo(-0.964402).Within(1e-5));
    }

    [Test]
    public void DeterministicActionIsTanhOfTheMeanRescaled()
    {
        var action = SquashedGaussian.Deterministic(T(0.2f, -3f), torch.tensor(new[] { 2f, 1f }), torch.tensor(new[] { 0f, 0.5f })).data<float>().ToArray();
        Assert.That(action[0], Is.EqualTo(2 * Math.Tanh(0.2)).Within(1e-6));
        Assert.That(action[1], Is.EqualTo(Math.Tanh(-3) + 0.5).Within(1e-6));
    }

    [Test]
    public void LogStdIsSquashedIntoItsRange()
    {
        var bounded = SquashedGaussian.BoundLogStd(torch.tensor(new[] { -100f, 0f, 100f }), -5, 2).data<float>().ToArray();
        Assert.That(bounded, Is.EqualTo(new[] { -5f, -1.5f, 2f }).Within(1e-5));
    }

    [Test]
    public void NoiseIsStandardNormalAndRepeatsWithTheSeed()
    {
        var a = new float[20_000];
        GaussianNoise.Fill(new Core.Reproducibility.Rng(5), a);
        var b = new float[20_000];
        GaussianNoise.Fill(new Core.Reproducibility.Rng(5), b);
        Assert.That(b, Is.EqualTo(a));
        var mean = a.Average();
        var variance = a.Select(x => (x - mean) * (x - mean)).Average();
        Assert.That(mean, Is.EqualTo(0).Within(0.03));
        Assert.That(variance, Is.EqualTo(1).Within(0.03));
    }

    [Test]
    public void ClippingKeepsEveryElementInsideItsOwnBounds()
    {
        var actions = new[] { -5f, 0.5f, 3f, -0.2f };
        ActionBounds.Clip(actions, [-1f, 0f], [1f, 0.25f]);
        Assert.That(actions, Is.EqualTo(new[] { -1f, 0.25f, 1f, 0f }));
    }
}
