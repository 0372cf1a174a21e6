using System.Globalization;
using RLArena.Environments.ClassicControl;
using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;

namespace RLArena.Environments.Pendulum;

/// <summary>
/// Gymnasium's Pendulum-v1 without the time limit (the registry's "pendulum" wraps it in a 200-step
/// <see cref="Wrappers.TimeLimit"/>, as <c>gym.make("Pendulum-v1")</c> does).
/// <para>
/// Observation: float32 [cos θ, sin θ, θ̇] of the float64 state. Action: one float32 torque in [−2, 2]; values outside
/// are clipped inside the step (as Gymnasium clips them), NaN is refused. Reward:
/// −(angle_normalize(θ)² + 0.1·θ̇² + 0.001·u²) of the state before the step, so between about −16.27 and 0.
/// Never terminates (only the time limit ends an episode). Reset: θ uniform in [−π, π] and θ̇ in [−1, 1], drawn from
/// NumPy's PCG64 exactly as Gymnasium does (so <c>Reset(seed)</c> starts where <c>env.reset(seed=seed)</c> starts).
/// </para>
/// </summary>
public sealed class PendulumEnv : IEnvironment, ISnapshotEnvironment
{
    /// <summary>The registry name.</summary>
    public const string Name = "pendulum";
    private const int ObservationSize = 3;
    private const int ActionSize = 1;

    private readonly double _resetAngle;
    private readonly double _resetSpeed;
    private SeededEpisode _episode; // a mutable struct: never copy it
    private double _theta, _thetaDot;
    private float? _lastTorque;

    /// <summary>
    /// A pendulum with gravity <paramref name="gravity"/> whose resets draw θ from [−<paramref name="resetAngle"/>,
    /// <paramref name="resetAngle"/>] and θ̇ from [−<paramref name="resetSpeed"/>, <paramref name="resetSpeed"/>]
    /// (Gymnasium's <c>g</c> and its reset options <c>x_init</c>, <c>y_init</c>).
    /// </summary>
    /// <param name="gravity">g, in [0, 100] (default 10).</param>
    /// <param name="resetAngle">The reset bound of θ, in [0, π] (default π).</param>
    /// <param name="resetSpeed">The reset bound of θ̇, in [0, 8] (default 1).</param>
    public PendulumEnv(double gravity = PendulumPhysics.DefaultGravity, double resetAngle = PendulumPhysics.DefaultResetAngle,
        double resetSpeed = PendulumPhysics.DefaultResetSpeed)
    {
        if (!(gravity >= 0 && gravity <= 100)) throw new ArgumentOutOfRangeException(nameof(gravity), gravity, "gravity g must be in [0, 100]; Gymnasium's default is 10.");
        if (!(resetAngle >= 0 && resetAngle <= Math.PI)) throw new ArgumentOutOfRangeException(nameof(resetAngle), resetAngle, "the reset angle bound must be in [0, pi]; the default is pi.");
        if (!(resetSpeed >= 0 && resetSpeed <= PendulumPhysics.MaxSpeed)) throw new ArgumentOutOfRangeException(nameof(resetSpeed), resetSpeed, "the reset speed bound must be in [0, 8]; the default is 1.");
        Gravity = gravity;
        _resetAngle = resetAngle;
        _resetSpeed = resetSpeed;
        Id = EnvOptionsId.Compose(Name, EnvOptionsId.Option("g", gravity, PendulumPhysics.DefaultGravity),
            EnvOptionsId.Option("x_init", resetAngle, PendulumPhysics.DefaultResetAngle),
            EnvOptionsId.Option("y_init", resetSpeed, PendulumPhysics.DefaultResetSpeed));
    }

    /// <inheritdoc/>
    public string Id { get; }

    /// <summary>The gravity g.</summary>
    public double Gravity { get; }

    /// <summary>Gymnasium's bounds: cos θ and sin θ in [−1, 1], θ̇ in [−8, 8] (float32).</summary>
    public BoxSpace ObservationSpace { get; } = new([ObservationSize], [-1f, -1f, -(float)PendulumPhysics.MaxSpeed], [1f, 1f, (float)PendulumPhysics.MaxSpeed]);

    /// <summary>None: the action is continuous (<see cref="ContinuousActionSpace"/>).</summary>
    public DiscreteSpace ActionSpace => DiscreteSpace.None;

    /// <summary>One torque in [−2, 2] (float32); values outside are clipped inside the step.</summary>
    public BoxSpace ContinuousActionSpace { get; } = BoxSpace.Uniform([ActionSize], -PendulumPhysics.MaxTorque, PendulumPhysics.MaxTorque);

    /// <summary>
    /// "Pendulum-v1"; 30 steps a second (Gymnasium's render_fps); played in real time: Left pushes with torque −2
    /// (clockwise), Right with +2 (counter-clockwise), no torque while neither is held.
    /// </summary>
    public static EnvMetadata Info { get; } = new()
    {
        DisplayName = "Pendulum-v1",
        ActionNames = ["torque -2 (clockwise)", "no torque", "torque +2 (counter-clockwise)"],
        StepsPerSecond = 30,
        Success = null,
        Play = new PlayControls(
            RealTime: true,
            Bindings: [new KeyBinding(PlayKey.Left, 0), new KeyBinding(PlayKey.Right, 2)],
            IdleActions: [1],
            Help: "Left/Right push the pendulum, swing it up and hold it|R reset, Esc quit")
        {
            ContinuousActions = [[-PendulumPhysics.MaxTorque], [0f], [PendulumPhysics.MaxTorque]],
        },
    };

    /// <inheritdoc cref="Info"/>
    public EnvMetadata Metadata => Info;

    /// <summary>
    /// The float64 physical state. Setting it moves the pendulum (for tests and demonstrations) without touching the
    /// episode: it does not end or restart one, and a time limit keeps counting.
    /// </summary>
    public PendulumState State
    {
        get => new(_theta, _thetaDot);
        set => (_theta, _thetaDot) = value;
    }

    /// <summary>The clipped torque of the last step (for the scene's arrow), or null right after a reset.</summary>
    public float? LastTorque => _lastTorque;

    /// <inheritdoc/>
    public void Reset(int? seed, Span<float> observation)
    {
        var random = _episode.Begin(seed, observation, ObservationSize, Id);
        // np_random.uniform(low=-high, high=high) with high = [x, y]: one draw per element, in order.
        _theta = random.Uniform(-_resetAngle, _resetAngle);
        _thetaDot = random.Uniform(-_resetSpeed, _resetSpeed);
        _lastTorque = null;
        WriteObservation(observation);
    }

    /// <summary>Not supported: Pendulum's action is a continuous torque; use the float overload.</summary>
    /// <param name="action">Ignored.</param>
    /// <param name="observation">Ignored.</param>
    public StepOutcome Step(int action, Span<float> observation) => throw EnvGuards.DiscreteStepOnContinuous(Id, ContinuousActionSpace);

    /// <summary>Applies the torque <paramref name="action"/>[0] (clipped to [−2, 2]) for one 0.05 s step.</summary>
    /// <param name="action">One float: the torque.</param>
    /// <param name="observation">Receives the next observation.</param>
    public StepOutcome Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        _episode.CheckStep(observation, ObservationSize, action, ActionSize, Id);
        var torque = PendulumPhysics.ClipTorque(action[0]);
        _lastTorque = torque;
        var costs = PendulumPhysics.Step(ref _theta, ref _thetaDot, torque, Gravity);
        WriteObservation(observation);
        return new StepOutcome(-costs, false, false);
    }

    /// <summary>Writes nothing: a continuous action has no mask (<paramref name="mask"/> must be empty).</summary>
    /// <param name="mask">An empty span.</param>
    public void WriteActionMask(Span<bool> mask) => EnvGuards.MaskLength(mask, 0, Id);

    /// <inheritdoc/>
    public Scene Describe() => PendulumScene.Build(State, _lastTorque);

    private void WriteObservation(Span<float> observation)
    {
        observation[0] = (float)Math.Cos(_theta);
        observation[1] = (float)Math.Sin(_theta);
        observation[2] = (float)_thetaDot;
    }

    /// <summary>Writes the physical state, the last torque, the episode phase and the generator's state.</summary>
    /// <param name="writer">Where to write.</param>
    public void SaveSnapshot(BinaryWriter writer)
    {
        _episode.Save(writer, Name, [Gravity, _theta, _thetaDot], _lastTorque);
    }

    /// <summary>Continues exactly from a state written by <see cref="SaveSnapshot"/>.</summary>
    /// <param name="reader">Where to read.</param>
    public void LoadSnapshot(BinaryReader reader)
    {
        var values = _episode.Load(reader, Name, 3, CheckGravity, out _lastTorque);
        (_theta, _thetaDot) = (values[1], values[2]);
    }

    private void CheckGravity(double[] values)
    {
        if (values[0] != Gravity)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"the snapshot's pendulum has g={values[0]}, this one g={Gravity}"));
    }
}
