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
/// <param name="Key">The environment's key in the reference file ("acrobot", "mountaincar_continuous", ...).</param>
/// <param name="GymId">The registry's versioned id, as <c>gym.make</c> takes it ("Acrobot-v1").</param>
/// <param name="Name">The registry name ("acrobot"), also the id of the environment with default options.</param>
/// <param name="MaxSteps">The episode limit of the registry's version.</param>
/// <param name="ObservationSize">The observation's length.</param>
/// <param name="MakeRaw">Makes the environment without its time limit.</param>
/// <param name="ReadState">The float64 state of the environment (found under any wrappers).</param>
/// <param name="WriteState">Sets the float64 state of an environment made by <paramref name="MakeRaw"/>.</param>
/// <param name="Policy">The generator's policy: (seed, step, float64 state, the rollout's recorded actions) → action.</param>
/// <param name="IdleAction">The action that moves nothing (no torque, no force, coasting).</param>
/// <param name="IdleReward">The reward of every idle step from the seed-0 start; null where it varies.</param>
/// <param name="Continuous">Whether the action is a float vector of one element (else a discrete index).</param>
/// <param name="ResetStateIsFloat32">Whether a reset draws float32 values (Acrobot keeps its reset state as float32).</param>
/// <param name="StepTolerance">How far one reference step may be from Gymnasium's (0: to the last bit).</param>
/// <param name="Avx512Tolerance">How far an episode may drift from Gymnasium's on NumPy's AVX-512 path; null without such data.</param>
/// <param name="NeedsGlibc">
/// Whether the expected values come from glibc's sin, cos and pow (which .NET calls on Linux); MountainCar-v0 uses only
/// +, ×, clipping and cos, which agree on the platforms .NET runs on.
/// </param>
public sealed record ReferenceEnvironment(
    string Key, string GymId, string Name, int MaxSteps, int ObservationSize, Func<IEnvironment> MakeRaw,
    Func<IEnvironment, double[]> ReadState, Action<IEnvironment, double[]> WriteState, Func<int, int, double[], float[], float> Policy,
    float IdleAction, double? IdleReward, bool Continuous = false, bool ResetStateIsFloat32 = false, double StepTolerance = 0,
    double? Avx512Tolerance = null, bool NeedsGlibc = true)
{
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
        Row(MountainCarEnv.Name, "MountainCar-v0", 200, () => new MountainCarEnv(), env => env.State.ToArray(),
            (env, state) => env.State = MountainCarState.FromArray(state),
            (seed, step, state, scripted) => MountainCarPolicy(seed, step, MountainCarState.FromArray(state), scripted),
            idleAction: 1, idleReward: -1) with { NeedsGlibc = false },
        Row(AcrobotEnv.Name, "Acrobot-v1", 500, () => new AcrobotEnv(), env => env.State.ToArray(),
            (env, state) => env.State = AcrobotState.FromArray(state),
            (seed, step, state, scripted) => AcrobotPolicy(seed, step, AcrobotState.FromArray(state), scripted),
            idleAction: 1, idleReward: -1) with { ResetStateIsFloat32 = true, Avx512Tolerance = 1e-11 },
        Row(PendulumEnv.Name, "Pendulum-v1", 200, () => new PendulumEnv(), env => env.State.ToArray(),
            (env, state) => env.State = PendulumState.FromArray(state),
            (seed, step, state, scripted) => seed == 4 ? scripted[step] : PendulumSwingUp(PendulumState.FromArray(state)),
            idleAction: 0, idleReward: null) with { Continuous = true, StepTolerance = 1e-15, Avx512Tolerance = 1e-9 },
        Row(MountainCarContinuousEnv.Name, "MountainCarContinuous-v0", 999, () => new MountainCarContinuousEnv(), env => env.State.ToArray(),
            (env, state) => env.State = MountainCarState.FromArray(state),
            (seed, step, state, scripted) => MountainCarContinuousPolicy(seed, step, MountainCarState.FromArray(state), scripted),
            idleAction: 0, idleReward: 0) with { Continuous = true },
    ];

    // A row from the typed environment: its key in the reference file is its name with '_' for '-'; the observation
    // length is its observation space's.
    private static ReferenceEnvironment Row<TEnv>(string name, string gymId, int maxSteps, Func<TEnv> make, Func<TEnv, double[]> read,
        Action<TEnv, double[]> write, Func<int, int, double[], float[], float> policy, float idleAction, double? idleReward)
        where TEnv : class, IEnvironment =>
        new(name.Replace('-', '_'), gymId, name, maxSteps, make().ObservationSpace.Shape[0], make,
            env => read(env.Find<TEnv>()!), (env, state) => write((TEnv)env, state), policy, idleAction, idleReward);

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
