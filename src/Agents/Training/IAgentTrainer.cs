using RLArena.Engine.Checkpoints;
using RLArena.Environments.Vector;

namespace RLArena.Agents.Training;

/// <summary>
/// One algorithm's training state and loop body, driven by <see cref="TrainingRun"/>: each
/// <see cref="RunUpdate"/> collects experience and learns from it; checkpoints hold everything needed to continue
/// exactly (weights, optimizer, counters, random state, the environments' snapshot, and what the algorithm adds).
/// Make one with <see cref="IAlgorithm.CreateTrainer"/>.
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

    /// <summary>Effective settings, written to config.yaml and checkpoints.</summary>
    AgentConfig Config { get; }

    IActingPolicy Policy { get; }

    /// <summary>True once the step budget is spent.</summary>
    bool Finished { get; }

    /// <summary>
    /// A fresh environment copy to evaluate the policy being trained on: the training environments' id and wrappers,
    /// with their normalisation statistics copied and frozen. Null (the default): the caller makes one from the id.
    /// </summary>
    Environments.IEnvironment? MakeEvaluationEnvironment() => null;

    /// <summary>One update: collect, learn; returns the episodes that ended and the values to log.</summary>
    UpdateReport RunUpdate();

    void SaveCheckpoint(string path, double elapsedSeconds);

    /// <summary>Restores the state saved by <see cref="SaveCheckpoint"/>; returns the elapsed seconds stored and any notice.</summary>
    ResumeInfo Restore(Checkpoint checkpoint);
}

/// <summary>What a restore read back besides the state itself.</summary>
/// <param name="ElapsedSeconds">Wall time of the run so far, from the checkpoint.</param>
/// <param name="Notice">
/// Set when the environments could not be restored exactly (they take no snapshots) and started fresh episodes:
/// one sentence to show the user once. Null when the resume is exact.
/// </param>
public sealed record ResumeInfo(double ElapsedSeconds, string? Notice);

/// <summary>What one update produced: finished episodes with the global step at which each ended, and scalars.</summary>
public sealed record UpdateReport(IReadOnlyList<(long Step, EpisodeRecord Episode)> Episodes, IReadOnlyDictionary<string, double> Scalars);
