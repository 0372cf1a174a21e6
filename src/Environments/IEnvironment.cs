using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;

namespace RLArena.Environments;

/// <summary>
/// Gymnasium's environment contract in allocation-free form: observations are written into a caller's buffer.
/// <see cref="Reset"/> with a seed makes the episode sequence reproducible; with null it continues the stream.
/// <see cref="Step"/> reports termination (the task ended) and truncation (a time limit cut it off) separately.
/// Stepping a finished episode without a reset throws <see cref="InvalidOperationException"/>; an action outside
/// <see cref="ActionSpace"/> throws <see cref="ArgumentOutOfRangeException"/>.
/// <para>
/// Continuous (Box) actions: an environment that takes real-valued actions returns its bounds from
/// <see cref="ContinuousActionSpace"/>, returns <see cref="DiscreteSpace.None"/> from <see cref="ActionSpace"/>, is
/// stepped with <see cref="Step(ReadOnlySpan{float}, Span{float})"/> (its integer <see cref="Step(int, Span{float})"/>
/// throws <see cref="NotSupportedException"/>) and writes no action mask (<see cref="WriteActionMask"/> takes an empty
/// span). Out-of-bounds values are clipped to the bounds inside the step, as Gymnasium's Pendulum and
/// MountainCarContinuous do; NaN is refused with <see cref="ArgumentException"/>.
/// </para>
/// </summary>
public interface IEnvironment
{
    /// <summary>The registry id with its options, for example "cartpole" or "gridworld:size=8,goals=2".</summary>
    string Id { get; }

    /// <summary>The shape and bounds of the observations (float32, written flat in row-major order).</summary>
    BoxSpace ObservationSpace { get; }

    /// <summary>The discrete actions 0 .. N-1; <see cref="DiscreteSpace.None"/> for an environment with continuous actions.</summary>
    DiscreteSpace ActionSpace { get; }

    /// <summary>
    /// The bounds of a continuous (Box, float32) action, or null for an environment with discrete actions (the
    /// default). Non-null means: step with <see cref="Step(ReadOnlySpan{float}, Span{float})"/>.
    /// </summary>
    BoxSpace? ContinuousActionSpace => null;

    /// <summary>Writes the first observation of a new episode into <paramref name="observation"/>.</summary>
    /// <param name="seed">Seeds the environment's random stream (non-negative), or null to continue it.</param>
    /// <param name="observation">Receives the first observation (<see cref="ObservationSpace"/>.Size floats).</param>
    void Reset(int? seed, Span<float> observation);

    /// <summary>Applies <paramref name="action"/> and writes the next observation into <paramref name="observation"/>.</summary>
    /// <param name="action">A discrete action in 0 .. <see cref="ActionSpace"/>.N − 1.</param>
    /// <param name="observation">Receives the next observation (<see cref="ObservationSpace"/>.Size floats).</param>
    StepOutcome Step(int action, Span<float> observation);

    /// <summary>
    /// Applies the continuous <paramref name="action"/> (<see cref="ContinuousActionSpace"/>.Size floats) and writes the
    /// next observation into <paramref name="observation"/>, allocating nothing. Environments with discrete actions
    /// throw <see cref="NotSupportedException"/> (the default).
    /// </summary>
    /// <param name="action">The action values; out-of-bounds values are clipped by the environment, NaN is refused.</param>
    /// <param name="observation">Receives the next observation (<see cref="ObservationSpace"/>.Size floats).</param>
    StepOutcome Step(ReadOnlySpan<float> action, Span<float> observation) =>
        throw EnvGuards.ContinuousStepOnDiscrete(Id, ActionSpace);

    /// <summary>
    /// Writes which actions are allowed now (true = allowed). Environments without masking allow every action.
    /// This is the mask that Gymnasium-style info carries as "action_mask".
    /// </summary>
    /// <param name="mask">Receives one flag per action (<see cref="ActionSpace"/>.N values; empty for continuous actions).</param>
    void WriteActionMask(Span<bool> mask);

    /// <summary>The current frame as a scene that any renderer can draw.</summary>
    Scene Describe();

    /// <summary>Names, speed, success and play keys for viewers and tools (Gymnasium's <c>metadata</c>).</summary>
    EnvMetadata Metadata => EnvMetadata.Default(this);
}

/// <summary>What one step returned besides the observation.</summary>
public readonly record struct StepOutcome(double Reward, bool Terminated, bool Truncated)
{
    /// <summary>Whether the episode ended, either way.</summary>
    public bool Done => Terminated || Truncated;
}
