using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;

namespace RLArena.Environments;

/// <summary>
/// Gymnasium's environment contract in allocation-free form: observations are written into a caller's buffer.
/// <see cref="Reset"/> with a seed makes the episode sequence reproducible; with null it continues the stream.
/// <see cref="Step"/> reports termination (the task ended) and truncation (a time limit cut it off) separately.
/// Stepping a finished episode without a reset throws <see cref="InvalidOperationException"/>; an action outside
/// <see cref="ActionSpace"/> throws <see cref="ArgumentOutOfRangeException"/>.
/// </summary>
public interface IEnvironment
{
    /// <summary>The registry id with its options, for example "cartpole" or "gridworld:size=8,goals=2".</summary>
    string Id { get; }

    /// <summary>The observations' shape and bounds; each observation has <c>ObservationSpace.Size</c> values.</summary>
    BoxSpace ObservationSpace { get; }

    /// <summary>The discrete actions: 0 to <c>ActionSpace.N</c> − 1.</summary>
    DiscreteSpace ActionSpace { get; }

    /// <summary>Writes the first observation of a new episode into <paramref name="observation"/>.</summary>
    void Reset(int? seed, Span<float> observation);

    /// <summary>Applies <paramref name="action"/> and writes the next observation into <paramref name="observation"/>.</summary>
    StepOutcome Step(int action, Span<float> observation);

    /// <summary>
    /// Writes which actions are allowed now (true = allowed). Environments without masking allow every action.
    /// This is the mask that Gymnasium-style info carries as "action_mask".
    /// </summary>
    void WriteActionMask(Span<bool> mask);

    /// <summary>The current frame as a scene that any renderer can draw.</summary>
    Scene Describe();

    /// <summary>Names, speed, success and play keys for viewers and tools (Gymnasium's <c>metadata</c>).</summary>
    EnvMetadata Metadata => EnvMetadata.Default(this);
}

/// <summary>What one step returned besides the observation.</summary>
public readonly record struct StepOutcome(double Reward, bool Terminated, bool Truncated)
{
    /// <summary>True when the episode ended (terminated or truncated).</summary>
    public bool Done => Terminated || Truncated;
}
