using TorchSharp;
using static TorchSharp.torch;

namespace RLArena.Agents.Policies;

/// <summary>
/// A categorical distribution over discrete actions whose invalid actions (mask false) get a logit of
/// <see cref="MaskedLogit"/>, so their probability is exactly zero and they are never chosen (Huang and Ontañón,
/// "A Closer Look at Invalid Action Masking"). Tensor form, used in the PPO update.
/// </summary>
public static class MaskedCategorical
{
    /// <summary>The logit given to masked actions: exp of it is 0 in float32, yet it stays finite (no NaN).</summary>
    public const float MaskedLogit = -1e8f;

    /// <summary>logits where mask is true, <see cref="MaskedLogit"/> elsewhere. A null mask leaves logits as they are.</summary>
    public static Tensor Apply(Tensor logits, Tensor? mask) =>
        mask is null ? logits : logits.masked_fill(mask.logical_not(), MaskedLogit);

    /// <summary>Log-probabilities of <paramref name="actions"/> (int64, shape [B]) under (masked) logits [B, A].</summary>
    public static Tensor LogProb(Tensor maskedLogits, Tensor actions) =>
        torch.nn.functional.log_softmax(maskedLogits, -1).gather(-1, actions.unsqueeze(-1)).squeeze(-1);

    /// <summary>Entropy per row, −Σ p log p; masked actions contribute 0.</summary>
    public static Tensor Entropy(Tensor maskedLogits)
    {
        var logProbs = torch.nn.functional.log_softmax(maskedLogits, -1);
        return -(logProbs.exp() * logProbs).sum(-1);
    }

    /// <summary>Both at once, sharing the log-softmax (what the PPO update needs).</summary>
    public static (Tensor LogProb, Tensor Entropy) LogProbAndEntropy(Tensor maskedLogits, Tensor actions)
    {
        var logProbs = torch.nn.functional.log_softmax(maskedLogits, -1);
        var chosen = logProbs.gather(-1, actions.unsqueeze(-1)).squeeze(-1);
        var entropy = -(logProbs.exp() * logProbs).sum(-1);
        return (chosen, entropy);
    }
}
