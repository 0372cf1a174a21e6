using RLArena.Engine.Checkpoints;
using RLArena.Engine.Config;
using RLArena.Engine.Optimizers;
using RLArena.Core.Errors;
using RLArena.Core.Reproducibility;
using RLArena.Engine.Reproducibility;
using static TorchSharp.torch;

namespace RLArena.Agents.Training;

/// <summary>
/// The checkpoint plumbing every trainer shares: the metadata (kind, architecture, config, and the rng / updates /
/// global_step / elapsed_seconds / action_count extras, plus <c>plugins</c> when the environment came from a
/// plugin), the optimizer and environment-snapshot sections, and the matching resume. A trainer adds its own extras
/// and sections (and restores them) around these.
/// </summary>
internal sealed class TrainerCheckpoint(
    string kind, string algorithm, string environmentId, AgentConfig config,
    nn.Module network, string architecture, FlatAdam optimizer, EnvironmentSession session, int actionCount)
{
    /// <summary>Counters and random state to save, or as read back by <see cref="Restore"/>.</summary>
    public readonly record struct Progress(Rng Rng, int Updates, long GlobalStep, double ElapsedSeconds);

    /// <summary>What <see cref="Restore"/> read back, and the notice to show once when the environments started afresh.</summary>
    public readonly record struct Restored(Progress Progress, string? Notice);

    /// <summary>Writes the checkpoint: the network, the optimizer, the counters, the random state and the extras.</summary>
    /// <param name="path">The checkpoint file to write.</param>
    /// <param name="progress">The counters and random state at this point of the run.</param>
    /// <param name="extra">Algorithm-specific metadata extras, written after elapsed_seconds.</param>
    /// <param name="sections">Algorithm-specific sections, written after the optimizer and action log.</param>
    public void Save(string path, Progress progress,
        IEnumerable<KeyValuePair<string, string>>? extra = null,
        IEnumerable<KeyValuePair<string, byte[]>>? sections = null)
    {
        var extras = new Dictionary<string, string>
        {
            ["rng"] = TrainerState.FormatRng(progress.Rng),
            ["updates"] = TrainerState.Format(progress.Updates),
            ["global_step"] = TrainerState.Format(progress.GlobalStep),
            ["elapsed_seconds"] = TrainerState.Format(progress.ElapsedSeconds),
        };
        foreach (var (key, value) in extra ?? []) extras[key] = value;
        extras["action_count"] = TrainerState.Format(actionCount);
        if (EnvironmentPlugins.Record(environmentId) is { } plugins) extras[EnvironmentPlugins.ExtraKey] = plugins;

        var metadata = new CheckpointMetadata
        {
            Kind = kind,
            Architecture = architecture,
            Algorithm = algorithm,
            Environment = environmentId,
            Step = progress.GlobalStep,
            Config = ConfigBinder.Describe(config).ToDictionary(kv => kv.Key, kv => kv.Value),
            Extra = extras,
        };
        var allSections = new Dictionary<string, byte[]> { [TrainerState.OptimizerSection] = optimizer.SaveState() };
        if (session.SaveSnapshot() is { } snapshot) allSections[TrainerState.SnapshotSection] = snapshot;
        if (session.SaveStatistics() is { } statistics) allSections[TrainerState.NormalizationSection] = statistics;
        foreach (var (name, bytes) in sections ?? []) allSections[name] = bytes;
        Checkpoint.Save(path, network, null, metadata, allSections);
    }

    /// <summary>
    /// Checks the checkpoint is this algorithm's, loads the weights and optimizer, then
    /// <paramref name="restoreSections"/> (the trainer's own sections), then the counters and random state, and
    /// restores the environments: from their snapshot (O(1)), by replaying an older checkpoint's action log, or,
    /// where the environments cannot take snapshots, by starting fresh episodes (with a notice).
    /// </summary>
    public Restored Restore(Checkpoint checkpoint, Action<Checkpoint>? restoreSections = null)
    {
        if (checkpoint.Metadata.Algorithm != algorithm)
        {
            var holds = string.IsNullOrEmpty(checkpoint.Metadata.Algorithm) ? checkpoint.Metadata.Kind : checkpoint.Metadata.Algorithm.ToUpperInvariant();
            throw new UserFacingException($"checkpoint '{checkpoint.Path}' is a {holds} checkpoint, not a {algorithm.ToUpperInvariant()} one; resume it with its own algorithm.");
        }
        checkpoint.LoadModel(network, architecture);
        optimizer.LoadState(TrainerState.Section(checkpoint, TrainerState.OptimizerSection), $"checkpoint '{checkpoint.Path}'");
        restoreSections?.Invoke(checkpoint);
        var rng = TrainerState.ParseRng(checkpoint.Metadata, checkpoint.Path);
        var updates = (int)TrainerState.GetLong(checkpoint.Metadata, "updates", checkpoint.Path);
        var globalStep = TrainerState.GetLong(checkpoint.Metadata, "global_step", checkpoint.Path);
        string? notice = null;
        if (checkpoint.HasSection(TrainerState.SnapshotSection))
            session.LoadSnapshot(checkpoint.GetSection(TrainerState.SnapshotSection), $"checkpoint '{checkpoint.Path}'");
        else if (checkpoint.HasSection(TrainerState.ActionLogSection))
            session.Replay(checkpoint.GetSection(TrainerState.ActionLogSection));
        else
            notice = session.StartFreshEpisodes(globalStep);
        // Without a snapshot the normalisers start from copy 0's saved statistics (a snapshot holds each copy's own).
        if (!checkpoint.HasSection(TrainerState.SnapshotSection) && checkpoint.HasSection(TrainerState.NormalizationSection))
            session.LoadStatisticsIntoAll(checkpoint.GetSection(TrainerState.NormalizationSection), $"checkpoint '{checkpoint.Path}'");
        var elapsed = TrainerState.GetDouble(checkpoint.Metadata, "elapsed_seconds", checkpoint.Path);
        return new Restored(new Progress(rng, updates, globalStep, elapsed), notice);
    }
}
