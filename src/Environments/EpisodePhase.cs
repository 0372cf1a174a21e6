namespace RLArena.Environments;

/// <summary>Where an environment is in its episode cycle; used to enforce reset-before-step.</summary>
internal enum EpisodePhase
{
    NeverReset,
    Running,
    Ended,
}
