using TorchSharp;
using static TorchSharp.torch;

namespace RLArena.Agents.Ppo;

/// <summary>
/// PPO's loss terms as pure tensor functions (Schulman et al. 2017; the CleanRL/SB3 forms), each tested against
/// hand-computed values.
/// </summary>
public static class PpoLoss
{
    /// <summary>
    /// Clipped surrogate: mean of max(−A·r, −A·clip(r, 1−ε, 1+ε)) with r = exp(newLogProb − oldLogProb).
    /// Also returns the diagnostics CleanRL logs, computed without gradient: the clip fraction (share of
    /// |r − 1| &gt; ε, always) and approx-KL ((r − 1) − log r, Schulman's k3 estimator; only when
    /// <paramref name="approxKl"/> asks for it).
    /// </summary>
    public static (Tensor Loss, Tensor? ApproxKl, Tensor ClipFraction) ClippedSurrogate(
        Tensor newLogProb, Tensor oldLogProb, Tensor advantages, double clip, bool approxKl = true)
    {
        var logRatio = newLogProb - oldLogProb;
        var ratio = logRatio.exp();
        var unclipped = -advantages * ratio;
        var clipped = -advantages * ratio.clamp(1.0 - clip, 1.0 + clip);
        var loss = torch.maximum(unclipped, clipped).mean();
        using var noGrad = torch.no_grad();
        var clipFraction = (ratio - 1.0).abs().gt(clip).to_type(ScalarType.Float32).mean();
        var kl = approxKl ? ((ratio - 1.0) - logRatio).mean() : null;
        return (loss, kl, clipFraction);
    }

    /// <summary>
    /// Value loss 0.5·mean((V − R)²); with <paramref name="clip"/> set, CleanRL's clipped form
    /// 0.5·mean(max((V − R)², (V_old + clip(V − V_old, −c, c) − R)²)).
    /// </summary>
    public static Tensor ValueLoss(Tensor newValues, Tensor oldValues, Tensor returns, double? clip)
    {
        var unclipped = (newValues - returns).square();
        if (clip is null) return 0.5 * unclipped.mean();
        var clippedValues = oldValues + (newValues - oldValues).clamp(-clip.Value, clip.Value);
        var clipped = (clippedValues - returns).square();
        return 0.5 * torch.maximum(unclipped, clipped).mean();
    }

    /// <summary>Advantages normalised to mean 0, standard deviation 1 (unbiased std, + 1e-8), per minibatch.</summary>
    public static Tensor Normalize(Tensor advantages) =>
        advantages.numel() > 1 ? (advantages - advantages.mean()) / (advantages.std() + 1e-8) : advantages;

    /// <summary>The full objective: policy loss − entropy coefficient · entropy + value coefficient · value loss.</summary>
    public static Tensor Total(Tensor policyLoss, Tensor entropy, Tensor valueLoss, double entropyCoefficient, double valueCoefficient) =>
        policyLoss - entropyCoefficient * entropy + valueCoefficient * valueLoss;

    /// <summary>1 − Var(returns − values) / Var(returns) (NaN when the returns do not vary), as CleanRL logs it.</summary>
    public static double ExplainedVariance(ReadOnlySpan<float> values, ReadOnlySpan<float> returns)
    {
        var n = returns.Length;
        if (n == 0) return double.NaN;
        double meanY = 0, meanD = 0;
        for (var i = 0; i < n; i++) { meanY += returns[i]; meanD += returns[i] - values[i]; }
        meanY /= n; meanD /= n;
        double varY = 0, varD = 0;
        for (var i = 0; i < n; i++)
        {
            varY += (returns[i] - meanY) * (returns[i] - meanY);
            var d = returns[i] - values[i] - meanD;
            varD += d * d;
        }
        return varY == 0 ? double.NaN : 1 - varD / varY;
    }
}
