using RLArena.Environments.MountainCar;

namespace RLArena.Environments.MountainCarContinuous;

/// <summary>
/// Gymnasium's MountainCarContinuous-v0 constants and step (gymnasium/envs/classic_control/continuous_mountain_car.py,
/// v0.29.1), in the same order as there under NumPy 1.x: the velocity update is computed in float64 from the stored
/// state, the new state is then stored as float32 (Gymnasium keeps <c>self.state</c> as a float32 array after every
/// step), while termination looks at the float64 values before that rounding.
/// </summary>
public static class MountainCarContinuousPhysics
{
    /// <summary>The smallest force.</summary>
    public const float MinAction = -1.0f;
    /// <summary>The largest force.</summary>
    public const float MaxAction = 1.0f;
    /// <summary>The flag's position (0.45 here, 0.5 in MountainCar-v0).</summary>
    public const double GoalPosition = 0.45;
    /// <summary>Velocity added per step by a force of 1.</summary>
    public const double Power = 0.0015;
    /// <summary>The reward for reaching the flag.</summary>
    public const double GoalReward = 100.0;

    /// <summary>
    /// One step in place with the action value <paramref name="action"/> (clipped to [−1, 1] for the force);
    /// returns whether the car reached the flag with at least <paramref name="goalVelocity"/>.
    /// </summary>
    /// <param name="position">The position, updated in place (to a float32 value).</param>
    /// <param name="velocity">The velocity, updated in place (to a float32 value).</param>
    /// <param name="action">The action value as given (not clipped).</param>
    /// <param name="goalVelocity">The least velocity that counts at the flag (Gymnasium's <c>goal_velocity</c>, default 0).</param>
    public static bool Step(ref double position, ref double velocity, float action, double goalVelocity)
    {
        double force = Math.Min(Math.Max(action, MinAction), MaxAction);
        velocity += force * Power - 0.0025 * Math.Cos(3 * position);
        if (velocity > MountainCarPhysics.MaxSpeed) velocity = MountainCarPhysics.MaxSpeed;
        if (velocity < -MountainCarPhysics.MaxSpeed) velocity = -MountainCarPhysics.MaxSpeed;
        position += velocity;
        if (position > MountainCarPhysics.MaxPosition) position = MountainCarPhysics.MaxPosition;
        if (position < MountainCarPhysics.MinPosition) position = MountainCarPhysics.MinPosition;
        if (position == MountainCarPhysics.MinPosition && velocity < 0) velocity = 0;
        var terminated = position >= GoalPosition && velocity >= goalVelocity;
        position = (float)position;
        velocity = (float)velocity;
        return terminated;
    }

    /// <summary>The reward of a step: 100 at the flag, minus 0.1·a² of the action as given (unclipped, as in Gymnasium).</summary>
    /// <param name="action">The action value as given.</param>
    /// <param name="terminated">Whether the step reached the flag.</param>
    public static double Reward(float action, bool terminated)
    {
        var reward = terminated ? GoalReward : 0.0;
        reward -= Math.Pow(action, 2) * 0.1;
        return reward;
    }
}
