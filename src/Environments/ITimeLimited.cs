namespace RLArena.Environments;

/// <summary>Implemented by environments and wrappers that truncate episodes after a fixed number of steps.</summary>
public interface ITimeLimited
{
    /// <summary>The step on which an episode that has not terminated is truncated.</summary>
    int MaxEpisodeSteps { get; }
}
