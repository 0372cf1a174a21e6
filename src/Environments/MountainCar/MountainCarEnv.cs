using RLArena.Environments.ClassicControl;
using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;

namespace RLArena.Environments.MountainCar;

/// <summary>
/// Gymnasium's MountainCar-v0 without the time limit (the registry's "mountaincar" wraps it in a 200-step
/// <see cref="Wrappers.TimeLimit"/>, as <c>gym.make("MountainCar-v0")</c> does).
/// <para>
/// Observation: float32 [position, velocity] of the float64 state. Actions: 0 accelerates left, 1 does nothing,
/// 2 accelerates right. Reward: −1 on every step, the terminating one included. Terminates when the position reaches
/// 0.5 with a velocity of at least 0. Reset: the position uniform in [−0.6, −0.4) drawn from NumPy's PCG64 exactly as
/// Gymnasium does (so <c>Reset(seed)</c> starts where <c>env.reset(seed=seed)</c> starts), the velocity 0.
/// </para>
/// </summary>
public sealed class MountainCarEnv : IEnvironment, ISnapshotEnvironment
{
    /// <summary>The registry name.</summary>
    public const string Name = "mountaincar";
    private const int ObservationSize = 2;
    private const int Actions = 3;

    private readonly double _resetLow;
    private readonly double _resetHigh;
    private SeededEpisode _episode; // a mutable struct: never copy it
    private double _position, _velocity;

    /// <summary>
    /// A MountainCar whose resets draw the position uniformly from [<paramref name="resetLow"/>,
    /// <paramref name="resetHigh"/>) (Gymnasium's reset options <c>low</c> and <c>high</c>; defaults −0.6 and −0.4).
    /// </summary>
    public MountainCarEnv(double resetLow = MountainCarPhysics.ResetLow, double resetHigh = MountainCarPhysics.ResetHigh)
    {
        Id = EnvOptionsId.Compose(Name, EnvOptionsId.ResetInterval(resetLow, resetHigh, MountainCarPhysics.ResetLow, MountainCarPhysics.ResetHigh));
        _resetLow = resetLow;
        _resetHigh = resetHigh;
    }

    /// <inheritdoc/>
    public string Id { get; }

    /// <summary>Gymnasium's bounds: position [−1.2, 0.6], velocity [−0.07, 0.07] (float32).</summary>
    public BoxSpace ObservationSpace { get; } = new(
        [ObservationSize],
        [(float)MountainCarPhysics.MinPosition, -(float)MountainCarPhysics.MaxSpeed],
        [(float)MountainCarPhysics.MaxPosition, (float)MountainCarPhysics.MaxSpeed]);

    /// <inheritdoc/>
    public DiscreteSpace ActionSpace { get; } = new(Actions);

    /// <summary>
    /// "MountainCar-v0"; actions "accelerate left" (0), "don't accelerate" (1), "accelerate right" (2); 30 steps a
    /// second (Gymnasium's render_fps); played in real time with Left and Right, coasting when neither is held.
    /// </summary>
    public static EnvMetadata Info { get; } = new()
    {
        DisplayName = "MountainCar-v0",
        ActionNames = ["accelerate left", "don't accelerate", "accelerate right"],
        StepsPerSecond = 30,
        Success = "reach the flag (position 0.5) before step 200",
        Play = new PlayControls(
            RealTime: true,
            Bindings: [new KeyBinding(PlayKey.Left, 0), new KeyBinding(PlayKey.Right, 2)],
            IdleActions: [1],
            Help: "Left/Right accelerate, rock to build speed|R reset, Esc quit"),
    };

    /// <inheritdoc cref="Info"/>
    public EnvMetadata Metadata => Info;

    /// <summary>
    /// The float64 physical state. Setting it moves the car (for tests and demonstrations) without touching the
    /// episode: it does not end or restart one, and a time limit keeps counting.
    /// </summary>
    public MountainCarState State
    {
        get => new(_position, _velocity);
        set => (_position, _velocity) = value;
    }

    /// <summary>Whether the current episode has ended (the car reached the flag).</summary>
    public bool IsEpisodeOver => _episode.IsOver;

    /// <inheritdoc/>
    public void Reset(int? seed, Span<float> observation)
    {
        _position = _episode.Begin(seed, observation, ObservationSize, Id).Uniform(_resetLow, _resetHigh);
        _velocity = 0;
        WriteObservation(observation);
    }

    /// <inheritdoc/>
    public StepOutcome Step(int action, Span<float> observation)
    {
        _episode.CheckStep(observation, ObservationSize, action, Actions, Id);
        MountainCarPhysics.Step(ref _position, ref _velocity, action);
        var terminated = MountainCarPhysics.IsTerminal(_position, _velocity);
        _episode.EndIf(terminated);
        WriteObservation(observation);
        return new StepOutcome(-1.0, terminated, false);
    }

    /// <inheritdoc/>
    public void WriteActionMask(Span<bool> mask)
    {
        EnvGuards.MaskLength(mask, Actions, Id);
        mask.Fill(true);
    }

    /// <inheritdoc/>
    public Scene Describe() => MountainCarScene.Build(State);

    private void WriteObservation(Span<float> observation)
    {
        observation[1] = (float)_velocity;
        observation[0] = (float)_position;
    }

    /// <summary>Writes the physical state, the episode phase and the generator's state.</summary>
    public void SaveSnapshot(BinaryWriter writer)
    {
        _episode.Save(writer, Name, [_position, _velocity]);
    }

    /// <summary>Continues exactly from a state written by <see cref="SaveSnapshot"/>.</summary>
    public void LoadSnapshot(BinaryReader reader)
    {
        (_position, _velocity) = MountainCarState.FromArray(_episode.Load(reader, Name, 2));
    }
}
