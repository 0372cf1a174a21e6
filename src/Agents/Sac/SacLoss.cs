using static TorchSharp.torch;

namespace RLArena.Agents.Sac;

/// <summary>SAC's targets and losses as pure tensor functions, each tested against hand-computed values.</summary>
public static class SacLoss
{
    /// <summary>
    /// The soft Bellman target r + γ·(1 − terminated)·(min(Q1', Q2') − α·log π(a'|s')). A truncated transition
    /// has terminated = 0, so it bootstraps from its real final observation.
    /// </summary>
    /// <param name="rewards">Rewards [B].</param>
    /// <param name="terminated">1 where the episode terminated at this transition, else 0, [B].</param>
    /// <param name="q1Next">Target critic 1 at (s', a'), [B].</param>
    /// <param name="q2Next">Target critic 2 at (s', a'), [B].</param>
    /// <param name="nextLogProb">log π(a'|s') of the sampled next action, [B].</param>
    /// <param name="alpha">The entropy coefficient.</param>
    /// <param name="gamma">The discount factor.</param>
    public static Tensor SoftTarget(Tensor rewards, Tensor terminated, Tensor q1Next, Tensor q2Next, Tensor nextLogProb, double alpha, double gamma)
    {
        var soft = minimum(q1Next, q2Next) - alpha * nextLogProb;
        return rewards + (1.0 - terminated) * gamma * soft;
    }

    /// <summary>The actor's loss: mean(α·log π(a|s) − min(Q1(s, a), Q2(s, a))) over the batch.</summary>
    /// <param name="logProb">log π of the reparameterised actions [B].</param>
    /// <param name="q1">Critic 1 at those actions [B].</param>
    /// <param name="q2">Critic 2 at those actions [B].</param>
    /// <param name="alpha">The entropy coefficient.</param>
    public static Tensor Actor(Tensor logProb, Tensor q1, Tensor q2, double alpha) => (alpha * logProb - minimum(q1, q2)).mean();

    /// <summary>
    /// The entropy coefficient's loss (CleanRL): mean(−exp(log α)·(log π + target entropy)), with log π detached.
    /// Its gradient raises α when the policy's entropy (−log π) is below the target, and lowers it above.
    /// </summary>
    /// <param name="logAlpha">The learned log α (a one-element tensor with gradient).</param>
    /// <param name="logProb">log π of fresh samples [B] (no gradient).</param>
    /// <param name="targetEntropy">The target entropy, −dim(A) by default.</param>
    public static Tensor Alpha(Tensor logAlpha, Tensor logProb, double targetEntropy) =>
        (-logAlpha.exp() * (logProb.detach() + targetEntropy)).mean();
}
