namespace RLArena.Environments.CartPole;

/// <summary>
/// CartPole's physical state in float64, in Gymnasium's order: cart position (m), cart velocity (m/s), pole angle
/// (rad, 0 = upright, positive = leaning towards +x) and pole angular velocity (rad/s).
/// </summary>
public readonly record struct CartPoleState(double X, double XDot, double Theta, double ThetaDot)
{
    /// <summary>[x, ẋ, θ, θ̇] (for snapshots).</summary>
    public double[] ToArray() => [X, XDot, Theta, ThetaDot];

    /// <summary>The state from [x, ẋ, θ, θ̇].</summary>
    /// <param name="values">Four values, as <see cref="ToArray"/> writes them.</param>
    public static CartPoleState FromArray(ReadOnlySpan<double> values)
    {
        if (values.Length != 4) throw new ArgumentException($"a CartPole state has 4 values (x, x_dot, theta, theta_dot), not {values.Length}.", nameof(values));
        return new CartPoleState(values[0], values[1], values[2], values[3]);
    }
}
