using RLArena.Engine.Checkpoints;
using RLArena.Engine.Config;
using RLArena.Engine.Optimizers;
using RLArena.Core.Reproducibility;
using RLArena.Engine.Reproducibility;
using static TorchSharp.torch;

namespace RLArena.Agents.Training;

/// <summary>
/// The checkpoint plumbing every trainer shares: the metadata (kind, architecture, config, and the rng / updates /
/// global_step / elapsed_seconds / action_count extras), the optimizer and environment-action-log sections, and the
/// matching resume. A trainer adds its own extras and sections (and restores them) around these.
/// </summary>
internal sealed class TrainerCheckpoint(
    string kind, string algorithm, string environmentId, object config,
    nn.Module network, string architecture, FlatAdam optimizer, EnvironmentSession session, int actionCount)
{
    /// <summary>Counters and random state to save, or as read back by <see cref="Restore"/>.</summary>
    public readonly record struct Progress(Rng Rng, int Updates, long GlobalStep, double ElapsedSeconds);

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
        var allSections = new Dictionary<string, byte[]>
        {
            [TrainerState.OptimizerSection] = optimizer.SaveState(),
            [TrainerState.ActionLogSection] = session.Log.ToBytes(),
        };
        foreach (var (name, bytes) in sections ?? []) allSections[name] = bytes;
        Checkpoint.Save(path, network, null, metadata, allSections);
    }

    /// <summary>
    /// Loads the weights and optimizer, then <paramref name="restoreSections"/> (the trainer's own sections), then
    /// the counters and random state, and replays the environments' actions. The caller checks the algorithm first.
    /// </summary>
    public Progress Restore(Checkpoint checkpoint, Action<Checkpoint>? restoreSections = null)
    {
        checkpoint.LoadModel(network, architecture);
        optimizer.LoadState(TrainerState.Section(checkpoint, TrainerState.OptimizerSection), $"checkpoint '{checkpoint.Path}'");
        restoreSections?.Invoke(checkpoint);
        var rng = TrainerState.ParseRng(checkpoint.Metadata, checkpoint.Path);
        var updates = (int)TrainerState.GetLong(checkpoint.Metadata, "updates", checkpoint.Path);
        var globalStep = TrainerState.GetLong(checkpoint.Metadata, "global_step", checkpoint.Path);
        session.Replay(TrainerState.Section(checkpoint, TrainerState.ActionLogSection));
        var elapsed = TrainerState.GetDouble(checkpoint.Metadata, "elapsed_seconds", checkpoint.Path);
        return new Progress(rng, updates, globalStep, elapsed);
    }
}
