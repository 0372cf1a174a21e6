namespace RLArena.Environments.Pendulum;

/// <summary>
/// The pendulum's physical state in float64, in Gymnasium's order: the angle θ (radians, 0 = upright, growing
/// counter-clockwise; not wrapped) and the angular velocity θ̇ (radians per second).
/// </summary>
/// <param name="Theta">The angle from upright, in radians.</param>
/// <param name="ThetaDot">The angular velocity, in radians per second.</param>
public readonly record struct PendulumState(double Theta, double ThetaDot)
{
    /// <summary>The two values as an array: θ, θ̇.</summary>
    public double[] ToArray() => [Theta, ThetaDot];

    /// <summary>A state from an array of two values (θ, θ̇).</summary>
    /// <param name="values">θ and θ̇.</param>
    public static PendulumState FromArray(ReadOnlySpan<double> values)
    {
        if (values.Length != 2) throw new ArgumentException($"a Pendulum state has 2 values (theta, theta_dot), not {values.Length}.", nameof(values));
        return new PendulumState(values[0], values[1]);
    }
}
