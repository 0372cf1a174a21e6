namespace RLArena.Agents.Ppo;

/// <summary>
/// Generalised advantage estimation (Schulman et al. 2016) over a rollout of T steps × N environments, stored
/// time-major (index t * N + i). A pure function with one rule for episode ends, which CleanRL gets wrong:
/// <list type="bullet">
/// <item>terminated at t (the task ended): nothing follows, so the next value is 0 and the trace stops;</item>
/// <item>truncated at t (a time limit cut it off): the episode would have gone on, so the next value is
/// V(final observation of that episode) and the trace stops there (the next row is a new episode);</item>
/// <item>otherwise the next value is V(s_{t+1}) (the next row, or <c>lastValues</c> after the final row) and the
/// trace continues.</item>
/// </list>
/// </summary>
public static class Gae
{
    /// <summary>
    /// Writes advantages and returns (advantage + value) for every step.
    /// </summary>
    /// <param name="steps">T, the rollout length (vector steps).</param>
    /// <param name="envs">N, the number of environment copies.</param>
    /// <param name="rewards">r_t, length T*N.</param>
    /// <param name="values">V(s_t) as recorded during the rollout, length T*N.</param>
    /// <param name="terminated">episode terminated at step t, length T*N.</param>
    /// <param name="truncated">episode truncated at step t, length T*N (ignored where terminated is also set).</param>
    /// <param name="finalValues">V(final observation) for rows that ended this step; read only where truncated.</param>
    /// <param name="lastValues">V(s_T) of the observations after the rollout, length N.</param>
    /// <param name="gamma">The discount factor.</param>
    /// <param name="lambda">The GAE λ (0: one-step TD, 1: Monte Carlo).</param>
    /// <param name="advantages">Receives the advantages, length T*N.</param>
    /// <param name="returns">Receives the returns (advantage + value), length T*N.</param>
    public static void Compute(
        int steps, int envs,
        ReadOnlySpan<float> rewards, ReadOnlySpan<float> values,
        ReadOnlySpan<bool> terminated, ReadOnlySpan<bool> truncated,
        ReadOnlySpan<float> finalValues, ReadOnlySpan<float> lastValues,
        double gamma, double lambda,
        Span<float> advantages, Span<float> returns)
    {
        var n = steps * envs;
        if (rewards.Length < n || values.Length < n || terminated.Length < n || truncated.Length < n
            || finalValues.Length < n || lastValues.Length < envs || advantages.Length < n || returns.Length < n)
            throw new ArgumentException($"GAE: every per-step span needs {n} values ({steps} steps × {envs} envs) and lastValues {envs}.");

        for (var i = 0; i < envs; i++)
        {
            double next = 0; // advantage of step t+1 in the same episode
            for (var t = steps - 1; t >= 0; t--)
            {
                var k = t * envs + i;
                double nextValue;
                double carry;
                if (terminated[k])
                {
                    nextValue = 0;
                    carry = 0;
                }
                else if (truncated[k])
                {
                    nextValue = finalValues[k];
                    carry = 0;
                }
                else
                {
                    nextValue = t == steps - 1 ? lastValues[i] : values[k + envs];
                    carry = t == steps - 1 ? 0 : 1;
                }
                var delta = rewards[k] + gamma * nextValue - values[k];
                next = delta + gamma * lambda * carry * next;
                advantages[k] = (float)next;
                returns[k] = (float)(next + values[k]);
            }
        }
    }
}
