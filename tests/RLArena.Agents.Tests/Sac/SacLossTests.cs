using RLArena.Agents.Sac;
using TorchSharp;

namespace RLArena.Agents.Tests.Sac;

/// <summary>SAC's soft target, actor loss and entropy-coefficient update against hand-computed values.</summary>
public class SacLossTests
{
    private static torch.Tensor T(params float[] values) => torch.tensor(values);

    [Test]
    public void SoftTargetTakesTheSmallerCriticSubtractsTheEntropyTermAndStopsAtTermination()
    {
        // Row 0 (truncated or running): 1 + 0.9 · (min(5, 4) − 0.2 · (−1)) = 1 + 0.9 · 4.2 = 4.78
        // Row 1 (terminated): just the reward, 2
        // Row 2: 0 + 0.9 · (min(−3, 1) − 0.2 · 2) = 0.9 · (−3.4) = −3.06
        var target = SacLoss.SoftTarget(T(1, 2, 0), T(0, 1, 0), T(5, 10, -3), T(4, 20, 1), T(-1, 7, 2), alpha: 0.2, gamma: 0.9)
            .data<float>().ToArray();
        Assert.That(target, Is.EqualTo(new[] { 4.78f, 2f, -3.06f }).Within(1e-5));
    }

    [Test]
    public void ActorLossIsAlphaLogPiMinusTheSmallerCritic()
    {
        // mean(0.5 · (−1) − 3, 0.5 · 2 − (−1)) = mean(−3.5, 2) = −0.75
        Assert.That(SacLoss.Actor(T(-1, 2), T(3, 4), T(5, -1), 0.5).item<float>(), Is.EqualTo(-0.75).Within(1e-6));
    }

    [Test]
    public void EntropyCoefficientRisesWhenTheEntropyIsBelowTargetAndFallsAbove()
    {
        // loss = mean(−e^{logα} (logπ + target)); d/dlogα = −α · mean(logπ + target)
        foreach (var (logPi, expectedSign) in new[] { (2f, 1), (-3f, -1) })
        {
            var logAlpha = torch.zeros(1, requires_grad: true);
            var loss = SacLoss.Alpha(logAlpha, T(logPi, logPi), targetEntropy: -1);
            Assert.That(loss.item<float>(), Is.EqualTo(-(logPi - 1)).Within(1e-6));
            loss.backward();
            var gradient = logAlpha.grad!.item<float>();
            Assert.That(gradient, Is.EqualTo(-(logPi - 1)).Within(1e-6));
            // gradient descent moves log α against the gradient
            Assert.That(Math.Sign(-gradient), Is.EqualTo(expectedSign),
                logPi > 0 ? "entropy −logπ = −2 is below the target −1, so α must rise" : "entropy 3 is above the target −1, so α must fall");
        }
    }
}
