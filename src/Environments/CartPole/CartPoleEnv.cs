using RLArena.Environments.ClassicControl;
using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;

namespace RLArena.Environments.CartPole;

/// <summary>
/// Gymnasium's CartPole-v1 dynamics without the time limit (the registry's "cartpole" wraps it in a 500-step
/// <see cref="Wrappers.TimeLimit"/>, as <c>gym.make("CartPole-v1")</c> does).
/// <para>
/// Observation: float32 [x, x_dot, theta, theta_dot] of the float64 state. Actions: 0 pushes the cart left, 1 right.
/// Reward: 1 on every step, the terminating one included. Terminates when |x| &gt; 2.4 or |theta| &gt; 12°.
/// Reset: the four state values uniform in [−0.05, 0.05) drawn from NumPy's PCG64 exactly as Gymnasium does, so
/// <c>Reset(seed)</c> starts where <c>env.reset(seed=seed)</c> starts.
/// </para>
/// </summary>
public sealed class CartPoleEnv : IEnvironment, ISnapshotEnvironment
{
    /// <summary>The registry name, "cartpole".</summary>
    public const string Name = "cartpole";
    private const int ObservationSize = 4;

    private SeededEpisode _episode; // a mutable struct: never copy it
    private double _x, _xDot, _theta, _thetaDot;

    /// <inheritdoc />
    public string Id => Name;

    /// <summary>Gymnasium's bounds: [4.8, inf, 0.41887903, inf] and their negatives (float32).</summary>
    public BoxSpace ObservationSpace { get; } = new(
        [ObservationSize],
        [-(float)(CartPolePhysics.XThreshold * 2), float.NegativeInfinity, -(float)(CartPolePhysics.ThetaThresholdRadians * 2), float.NegativeInfinity],
        [(float)(CartPolePhysics.XThreshold * 2), float.PositiveInfinity, (float)(CartPolePhysics.ThetaThresholdRadians * 2), float.PositiveInfinity]);

    /// <inheritdoc />
    public DiscreteSpace ActionSpace { get; } = new(2);

    /// <summary>
    /// "CartPole-v1"; actions "push left" (0) and "push right" (1); 50 steps a second (the 0.02 s physics step); played
    /// in real time with Left and Right, and with neither held the pushes alternate, which nets out to no force.
    /// </summary>
    public static EnvMetadata Info { get; } = new()
    {
        DisplayName = "CartPole-v1",
        ActionNames = ["push left", "push right"],
        StepsPerSecond = 50, // real time: one step is CartPolePhysics.Tau = 0.02 s
        Play = new PlayControls(
            RealTime: true,
            Bindings: [new KeyBinding(PlayKey.Left, 0), new KeyBinding(PlayKey.Right, 1)],
            IdleActions: [0, 1],
            Help: "Left/Right push the cart|R reset, Esc quit"),
    };

    /// <inheritdoc cref="Info"/>
    public EnvMetadata Metadata => Info;

    /// <summary>
    /// The float64 physical state. Setting it moves the cart and pole (for tests and demonstrations) without touching
    /// the episode: it does not end or restart one, and a time limit keeps counting.
    /// </summary>
    public CartPoleState State
    {
        get => new(_x, _xDot, _theta, _thetaDot);
        set => (_x, _xDot, _theta, _thetaDot) = value;
    }

    /// <summary>Whether the current episode has ended (the pole fell or the cart left the track).</summary>
    public bool IsEpisodeOver => _episode.IsOver;

    /// <inheritdoc />
    public void Reset(int? seed, Span<float> observation)
    {
        var random = _episode.Begin(seed, observation, ObservationSize, Id);
        _x = random.Uniform(-0.05, 0.05);
        _xDot = random.Uniform(-0.05, 0.05);
        _theta = random.Uniform(-0.05, 0.05);
        _thetaDot = random.Uniform(-0.05, 0.05);
        WriteObservation(observation);
    }

    /// <inheritdoc />
    public StepOutcome Step(int action, Span<float> observation)
    {
        _episode.CheckStep(observation, ObservationSize, action, 2, Id);
        CartPolePhysics.Step(ref _x, ref _xDot, ref _theta, ref _thetaDot, action);
        var terminated = CartPolePhysics.IsTerminal(_x, _theta);
        _episode.EndIf(terminated);
        WriteObservation(observation);
        return new StepOutcome(1.0, terminated, false);
    }

    /// <inheritdoc />
    public void WriteActionMask(Span<bool> mask)
    {
        EnvGuards.MaskLength(mask, 2, Id);
        mask[0] = true;
        mask[1] = true;
    }

    /// <inheritdoc />
    public Scene Describe() => CartPoleScene.Build(State);

    private void WriteObservation(Span<float> observation)
    {
        observation[3] = (float)_thetaDot;
        observation[2] = (float)_theta;
        observation[1] = (float)_xDot;
        observation[0] = (float)_x;
    }

    /// <summary>Writes the physical state, the episode phase and the generator's state.</summary>
    public void SaveSnapshot(BinaryWriter writer)
    {
        _episode.Save(writer, Name, [_x, _xDot, _theta, _thetaDot]);
    }

    /// <summary>Continues exactly from a state written by <see cref="SaveSnapshot"/>.</summary>
    public void LoadSnapshot(BinaryReader reader)
    {
        (_x, _xDot, _theta, _thetaDot) = CartPoleState.FromArray(_episode.Load(reader, Name, 4));
    }
}
