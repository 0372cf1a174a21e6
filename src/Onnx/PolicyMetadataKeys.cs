namespace RLArena.Onnx;

/// <summary>The metadata keys RLArena stores in an exported policy (ONNX metadata_props), read back by <see cref="OnnxPolicy"/>.</summary>
public static class PolicyMetadataKeys
{
    /// <summary>The algorithm: "ppo" or "dqn".</summary>
    public const string Algorithm = "rlarena.algorithm";

    /// <summary>The environment spec it was trained on, e.g. "gridworld:obs=visual".</summary>
    public const string Environment = "rlarena.env";

    /// <summary>The network, as the checkpoint describes it.</summary>
    public const string Architecture = "rlarena.architecture";

    /// <summary>Environment steps trained.</summary>
    public const string Step = "rlarena.step";

    /// <summary>DQN: the exploration epsilon used for stochastic (epsilon-greedy) acting.</summary>
    public const string Epsilon = "rlarena.epsilon";

    /// <summary>Whether observation normalisation is baked into the graph: "true" or "false".</summary>
    public const string Normalized = "rlarena.normalized";

    /// <summary>The checkpoint the file was exported from.</summary>
    public const string Source = "rlarena.source";
}
