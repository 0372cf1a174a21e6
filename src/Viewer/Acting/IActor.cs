namespace RLArena.Viewer.Acting;

/// <summary>
/// What the viewer needs from a policy: pick an action for an observation (only among the allowed actions) and
/// fill a span of scores with one score per action for the bars (probabilities or Q-values). The CLI adapts
/// trained agents to this; the viewer never references the agents.
/// </summary>
public interface IActor
{
    /// <summary>"probability" (bars from 0 to 1) or "Q-value".</summary>
    string ScoreLabel { get; }

    /// <summary>Picks an allowed action for <paramref name="observation"/> and writes one score per action into <paramref name="scores"/>.</summary>
    /// <param name="observation">The observation, as the environment wrote it.</param>
    /// <param name="mask">The allowed actions (true = allowed; empty = all).</param>
    /// <param name="scores">Receives one score per action (probabilities or Q-values).</param>
    int Act(ReadOnlySpan<float> observation, ReadOnlySpan<bool> mask, Span<float> scores);
}
