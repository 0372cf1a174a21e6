using RLArena.Environments.ClassicControl;
using RLArena.Environments.MountainCar;
using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;

namespace RLArena.Environments.MountainCarContinuous;

/// <summary>
/// Gymnasium's MountainCarContinuous-v0 without the time limit (the registry's "mountaincar-continuous" wraps it in a
/// 999-step <see cref="Wrappers.TimeLimit"/>, as <c>gym.make("MountainCarContinuous-v0")</c> does).
/// <para>
/// Observation: float32 [position, velocity]. Action: one float32 force in [−1, 1]; values outside are clipped for
/// the force inside the step (as Gymnasium does) while the reward's penalty uses the value as given; NaN is refused.
/// Reward: −0.1·a² on every step, plus 100 on the step that reaches the flag. Terminates when the position reaches
/// 0.45 with a velocity of at least <see cref="GoalVelocity"/> (0). Reset: the position uniform in [−0.6, −0.4) drawn
/// from NumPy's PCG64 exactly as Gymnasium does, the velocity 0.
/// </para>
/// </summary>
public sealed class MountainCarContinuousEnv : IEnvironment, ISnapshotEnvironment
{
    /// <summary>The registry name.</summary>
    public const string Name = "mountaincar-continuous";
    private const int ObservationSize = 2;
    private const int ActionSize = 1;

    private readonly double _resetLow;
    private readonly double _resetHigh;
    private SeededEpisode _episode; // a mutable struct: never copy it
    private double _position, _velocity;
    private float? _lastForce;

    /// <summary>
    /// A continuous MountainCar whose resets draw the position uniformly from [<paramref name="resetLow"/>,
    /// <paramref name="resetHigh"/>) and whose flag counts from <paramref name="goalVelocity"/> (Gymnasium's
    /// <c>goal_velocity</c> and reset options <c>low</c>, <c>high</c>).
    /// </summary>
    /// <param name="goalVelocity">The least velocity that counts at the flag, in [0, 0.07] (default 0).</param>
    /// <param name="resetLow">The lower end of the reset interval, in [−1.2, 0.6] (default −0.6).</param>
    /// <param name="resetHigh">The upper end of the reset interval, in [−1.2, 0.6] (default −0.4).</param>
    public MountainCarContinuousEnv(double goalVelocity = 0, double resetLow = MountainCarPhysics.ResetLow, double resetHigh = MountainCarPhysics.ResetHigh)
    {
        if (!(goalVelocity >= 0 && goalVelocity <= MountainCarPhysics.MaxSpeed))
            throw new ArgumentOutOfRangeException(nameof(goalVelocity), goalVelocity, "the goal velocity must be in [0, 0.07]; the default is 0.");
        Id = EnvOptionsId.Compose(Name, EnvOptionsId.Option("goal_velocity", goalVelocity, 0),
            EnvOptionsId.ResetInterval(resetLow, resetHigh, MountainCarPhysics.ResetLow, MountainCarPhysics.ResetHigh));
        GoalVelocity = goalVelocity;
        _resetLow = resetLow;
        _resetHigh = resetHigh;
    }

    /// <inheritdoc/>
    public string Id { get; }

    /// <summary>The least velocity that counts at the flag.</summary>
    public double GoalVelocity { get; }

    /// <summary>Gymnasium's bounds: position [−1.2, 0.6], velocity [−0.07, 0.07] (float32).</summary>
    public BoxSpace ObservationSpace { get; } = new(
        [ObservationSize],
        [(float)MountainCarPhysics.MinPosition, -(float)MountainCarPhysics.MaxSpeed],
        [(float)MountainCarPhysics.MaxPosition, (float)MountainCarPhysics.MaxSpeed]);

    /// <summary>None: the action is continuous (<see cref="ContinuousActionSpace"/>).</summary>
    public DiscreteSpace ActionSpace => DiscreteSpace.None;

    /// <summary>One force in [−1, 1] (float32); values outside are clipped for the force inside the step.</summary>
    public BoxSpace ContinuousActionSpace { get; } = BoxSpace.Uniform([ActionSize], MountainCarContinuousPhysics.MinAction, MountainCarContinuousPhysics.MaxAction);

    /// <summary>
    /// "MountainCarContinuous-v0"; 30 steps a second; played in real time: Left pushes with force −1, Right with +1,
    /// coasting (0) while neither is held.
    /// </summary>
    public static EnvMetadata Info { get; } = new()
    {
        DisplayName = "MountainCarContinuous-v0",
        ActionNames = ["push left (-1)", "coast (0)", "push right (+1)"],
        StepsPerSecond = 30,
        Success = "reach the flag (position 0.45) before step 999",
        Play = new PlayControls(
            RealTime: true,
            Bindings: [new KeyBinding(PlayKey.Left, 0), new KeyBinding(PlayKey.Right, 2)],
            IdleActions: [1],
            Help: "Left/Right push the car, rock to build speed|R reset, Esc quit")
        {
            ContinuousActions = [[MountainCarContinuousPhysics.MinAction], [0f], [MountainCarContinuousPhysics.MaxAction]],
        },
    };

    /// <inheritdoc cref="Info"/>
    public EnvMetadata Metadata => Info;

    /// <summary>
    /// The physical state (float64 after a reset, float32 values after a step, as Gymnasium keeps it). Setting it moves
    /// the car without touching the episode: it does not end or restart one, and a time limit keeps counting.
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
        _lastForce = null;
        WriteObservation(observation);
    }

    /// <summary>Not supported: the action is a continuous force; use the float overload.</summary>
    /// <param name="action">Ignored.</param>
    /// <param name="observation">Ignored.</param>
    public StepOutcome Step(int action, Span<float> observation) => throw EnvGuards.DiscreteStepOnContinuous(Id, ContinuousActionSpace);

    /// <summary>Pushes the car with the force <paramref name="action"/>[0] (clipped to [−1, 1]) for one step.</summary>
    /// <param name="action">One float: the force.</param>
    /// <param name="observation">Receives the next observation.</param>
    public StepOutcome Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        _episode.CheckStep(observation, ObservationSize, action, ActionSize, Id);
        var a = action[0];
        _lastForce = Math.Min(Math.Max(a, MountainCarContinuousPhysics.MinAction), MountainCarContinuousPhysics.MaxAction);
        var terminated = MountainCarContinuousPhysics.Step(ref _position, ref _velocity, a, GoalVelocity);
        _episode.EndIf(terminated);
        WriteObservation(observation);
        return new StepOutcome(MountainCarContinuousPhysics.Reward(a, terminated), terminated, false);
    }

    /// <summary>Writes nothing: a continuous action has no mask (<paramref name="mask"/> must be empty).</summary>
    /// <param name="mask">An empty span.</param>
    public void WriteActionMask(Span<bool> mask) => EnvGuards.MaskLength(mask, 0, Id);

    /// <inheritdoc/>
    public Scene Describe() => MountainCarScene.Build(State, MountainCarContinuousPhysics.GoalPosition, _lastForce);

    private void WriteObservation(Span<float> observation)
    {
        observation[0] = (float)_position;
        observation[1] = (float)_velocity;
    }

    /// <summary>Writes the physical state, the last force, the episode phase and the generator's state.</summary>
    /// <param name="writer">Where to write.</param>
    public void SaveSnapshot(BinaryWriter writer)
    {
        _episode.Save(writer, Name, [_position, _velocity], _lastForce);
    }

    /// <summary>Continues exactly from a state written by <see cref="SaveSnapshot"/>.</summary>
    /// <param name="reader">Where to read.</param>
    public void LoadSnapshot(BinaryReader reader)
    {
        (_position, _velocity) = MountainCarState.FromArray(_episode.Load(reader, Name, 2, check: null, out _lastForce));
    }
}
