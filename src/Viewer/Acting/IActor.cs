namespace RLArena.Viewer.Acting;

/// <summary>
/// What the viewer needs from a policy: pick an action for an observation (only among the allowed actions) and
/// fill <paramref name="scores"/> with one score per action for the bars (probabilities or Q-values). The CLI adapts
/// trained agents to this; the viewer never references the agents.
/// </summary>
/// <remarks>
/// Environments with continuous actions call <see cref="ActContinuous"/> instead: the actor writes the action values
/// (one per element of the environment's Box; the environment clips values beyond its bounds) and shows no bars.
/// </remarks>
public interface IActor
{
    /// <summary>"probability" (bars from 0 to 1) or "Q-value".</summary>
    string ScoreLabel { get; }

    /// <summary>Picks a discrete action among the allowed ones and writes one score per action.</summary>
    /// <param name="observation">The current observation.</param>
    /// <param name="mask">Which actions are allowed.</param>
    /// <param name="scores">Receives one score per action.</param>
    int Act(ReadOnlySpan<float> observation, ReadOnlySpan<bool> mask, Span<float> scores);

    /// <summary>
    /// Writes a continuous action for <paramref name="observation"/> into <paramref name="action"/> (for an
    /// environment whose <see cref="Environments.IEnvironment.ContinuousActionSpace"/> is <paramref name="space"/>).
    /// Actors of discrete policies do not implement it (the default throws <see cref="NotSupportedException"/>).
    /// </summary>
    /// <param name="observation">The current observation.</param>
    /// <param name="space">The action bounds.</param>
    /// <param name="action">Receives the action values (<paramref name="space"/>.Size of them).</param>
    void ActContinuous(ReadOnlySpan<float> observation, Environments.Spaces.BoxSpace space, Span<float> action) =>
        throw new NotSupportedException($"this policy picks discrete actions; the environment takes continuous ones {space.Describe()}.");
}
