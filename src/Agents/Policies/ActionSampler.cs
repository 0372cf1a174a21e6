using RLArena.Core.Reproducibility;
using RLArena.Engine.Reproducibility;

namespace RLArena.Agents.Policies;

/// <summary>
/// Chooses actions from one row of logits or Q-values on the CPU, honouring an action mask, with the run's own
/// <see cref="Rng"/> (so a resumed run draws the same actions). This is what the rollouts use: one batched network
/// call for all environments, then one cheap pass per environment here.
/// </summary>
public static class ActionSampler
{
    /// <summary>
    /// Samples from softmax(logits) over the allowed actions (or takes the most likely allowed action when
    /// <paramref name="deterministic"/>). Writes the probabilities into <paramref name="probabilities"/> (0 for masked
    /// actions) and returns the action; <paramref name="logProb"/> is its log-probability.
    /// </summary>
    public static int SampleCategorical(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, Rng? rng, bool deterministic,
        Span<float> probabilities, out float logProb)
    {
        var count = logits.Length;
        var hasMask = mask.Length == count;
        var max = float.NegativeInfinity;
        var best = -1;
        for (var a = 0; a < count; a++)
        {
            if (hasMask && !mask[a]) continue;
            if (logits[a] > max) (max, best) = (logits[a], a);
        }
        if (best < 0) throw NoActionToTake(logits, mask, hasMask);

        double sum = 0;
        for (var a = 0; a < count; a++)
        {
            var p = hasMask && !mask[a] ? 0.0 : Math.Exp(logits[a] - max);
            probabilities[a] = (float)p;
            sum += p;
        }
        var logSum = Math.Log(sum);
        for (var a = 0; a < count; a++) probabilities[a] = (float)(probabilities[a] / sum);

        var action = best;
        if (!deterministic)
        {
            if (rng is null) throw new ArgumentNullException(nameof(rng), "sampling needs a random generator");
            var u = rng.NextDouble() * sum;
            double cumulative = 0;
            var last = best;
            for (var a = 0; a < count; a++)
            {
                if (hasMask && !mask[a]) continue;
                var p = Math.Exp(logits[a] - max);
                cumulative += p;
                last = a;
                if (u < cumulative) break;
            }
            action = last;
        }
        logProb = (float)(logits[action] - max - logSum);
        return action;
    }

    // Only reached when no allowed action scored above -∞: every action masked (a bug in the environment), or NaN
    // scores (NaN observations from the environment; the trainers stop on NaN weights before acting).
    private static Exception NoActionToTake(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, bool hasMask)
    {
        for (var a = 0; a < logits.Length; a++)
        {
            if ((!hasMask || mask[a]) && float.IsNaN(logits[a]))
                return new Core.Errors.UserFacingException(
                    "the policy's action scores are NaN, so no action can be sampled; the environment's observations are probably NaN or infinite (check it with 'rlarena check-env').");
        }
        return new InvalidOperationException("every action is masked; an environment must allow at least one action.");
    }

    /// <summary>The allowed action with the highest value (ties: the lowest index).</summary>
    public static int ArgMax(ReadOnlySpan<float> values, ReadOnlySpan<bool> mask)
    {
        var hasMask = mask.Length == values.Length;
        var best = -1;
        var max = float.NegativeInfinity;
        for (var a = 0; a < values.Length; a++)
        {
            if (hasMask && !mask[a]) continue;
            if (best < 0 || values[a] > max) (max, best) = (values[a], a);
        }
        if (best < 0) throw new InvalidOperationException("every action is masked; an environment must allow at least one action.");
        return best;
    }

    /// <summary>A uniformly random allowed action.</summary>
    public static int RandomAllowed(ReadOnlySpan<bool> mask, int count, Rng rng)
    {
        if (mask.Length != count) return rng.NextInt(count);
        var allowed = 0;
        for (var a = 0; a < count; a++) if (mask[a]) allowed++;
        if (allowed == 0) throw new InvalidOperationException("every action is masked; an environment must allow at least one action.");
        var pick = rng.NextInt(allowed);
        for (var a = 0; a < count; a++)
        {
            if (!mask[a]) continue;
            if (pick-- == 0) return a;
        }
        return count - 1;
    }
}
