using RLArena.Environments.ClassicControl;
using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;

namespace RLArena.Environments.Acrobot;

/// <summary>
/// Gymnasium's Acrobot-v1 without the time limit (the registry's "acrobot" wraps it in a 500-step
/// <see cref="Wrappers.TimeLimit"/>, as <c>gym.make("Acrobot-v1")</c> does).
/// <para>
/// Observation: float32 [cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2] of the float64 state. Actions: torque −1 (0),
/// 0 (1) or +1 (2) on the joint between the links. Reward: −1 per step, 0 on the terminating step. Terminates when
/// the free end rises more than one link length above the pivot (−cos θ1 − cos(θ2 + θ1) &gt; 1). Reset: the four
/// state values uniform in [−0.1, 0.1) drawn from NumPy's PCG64 and rounded to float32, exactly as Gymnasium does.
/// </para>
/// </summary>
public sealed class AcrobotEnv : IEnvironment, ISnapshotEnvironment
{
    /// <summary>The registry name.</summary>
    public const string Name = "acrobot";
    private const int ObservationSize = 6;
    private const int Actions = 3;

    private readonly double _resetLow;
    private readonly double _resetHigh;
    private SeededEpisode _episode; // a mutable struct: never copy it
    private double _theta1, _theta2, _theta1Dot, _theta2Dot;

    /// <summary>
    /// An Acrobot whose resets draw each state value uniformly from [<paramref name="resetLow"/>,
    /// <paramref name="resetHigh"/>) (Gymnasium's reset options <c>low</c> and <c>high</c>; defaults −0.1 and 0.1).
    /// </summary>
    public AcrobotEnv(double resetLow = AcrobotPhysics.ResetLow, double resetHigh = AcrobotPhysics.ResetHigh)
    {
        Id = EnvOptionsId.Compose(Name, EnvOptionsId.ResetInterval(resetLow, resetHigh, AcrobotPhysics.ResetLow, AcrobotPhysics.ResetHigh));
        _resetLow = resetLow;
        _resetHigh = resetHigh;
    }

    /// <inheritdoc/>
    public string Id { get; }

    /// <summary>Gymnasium's bounds: ±1 for the four cosines and sines, ±4π and ±9π for the velocities (float32).</summary>
    public BoxSpace ObservationSpace { get; } = new(
        [ObservationSize],
        [-1f, -1f, -1f, -1f, -(float)AcrobotPhysics.MaxVelocity1, -(float)AcrobotPhysics.MaxVelocity2],
        [1f, 1f, 1f, 1f, (float)AcrobotPhysics.MaxVelocity1, (float)AcrobotPhysics.MaxVelocity2]);

    /// <inheritdoc/>
    public DiscreteSpace ActionSpace { get; } = new(Actions);

    /// <summary>
    /// "Acrobot-v1"; actions "torque -1" (0), "no torque" (1), "torque +1" (2); 15 steps a second (Gymnasium's
    /// render_fps); played in real time with Left and Right, no torque when neither is held.
    /// </summary>
    public static EnvMetadata Info { get; } = new()
    {
        DisplayName = "Acrobot-v1",
        ActionNames = ["torque -1", "no torque", "torque +1"],
        StepsPerSecond = 15,
        Success = "swing the tip above the line before step 500",
        Play = new PlayControls(
            RealTime: true,
            Bindings: [new KeyBinding(PlayKey.Left, 0), new KeyBinding(PlayKey.Right, 2)],
            IdleActions: [1],
            Help: "Left/Right twist the middle joint|swing the tip above the line|R reset, Esc quit"),
    };

    /// <inheritdoc cref="Info"/>
    public EnvMetadata Metadata => Info;

    /// <summary>
    /// The float64 physical state. Setting it moves the links (for tests and demonstrations) without touching the
    /// episode: it does not end or restart one, and a time limit keeps counting.
    /// </summary>
    public AcrobotState State
    {
        get => new(_theta1, _theta2, _theta1Dot, _theta2Dot);
        set => (_theta1, _theta2, _theta1Dot, _theta2Dot) = value;
    }

    /// <summary>Whether the current episode has ended (the tip swung above the line).</summary>
    public bool IsEpisodeOver => _episode.IsOver;

    /// <inheritdoc/>
    public void Reset(int? seed, Span<float> observation)
    {
        var random = _episode.Begin(seed, observation, ObservationSize, Id);
        // Gymnasium keeps the reset state as float32; the first step widens it back to float64.
        _theta1 = (float)random.Uniform(_resetLow, _resetHigh);
        _theta2 = (float)random.Uniform(_resetLow, _resetHigh);
        _theta1Dot = (float)random.Uniform(_resetLow, _resetHigh);
        _theta2Dot = (float)random.Uniform(_resetLow, _resetHigh);
        WriteObservation(observation);
    }

    /// <inheritdoc/>
    public StepOutcome Step(int action, Span<float> observation)
    {
        _episode.CheckStep(observation, ObservationSize, action, Actions, Id);
        AcrobotPhysics.Step(ref _theta1, ref _theta2, ref _theta1Dot, ref _theta2Dot, action);
        var terminated = AcrobotPhysics.IsTerminal(_theta1, _theta2);
        _episode.EndIf(terminated);
        WriteObservation(observation);
        return new StepOutcome(terminated ? 0.0 : -1.0, terminated, false);
    }

    /// <inheritdoc/>
    public void WriteActionMask(Span<bool> mask)
    {
        EnvGuards.MaskLength(mask, Actions, Id);
        mask.Fill(true);
    }

    /// <inheritdoc/>
    public Scene Describe() => AcrobotScene.Build(State);

    private void WriteObservation(Span<float> observation)
    {
        observation[5] = (float)_theta2Dot;
        observation[0] = (float)Math.Cos(_theta1);
        observation[1] = (float)Math.Sin(_theta1);
        observation[2] = (float)Math.Cos(_theta2);
        observation[3] = (float)Math.Sin(_theta2);
        observation[4] = (float)_theta1Dot;
    }

    /// <summary>Writes the physical state, the episode phase and the generator's state.</summary>
    public void SaveSnapshot(BinaryWriter writer)
    {
        _episode.Save(writer, Name, [_theta1, _theta2, _theta1Dot, _theta2Dot]);
    }

    /// <summary>Continues exactly from a state written by <see cref="SaveSnapshot"/>.</summary>
    public void LoadSnapshot(BinaryReader reader)
    {
        (_theta1, _theta2, _theta1Dot, _theta2Dot) = AcrobotState.FromArray(_episode.Load(reader, Name, 4));
    }
}
