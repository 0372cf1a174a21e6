namespace RLArena.Environments;

/// <summary>
/// Implemented by environments whose episodes can succeed or fail beyond their return (GridWorld: the right goal
/// was reached). Wrappers forward it.
/// </summary>
public interface IEpisodeSuccess
{
    /// <summary>
    /// For the episode that has just ended: true if it reached its objective, false if it did not (wrong goal, time
    /// ran out); null while an episode is running or where success is undefined.
    /// </summary>
    bool? EpisodeSucceeded { get; }
}
