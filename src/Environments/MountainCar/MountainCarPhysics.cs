using System.Runtime.CompilerServices;

namespace RLArena.Environments.MountainCar;

/// <summary>
/// Gymnasium's MountainCar-v0 constants and step (gymnasium/envs/classic_control/mountain_car.py, v0.29.1), evaluated
/// in float64 in the same order, with the same clipping and the same inelastic left wall, so a step gives the same
/// bits as Gymnasium's (its cosine is Python's <c>math.cos</c>, i.e. the C library's, which .NET's
/// <see cref="Math.Cos"/> also calls on Linux).
/// </summary>
public static class MountainCarPhysics
{
    /// <summary>The left end of the track.</summary>
    public const double MinPosition = -1.2;
    /// <summary>The right end of the track.</summary>
    public const double MaxPosition = 0.6;
    /// <summary>The speed limit in either direction (position units per step).</summary>
    public const double MaxSpeed = 0.07;
    /// <summary>The flag's position: reaching it (moving right or standing) ends the episode.</summary>
    public const double GoalPosition = 0.5;
    /// <summary>The least velocity that counts at the flag (Gymnasium's default <c>goal_velocity</c>).</summary>
    public const double GoalVelocity = 0;
    /// <summary>Velocity added per step by accelerating.</summary>
    public const double Force = 0.001;
    /// <summary>Gravity's weight in the velocity update.</summary>
    public const double Gravity = 0.0025;
    /// <summary>Gymnasium's default reset interval for the position (the velocity starts at 0).</summary>
    public const double ResetLow = -0.6;
    /// <summary>Upper end of the default reset interval.</summary>
    public const double ResetHigh = -0.4;

    /// <summary>One step: action 0 accelerates left, 1 does nothing, 2 accelerates right.</summary>
    public static MountainCarState Step(in MountainCarState state, int action)
    {
        var (position, velocity) = state;
        Step(ref position, ref velocity, action);
        return new MountainCarState(position, velocity);
    }

    /// <summary>One step on the two state values in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step(ref double position, ref double velocity, int action)
    {
        velocity += (action - 1) * Force + Math.Cos(3 * position) * -Gravity;
        velocity = Clip(velocity, -MaxSpeed, MaxSpeed);
        position += velocity;
        position = Clip(position, MinPosition, MaxPosition);
        if (position == MinPosition && velocity < 0) velocity = 0; // the left wall stops the car dead
    }

    /// <summary>Gymnasium's termination test: at or past the flag with a velocity of at least 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsTerminal(double position, double velocity) => position >= GoalPosition && velocity >= GoalVelocity;

    /// <summary>The hill's height at a position: sin(3x)·0.45 + 0.55 (the curve Gymnasium draws).</summary>
    public static double Height(double position) => Math.Sin(3 * position) * 0.45 + 0.55;

    // NumPy's clip of one float64: the lower bound first, then the upper.
    private static double Clip(double value, double low, double high) => Math.Min(Math.Max(value, low), high);
}
