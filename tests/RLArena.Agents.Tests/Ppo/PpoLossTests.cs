using RLArena.Agents.Policies;
using RLArena.Agents.Ppo;
using RLArena.Engine.Devices;
using TorchSharp;

namespace RLArena.Agents.Tests.Ppo;

public class PpoLossTests
{
    [OneTimeSetUp]
    public void Load() => TorchRuntime.EnsureLoaded();

    [Test]
    public void ClippedSurrogateMatchesHandComputedValues()
    {
        using var scope = torch.NewDisposeScope();
        // ratios 1.5, 0.5, 1.1; advantages 1, -1, 2; clip 0.2
        var newLogProb = torch.tensor(new[] { MathF.Log(1.5f), MathF.Log(0.5f), MathF.Log(1.1f) });
        var oldLogProb = torch.zeros(3);
        var advantages = torch.tensor(new[] { 1f, -1f, 2f });
        var (loss, kl, clipFraction) = PpoLoss.ClippedSurrogate(newLogProb, oldLogProb, advantages, 0.2);
        // max(-1.5, -1.2) = -1.2; max(0.5, 0.8) = 0.8; max(-2.2, -2.2) = -2.2; mean = -2.6 / 3
        Assert.That(loss.item<float>(), Is.EqualTo(-2.6f / 3).Within(1e-5f));
        // mean of (r - 1) - ln r
        var expectedKl = ((0.5 - Math.Log(1.5)) + (-0.5 - Math.Log(0.5)) + (0.1 - Math.Log(1.1))) / 3;
        Assert.That(kl!.item<float>(), Is.EqualTo((float)expectedKl).Within(1e-5f));
        Assert.That(clipFraction!.item<float>(), Is.EqualTo(2f / 3).Within(1e-6f));
    }

    [Test]
    public void ClippedSurrogateGradientVanishesOutsideTheClipRange()
    {
        using var scope = torch.NewDisposeScope();
        var newLogProb = torch.tensor(new[] { MathF.Log(1.5f), MathF.Log(1.1f) }, requires_grad: true);
        var (loss, _, _) = PpoLoss.ClippedSurrogate(newLogProb, torch.zeros(2), torch.tensor(new[] { 1f, 1f }), 0.2);
        loss.backward();
        var grad = newLogProb.grad!.data<float>().ToArray();
        Assert.That(grad[0], Is.EqualTo(0f), "ratio 1.5 with a positive advantage is clipped");
        Assert.That(grad[1], Is.EqualTo(-1.1f / 2).Within(1e-5f), "d(-A r / n)/d log r = -A r / n");
    }

    [Test]
    public void ValueLossClippedAndUnclipped()
    {
        using var scope = torch.NewDisposeScope();
        var newValues = torch.tensor(new[] { 1f, 2f, 3f });
        var oldValues = torch.tensor(new[] { 1.5f, 1.5f, 1.5f });
        var returns = torch.tensor(new[] { 2f, 2f, 2f });
        // unclipped: 0.5 * mean(1, 0, 1)
        Assert.That(PpoLoss.ValueLoss(newValues, oldValues, returns, null).item<float>(), Is.EqualTo(1f / 3).Within(1e-6f));
        // clipped values 1.3, 1.7, 1.7 → squares .49, .09, .09; max with 1, 0, 1 → 1, .09, 1
        Assert.That(PpoLoss.ValueLoss(newValues, oldValues, returns, 0.2).item<float>(), Is.EqualTo(0.5f * 2.09f / 3).Within(1e-6f));
    }

    [Test]
    public void EntropyAndLogProbWithAndWithoutMask()
    {
        using var scope = torch.NewDisposeScope();
        var expected = -(0.25 * Math.Log(0.25) + 0.75 * Math.Log(0.75));
        var logits = torch.tensor(new[] { 0f, MathF.Log(3f) }).reshape(1, 2);
        Assert.That(MaskedCategorical.Entropy(logits).item<float>(), Is.EqualTo((float)expected).Within(1e-6f));

        var wide = torch.tensor(new[] { 0f, MathF.Log(3f), 5f }).reshape(1, 3);
        var mask = torch.tensor(new[] { true, true, false }).reshape(1, 3);
        var masked = MaskedCategorical.Apply(wide, mask);
        var (logProb, entropy) = MaskedCategorical.LogProbAndEntropy(masked, torch.tensor(new long[] { 1 }));
        Assert.That(entropy.item<float>(), Is.EqualTo((float)expected).Within(1e-6f), "the masked action adds no entropy");
        Assert.That(logProb.item<float>(), Is.EqualTo(MathF.Log(0.75f)).Within(1e-6f));
        Assert.That(float.IsFinite(MaskedCategorical.LogProb(masked, torch.tensor(new long[] { 2 })).item<float>()), "no NaN or infinity");
    }

    [Test]
    public void TotalLossAndNormalisation()
    {
        using var scope = torch.NewDisposeScope();
        var total = PpoLoss.Total(torch.tensor(1f), torch.tensor(0.5f), torch.tensor(2f), 0.01, 0.5);
        Assert.That(total.item<float>(), Is.EqualTo(1f - 0.005f + 1f).Within(1e-6f));
        var normalised = PpoLoss.Normalize(torch.tensor(new[] { 1f, 2f, 3f })).data<float>().ToArray();
        Assert.That(normalised, Is.EqualTo(new[] { -1f, 0f, 1f }).Within(1e-6f)); // unbiased std of 1,2,3 is 1
        Assert.That(PpoLoss.ExplainedVariance([1f, 2f, 3f], [1f, 2f, 3f]), Is.EqualTo(1.0).Within(1e-12));
        Assert.That(PpoLoss.ExplainedVariance([0f, 0f, 0f], [1f, 2f, 3f]), Is.EqualTo(0.0).Within(1e-12));
    }
}
