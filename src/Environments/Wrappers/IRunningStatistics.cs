namespace RLArena.Environments.Wrappers;

/// <summary>
/// A wrapper that learns running statistics while it runs (<see cref="NormalizeObservation"/>,
/// <see cref="NormalizeReward"/>). A training run saves them in its checkpoint (<see cref="Save"/>), freezes them for
/// evaluation (<see cref="Frozen"/>) and restores them on resume or when a trained policy is watched
/// (<see cref="Load"/>). Find them in a wrapper chain with <see cref="EnvironmentExtensions.RunningStatistics"/>.
/// </summary>
public interface IRunningStatistics
{
    /// <summary>What the statistics are of: "observation" or "reward" (a stable key for a checkpoint section).</summary>
    string Kind { get; }

    /// <summary>The running mean, variance and count themselves.</summary>
    RunningMeanStd Statistics { get; }

    /// <summary>
    /// True: the statistics stay as they are and only normalise (for evaluation and watching); false (the default):
    /// every step updates them first, as in Gymnasium.
    /// </summary>
    bool Frozen { get; set; }

    /// <summary>Writes the statistics (their kind, size, mean, variance and count).</summary>
    /// <param name="writer">Where to write.</param>
    void Save(BinaryWriter writer);

    /// <summary>Replaces the statistics with ones written by <see cref="Save"/> of the same kind and size.</summary>
    /// <param name="reader">Where to read; a mismatch throws <see cref="InvalidDataException"/>.</param>
    void Load(BinaryReader reader);
}
