using RLArena.Agents.Policies;
using RLArena.Core.Reproducibility;
using RLArena.Engine.Reproducibility;

namespace RLArena.Agents.Tests.Policies;

public class ActionSamplerTests
{
    [Test]
    public void MaskedActionsAreNeverChosenEvenWithTheHighestLogit()
    {
        var rng = new Rng(1);
        float[] logits = [10f, 0f, 0.5f, 20f, -1f];
        bool[] mask = [false, true, true, false, true];
        var probabilities = new float[5];
        var counts = new int[5];
        for (var i = 0; i < 20_000; i++)
            counts[ActionSampler.SampleCategorical(logits, mask, rng, false, probabilities, out _)]++;
        Assert.That(counts[0] + counts[3], Is.Zero);
        Assert.That(probabilities[0] + probabilities[3], Is.Zero);
        var z = 1 + Math.Exp(0.5) + Math.Exp(-1);
        Assert.That(counts[2] / 20_000.0, Is.EqualTo(Math.Exp(0.5) / z).Within(0.015));
        Assert.That(ActionSampler.SampleCategorical(logits, mask, null, true, probabilities, out var logProb), Is.EqualTo(2));
        Assert.That(logProb, Is.EqualTo((float)Math.Log(Math.Exp(0.5) / z)).Within(1e-5f));
        Assert.That(ActionSampler.ArgMax(logits, mask), Is.EqualTo(2));
        for (var i = 0; i < 1000; i++) Assert.That(mask[ActionSampler.RandomAllowed(mask, 5, rng)]);
    }

    [Test]
    public void AllMaskedIsAnError()
    {
        Assert.Throws<InvalidOperationException>(() =>
            ActionSampler.SampleCategorical([1f, 2f], [false, false], new Rng(1), false, new float[2], out _));
    }

    [Test]
    public void NaNScoresAreOneLineNamingTheObservationsNotAMaskError()
    {
        var e = Assert.Throws<RLArena.Core.Errors.UserFacingException>(() =>
            ActionSampler.SampleCategorical([float.NaN, float.NaN], [], new Rng(1), false, new float[2], out _))!;
        Assert.That(e.Message, Does.StartWith("the policy's action scores are NaN").And.Contain("observations"));
        Assert.Throws<InvalidOperationException>(() =>
            ActionSampler.SampleCategorical([float.NaN, 1f], [false, false], new Rng(1), false, new float[2], out _));
    }

    [Test]
    public void SameSeedSameActions()
    {
        var a = new Rng(5);
        var b = new Rng(5);
        var p = new float[3];
        for (var i = 0; i < 100; i++)
            Assert.That(ActionSampler.SampleCategorical([0.1f, 0.2f, 0.3f], [], a, false, p, out _),
                Is.EqualTo(ActionSampler.SampleCategorical([0.1f, 0.2f, 0.3f], [], b, false, p, out _)));
    }
}
