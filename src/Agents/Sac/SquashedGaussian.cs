using RLArena.Agents.Continuous;
using static TorchSharp.torch;

namespace RLArena.Agents.Sac;

/// <summary>
/// SAC's tanh-squashed Gaussian policy as pure tensor functions (Haarnoja et al. 2018, appendix C; CleanRL's
/// <c>Actor.get_action</c>): u = mean + std·ε, action = tanh(u)·scale + bias, and
/// log π(action) = Σ_j [log N(u_j) − log(scale_j·(1 − tanh²(u_j)) + 1e-6)].
/// </summary>
public static class SquashedGaussian
{
    /// <summary>CleanRL's guard inside the change-of-variables logarithm.</summary>
    public const double Epsilon = 1e-6;

    /// <summary>
    /// The raw log-std squashed into [min, max] (SpinUp / CleanRL): min + ½(max − min)(tanh(raw) + 1).
    /// </summary>
    /// <param name="raw">The network's unbounded output.</param>
    /// <param name="min">Smallest log-std.</param>
    /// <param name="max">Largest log-std.</param>
    public static Tensor BoundLogStd(Tensor raw, double min, double max) => min + 0.5 * (max - min) * (raw.tanh() + 1.0);

    /// <summary>
    /// A reparameterised sample (gradients flow through <paramref name="mean"/> and <paramref name="logStd"/>) and
    /// its log-probability [B] with the tanh correction.
    /// </summary>
    /// <param name="mean">Gaussian means [B, A].</param>
    /// <param name="logStd">Gaussian log-stds [B, A].</param>
    /// <param name="noise">Standard normal draws [B, A].</param>
    /// <param name="scale">(high − low) / 2 per action dimension, [A].</param>
    /// <param name="bias">(high + low) / 2 per action dimension, [A].</param>
    public static (Tensor Action, Tensor LogProb) Sample(Tensor mean, Tensor logStd, Tensor noise, Tensor scale, Tensor bias) =>
        Squash(mean, logStd, mean + logStd.exp() * noise, scale, bias);

    /// <summary>
    /// The squashed action for a Gaussian sample <paramref name="u"/> and its log-probability [B] with the tanh
    /// correction; gSDE passes u = mean + latent · E here.
    /// </summary>
    /// <param name="mean">Gaussian means [B, A].</param>
    /// <param name="logStd">Gaussian log-stds [B, A].</param>
    /// <param name="u">The Gaussian sample before tanh [B, A].</param>
    /// <param name="scale">(high − low) / 2 per action dimension, [A].</param>
    /// <param name="bias">(high + low) / 2 per action dimension, [A].</param>
    public static (Tensor Action, Tensor LogProb) Squash(Tensor mean, Tensor logStd, Tensor u, Tensor scale, Tensor bias)
    {
        var y = u.tanh();
        var action = y * scale + bias;
        var logProb = DiagonalGaussian.ElementLogProb(mean, logStd, u) - (scale * (1.0 - y.square()) + Epsilon).log();
        return (action, logProb.sum(-1));
    }

    /// <summary>The deterministic action: tanh(mean)·scale + bias.</summary>
    /// <param name="mean">Gaussian means [B, A].</param>
    /// <param name="scale">(high − low) / 2, [A].</param>
    /// <param name="bias">(high + low) / 2, [A].</param>
    public static Tensor Deterministic(Tensor mean, Tensor scale, Tensor bias) => mean.tanh() * scale + bias;
}
