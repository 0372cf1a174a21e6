namespace RLArena.Engine.Checkpoints;

/// <summary>
/// What a checkpoint holds, in readable form: which model and sizes, which task (algorithm and environment, or
/// dataset), how far training went, the full effective config, and the versions that wrote it.
/// </summary>
public sealed class CheckpointMetadata
{
    /// <summary>What kind of model this is, for example "mnist-classifier", "ppo-actor-critic", "dqn-q-network".</summary>
    public string Kind { get; set; } = "";

    /// <summary>Human-readable architecture, compared before weights are loaded (for example "MLP 784-128-64-10 (relu)").</summary>
    public string Architecture { get; set; } = "";

    /// <summary>Algorithm name for RL checkpoints (ppo, dqn); empty otherwise.</summary>
    public string Algorithm { get; set; } = "";

    /// <summary>Environment id with options for RL checkpoints (for example "gridworld:size=8").</summary>
    public string Environment { get; set; } = "";

    /// <summary>Dataset name for supervised checkpoints (mnist, fashion-mnist).</summary>
    public string Dataset { get; set; } = "";

    /// <summary>Training progress: env steps for RL, optimizer steps for supervised.</summary>
    public long Step { get; set; }

    /// <summary>Every effective setting of the run, as key/value text.</summary>
    public Dictionary<string, string> Config { get; set; } = new();

    /// <summary>Anything else the writer wants to keep (RNG state, schedules, counters).</summary>
    public Dictionary<string, string> Extra { get; set; } = new();

    /// <summary>The RLArena version that wrote the file.</summary>
    public string RLArenaVersion { get; set; } = "";
    /// <summary>The TorchSharp version that wrote the file.</summary>
    public string TorchSharpVersion { get; set; } = "";
    /// <summary>When the file was written (UTC).</summary>
    public DateTime SavedUtc { get; set; }
}
