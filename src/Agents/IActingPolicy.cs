namespace RLArena.Agents;

/// <summary>
/// Something that picks actions from observations: a policy being trained (handed to
/// <see cref="Training.ITrainingCallback"/>) or one loaded from a checkpoint (<see cref="TrainedPolicy"/>).
/// </summary>
public interface IActingPolicy
{
    /// <summary>"ppo" or "dqn".</summary>
    string Algorithm { get; }

    /// <summary>What <see cref="Act"/> writes into its scores: "probability" (PPO) or "Q-value" (DQN).</summary>
    string ScoreLabel { get; }

    /// <summary>Number of discrete actions; the length <c>scores</c> must have.</summary>
    int ActionCount { get; }

    /// <summary>
    /// Chooses an action for one observation (flat, as the environment writes it). <paramref name="mask"/> holds the
    /// allowed actions (true = allowed; empty = all allowed). Deterministic = the most likely action (PPO) or the
    /// greedy one (DQN); otherwise PPO samples and DQN is epsilon-greedy with its final exploration epsilon.
    /// Writes per-action scores (action probabilities for PPO, Q-values for DQN) into <paramref name="scores"/>.
    /// </summary>
    int Act(ReadOnlySpan<float> observation, ReadOnlySpan<bool> mask, bool deterministic, Span<float> scores);

    /// <summary>Length of the action vector a continuous (Box-action) policy writes; 0 for a discrete policy.</summary>
    int ActionSize => 0;

    /// <summary>True when the policy acts with real-valued actions (<see cref="ActContinuous"/>).</summary>
    bool IsContinuous => ActionSize > 0;

    /// <summary>
    /// Chooses a real-valued action for one observation and writes it (within the environment's bounds) into
    /// <paramref name="action"/> (length <see cref="ActionSize"/>). Deterministic = the distribution's mode (SAC:
    /// tanh(mean) rescaled; PPO: the mean, clipped); otherwise a sample. Discrete policies throw
    /// <see cref="NotSupportedException"/>.
    /// </summary>
    /// <param name="observation">The observation, flat, as the environment writes it.</param>
    /// <param name="deterministic">The mode instead of a sample.</param>
    /// <param name="action">Where the action goes.</param>
    void ActContinuous(ReadOnlySpan<float> observation, bool deterministic, Span<float> action) =>
        throw new NotSupportedException($"{Algorithm} acts with discrete actions here; call Act.");

    /// <summary>Re-seeds the generator used for stochastic acting (sampling, or DQN's epsilon), so a seeded evaluation repeats.</summary>
    void Reseed(int seed);
}
