namespace RLArena.Environments.Vector;

/// <summary>
/// One finished episode: which environment copy ran it, its undiscounted return, its length in steps, and whether
/// it succeeded (GridWorld: reached the goal of the signalled colour; null where success is undefined, as in CartPole).
/// </summary>
public readonly record struct EpisodeRecord(int EnvIndex, double Return, int Length, bool? Success);
