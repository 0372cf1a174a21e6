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

    /// <summary>Re-seeds the generator used for stochastic acting (sampling, or DQN's epsilon), so a seeded evaluation repeats.</summary>
    void Reseed(int seed);
}
