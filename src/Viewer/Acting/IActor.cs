namespace RLArena.Viewer.Acting;

/// <summary>
/// What the viewer needs from a policy: pick an action for an observation (only among the allowed actions) and
/// fill <paramref name="scores"/> with one score per action for the bars (probabilities or Q-values). The CLI adapts
/// trained agents to this; the viewer never references the agents.
/// </summary>
public interface IActor
{
    /// <summary>"probability" (bars from 0 to 1) or "Q-value".</summary>
    string ScoreLabel { get; }

    int Act(ReadOnlySpan<float> observation, ReadOnlySpan<bool> mask, Span<float> scores);

    /// <summary>
    /// For an environment with continuous (Box) actions: writes the action for <paramref name="observation"/> into
    /// <paramref name="action"/> (<paramref name="space"/>.Size values within its bounds). Actors for discrete
    /// actions throw <see cref="NotSupportedException"/> (the default).
    /// </summary>
    /// <param name="observation">The observation, flat.</param>
    /// <param name="space">The environment's action bounds.</param>
    /// <param name="action">Where the action goes.</param>
    void ActContinuous(ReadOnlySpan<float> observation, Environments.Spaces.BoxSpace space, Span<float> action) =>
        throw new NotSupportedException("this actor picks discrete actions; the environment takes continuous ones.");
}
