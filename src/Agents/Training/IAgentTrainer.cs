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
    /// <summary>The algorithm's registry name ("ppo", "dqn").</summary>
    string Algorithm { get; }
    /// <summary>The environment id with options, as the run was started with.</summary>
    string EnvironmentId { get; }
    /// <summary>The run's seed.</summary>
    int Seed { get; }

    /// <summary>Environment steps done (all copies together).</summary>
    long GlobalStep { get; }

    /// <summary>Steps the run does in all; a resume may raise it.</summary>
    long TotalSteps { get; set; }

    /// <summary>Updates done so far.</summary>
    int Updates { get; }

    /// <summary>Environment steps between checkpoints (0 = only at the end and on a signal).</summary>
    long CheckpointEvery { get; }

    /// <summary>Effective settings, written to config.yaml and checkpoints.</summary>
    AgentConfig Config { get; }

    /// <summary>The policy being trained (its weights change after every update).</summary>
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

    /// <summary>Writes everything needed to continue exactly to <paramref name="path"/>.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="elapsedSeconds">Wall time of the run so far, stored for a resumed run's clock.</param>
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
