using static TorchSharp.torch;

namespace RLArena.Agents.Continuous;

/// <summary>
/// A diagonal Gaussian over action vectors (PyTorch's <c>Normal</c> with the log-probability and entropy summed
/// over the action dimensions), as pure tensor functions: PPO's continuous head and the base of SAC's squashed
/// policy. Shapes: [B, A] in, [B] out.
/// </summary>
public static class DiagonalGaussian
{
    /// <summary>log(√(2π)), the constant of the normal density.</summary>
    public static readonly double LogSqrtTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>Σ_j log N(action_j; mean_j, exp(logStd_j)) per row.</summary>
    /// <param name="mean">Means [B, A].</param>
    /// <param name="logStd">Log standard deviations, [B, A] or [A] (broadcast).</param>
    /// <param name="action">Actions [B, A].</param>
    public static Tensor LogProb(Tensor mean, Tensor logStd, Tensor action) =>
        ElementLogProb(mean, logStd, action).sum(-1);

    /// <summary>log N(action; mean, exp(logStd)) per element, not summed.</summary>
    /// <param name="mean">Means.</param>
    /// <param name="logStd">Log standard deviations (broadcast against <paramref name="mean"/>).</param>
    /// <param name="action">Actions.</param>
    public static Tensor ElementLogProb(Tensor mean, Tensor logStd, Tensor action)
    {
        var z = (action - mean) / logStd.exp();
        return -0.5 * z.square() - logStd - LogSqrtTwoPi;
    }

    /// <summary>Σ_j (½ + log √(2π) + logStd_j) per row: the entropy of the diagonal Gaussian.</summary>
    /// <param name="logStd">Log standard deviations [B, A].</param>
    public static Tensor Entropy(Tensor logStd) => (logStd + (0.5 + LogSqrtTwoPi)).sum(-1);
}
