using RLArena.Agents.Policies;
using TorchSharp;
using static TorchSharp.torch;

namespace RLArena.Agents.Dqn;

/// <summary>
/// DQN's one-step TD target y = r + γ · (1 − terminated) · Q_next, as a pure tensor function. Plain DQN takes
/// Q_next = max over allowed actions of the target network's Q(s'); Double DQN (van Hasselt et al. 2016) picks the
/// action with the online network and evaluates it with the target network. Truncated transitions have
/// terminated = 0, so they bootstrap from their real final observation.
/// </summary>
public static class TdTarget
{
    /// <param name="rewards">[B]</param>
    /// <param name="terminated">[B], 1 where the episode terminated.</param>
    /// <param name="targetNextQ">target network Q(s', ·), [B, A].</param>
    /// <param name="onlineNextQ">online network Q(s', ·) for Double DQN, else null.</param>
    /// <param name="nextMask">allowed actions in s', [B, A] bool, or null.</param>
    /// <param name="gamma">The discount factor.</param>
    public static Tensor Compute(Tensor rewards, Tensor terminated, Tensor targetNextQ, Tensor? onlineNextQ, Tensor? nextMask, double gamma)
    {
        Tensor nextQ;
        if (onlineNextQ is null)
        {
            nextQ = MaskedCategorical.Apply(targetNextQ, nextMask).max(-1).values;
        }
        else
        {
            var best = MaskedCategorical.Apply(onlineNextQ, nextMask).argmax(-1, keepdim: true);
            nextQ = targetNextQ.gather(-1, best).squeeze(-1);
        }
        return rewards + gamma * (1.0 - terminated) * nextQ;
    }
}
