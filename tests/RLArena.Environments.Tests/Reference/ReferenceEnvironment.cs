using RLArena.Environments.Acrobot;
using RLArena.Environments.MountainCar;
using RLArena.Environments.MountainCarContinuous;
using RLArena.Environments.Pendulum;
using RLArena.Environments.Registry;

namespace RLArena.Environments.Tests.Reference;

/// <summary>
/// One row of the table <see cref="ClassicControlReferenceTests"/> runs: a classic-control environment with
/// Gymnasium reference values (<see cref="ControlReference"/>), how to make it, read and set its float64 state and
/// step it, and the closed-loop policies control_reference.py used (computed here from the same float64 state).
/// </summary>
public sealed class ReferenceEnvironment
{
    /// <summary>The environment's key in the reference file ("acrobot", "mountaincar_continuous", ...).</summary>
    public required string Key { get; init; }

    /// <summary>The registry's versioned id, as <c>gym.make</c> takes it ("Acrobot-v1").</summary>
    public required string GymId { get; init; }

    /// <summary>The registry name ("acrobot").</summary>
    public required string Name { get; init; }

    /// <summary>The episode limit of the registry's version.</summary>
    public required int MaxSteps { get; init; }

    /// <summary>The observation's length.</summary>
    public required int ObservationSize { get; init; }

    /// <summary>Makes the environment without its time limit.</summary>
    public required Func<IEnvironment> MakeRaw { get; init; }

    /// <summary>The float64 state of the environment (found under any wrappers).</summary>
    public required Func<IEnvironment, double[]> ReadState { get; init; }

    /// <summary>Sets the float64 state of an environment made by <see cref="MakeRaw"/>.</summary>
    public required Action<IEnvironment, double[]> WriteState { get; init; }

    /// <summary>The generator's policy: (seed, step, float64 state, the rollout's recorded actions) → action.</summary>
    public required Func<int, int, double[], float[], float> Policy { get; init; }

    /// <summary>Whether the action is a float vector of one element (else a discrete index).</summary>
    public bool Continuous { get; init; }

    /// <summary>Whether a reset draws float32 values (Acrobot keeps its reset state as float32).</summary>
    public bool ResetStateIsFloat32 { get; init; }

    /// <summary>How far one reference step may be from Gymnasium's (0: to the last bit).</summary>
    public double StepTolerance { get; init; }

    /// <summary>How far an episode may drift from Gymnasium's on NumPy's AVX-512 path; null where no such data exists.</summary>
    public double? Avx512Tolerance { get; init; }

    /// <summary>
    /// Whether the expected values come from glibc's sin, cos and pow (which .NET calls on Linux); MountainCar-v0 uses
    /// only +, ×, clipping and cos, which agree on the platforms .NET runs on.
    /// </summary>
    public bool NeedsGlibc { get; init; } = true;

    /// <summary>The action that moves nothing (no torque, no force, coasting).</summary>
    public required float IdleAction { get; init; }

    /// <summary>The reward of every step of <see cref="IdleAction"/> from the seed-0 start; null where it varies.</summary>
    public double? IdleReward { get; init; }

    /// <summary>Steps the environment with <paramref name="action"/> (an index or a one-element force).</summary>
    /// <param name="env">The environment.</param>
    /// <param name="action">The action.</param>
    /// <param name="observation">Receives the next observation.</param>
    public StepOutcome Step(IEnvironment env, float action, Span<float> observation) =>
        Continuous ? env.Step([action], observation) : env.Step((int)action, observation);

    /// <summary>The registry's version of the environment.</summary>
    public IEnvironment MakeRegistered() => EnvRegistry.Make(GymId);

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>Every environment with reference values.</summary>
    public static IReadOnlyList<ReferenceEnvironment> All { get; } =
    [
        new()
        {
            Key = "mountaincar", GymId = "MountainCar-v0", Name = MountainCarEnv.Name, MaxSteps = 200, ObservationSize = 2,
            MakeRaw = () => new MountainCarEnv(),
            ReadState = env => env.Find<MountainCarEnv>()!.State.ToArray(),
            WriteState = (env, state) => ((MountainCarEnv)env).State = MountainCarState.FromArray(state),
            Policy = (seed, step, state, scripted) => MountainCarPolicy(seed, step, MountainCarState.FromArray(state), scripted),
            IdleAction = 1, IdleReward = -1, NeedsGlibc = false,
        },
        new()
        {
            Key = "acrobot", GymId = "Acrobot-v1", Name = AcrobotEnv.Name, MaxSteps = 500, ObservationSize = 6,
            MakeRaw = () => new AcrobotEnv(),
            ReadState = env => env.Find<AcrobotEnv>()!.State.ToArray(),
            WriteState = (env, state) => ((AcrobotEnv)env).State = AcrobotState.FromArray(state),
            Policy = (seed, step, state, scripted) => AcrobotPolicy(seed, step, AcrobotState.FromArray(state), scripted),
            IdleAction = 1, IdleReward = -1, ResetStateIsFloat32 = true, Avx512Tolerance = 1e-11,
        },
        new()
        {
            Key = "pendulum", GymId = "Pendulum-v1", Name = PendulumEnv.Name, MaxSteps = 200, ObservationSize = 3,
            MakeRaw = () => new PendulumEnv(),
            ReadState = env => env.Find<PendulumEnv>()!.State.ToArray(),
            WriteState = (env, state) => ((PendulumEnv)env).State = PendulumState.FromArray(state),
            Policy = (seed, step, state, scripted) => seed == 4 ? scripted[step] : PendulumSwingUp(PendulumState.FromArray(state)),
            IdleAction = 0, Continuous = true, StepTolerance = 1e-15, Avx512Tolerance = 1e-9,
        },
        new()
        {
            Key = "mountaincar_continuous", GymId = "MountainCarContinuous-v0", Name = MountainCarContinuousEnv.Name, MaxSteps = 999,
            ObservationSize = 2,
            MakeRaw = () => new MountainCarContinuousEnv(),
            ReadState = env => env.Find<MountainCarContinuousEnv>()!.State.ToArray(),
            WriteState = (env, state) => ((MountainCarContinuousEnv)env).State = MountainCarState.FromArray(state),
            Policy = (seed, step, state, scripted) => MountainCarContinuousPolicy(seed, step, MountainCarState.FromArray(state), scripted),
            IdleAction = 0, IdleReward = 0, Continuous = true,
        },
    ];

    // MountainCar-v0: pump (accelerate in the direction of motion), left into the wall first, coast, or scripted.
    private static int MountainCarPolicy(int seed, int step, MountainCarState s, float[] scripted) => seed switch
    {
        5 => step < 70 ? 0 : MountainCarPump(s),
        6 => 1,
        7 => (int)scripted[step],
        _ => MountainCarPump(s),
    };

    private static int MountainCarPump(MountainCarState s) => s.Velocity >= 0 ? 2 : 0;

    // Acrobot-v1: torque with a mix of both joints' swing, no torque, or scripted.
    private static int AcrobotPolicy(int seed, int step, AcrobotState s, float[] scripted)
    {
        if (seed == 6) return 1;
        if (seed == 7) return (int)scripted[step];
        var mix = s.Theta1Dot + 0.5 * s.Theta2Dot;
        return mix > 0 ? 2 : mix < 0 ? 0 : 1;
    }

    // Pendulum-v1: bang-bang in the direction of motion far from the top, a PD controller near it.
    private static float PendulumSwingUp(PendulumState s)
    {
        var th = PendulumPhysics.AngleNormalize(s.Theta);
        if (Math.Abs(th) < 0.8) return (float)(-10.0 * th - 2.0 * s.ThetaDot);
        return s.ThetaDot >= 0 ? 2.0f : -2.0f;
    }

    // MountainCarContinuous-v0: push at 0.6 (left first, into the wall), scripted, or push at 1 with the motion.
    private static float MountainCarContinuousPolicy(int seed, int step, MountainCarState s, float[] scripted) => seed switch
    {
        5 => step < 60 ? -0.6f : s.Velocity >= 0 ? 0.6f : -0.6f,
        6 or 7 => scripted[step],
        _ => s.Velocity >= 0 ? 1.0f : -1.0f,
    };
}
