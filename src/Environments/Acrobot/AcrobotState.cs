namespace RLArena.Environments.Acrobot;

/// <summary>
/// Acrobot's physical state in float64, in Gymnasium's order: the first link's angle from hanging straight down, the
/// second link's angle relative to the first (both radians, wrapped to [−π, π]), and their angular velocities
/// (bounded to ±4π and ±9π rad/s).
/// </summary>
public readonly record struct AcrobotState(double Theta1, double Theta2, double Theta1Dot, double Theta2Dot)
{
    /// <summary>The four values as an array, in Gymnasium's order.</summary>
    public double[] ToArray() => [Theta1, Theta2, Theta1Dot, Theta2Dot];

    /// <summary>A state from an array of four values (theta1, theta2, theta1_dot, theta2_dot).</summary>
    public static AcrobotState FromArray(ReadOnlySpan<double> values)
    {
        if (values.Length != 4) throw new ArgumentException($"an Acrobot state has 4 values (theta1, theta2, theta1_dot, theta2_dot), not {values.Length}.", nameof(values));
        return new AcrobotState(values[0], values[1], values[2], values[3]);
    }
}
