using RLArena.Engine.Checkpoints;
using RLArena.Environments.Vector;

namespace RLArena.Agents.Training;

/// <summary>
/// One algorithm's training state and loop body, driven by <see cref="TrainingRun"/>: each
/// <see cref="RunUpdate"/> collects experience and learns from it; checkpoints hold everything needed to continue
/// exactly (weights, optimizer, counters, random state, environment action log, and what the algorithm adds).
/// </summary>
public interface IAgentTrainer : IDisposable
{
    string Algorithm { get; }
    string EnvironmentId { get; }
    int Seed { get; }

    /// <summary>Environment steps done (all copies together).</summary>
    long GlobalStep { get; }

    /// <summary>Steps the run does in all; a resume may raise it.</summary>
    long TotalSteps { get; set; }

    int Updates { get; }

    long CheckpointEvery { get; }

    /// <summary>Effective settings (the config object), written to config.yaml and checkpoints.</summary>
    object Config { get; }

    IActingPolicy Policy { get; }

    /// <summary>True once the step budget is spent.</summary>
    bool Finished { get; }

    /// <summary>One update: collect, learn; returns the episodes that ended and the values to log.</summary>
    UpdateReport RunUpdate();

    void SaveCheckpoint(string path, double elapsedSeconds);

    /// <summary>Restores the state saved by <see cref="SaveCheckpoint"/>; returns the elapsed seconds stored.</summary>
    double Restore(Checkpoint checkpoint);
}

/// <summary>What one update produced: finished episodes with the global step at which each ended, and scalars.</summary>
public sealed record UpdateReport(IReadOnlyList<(long Step, EpisodeRecord Episode)> Episodes, IReadOnlyDictionary<string, double> Scalars);
