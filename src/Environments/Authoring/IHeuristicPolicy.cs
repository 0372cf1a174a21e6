namespace RLArena.Environments.Authoring;

/// <summary>
/// An environment that can pick an action itself from the game state (an authored game's
/// <see cref="GameAgent.Heuristic"/>): a baseline for eval, an autopilot for watch, or a demonstrator. Find it in a
/// wrapper chain with <c>env.Find&lt;IHeuristicPolicy&gt;()</c>.
/// </summary>
public interface IHeuristicPolicy
{
    /// <summary>Whether there is a heuristic (the game overrides <see cref="GameAgent.Heuristic"/>).</summary>
    bool HasHeuristic { get; }

    /// <summary>The heuristic's action for the current state of a running episode.</summary>
    int HeuristicAction();
}
