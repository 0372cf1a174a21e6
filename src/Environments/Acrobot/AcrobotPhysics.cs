namespace RLArena.Environments.Acrobot;

/// <summary>
/// Gymnasium's Acrobot-v1 constants and step (gymnasium/envs/classic_control/acrobot.py, v0.29.1): the book's
/// equations of motion (Sutton and Barto, not the NeurIPS paper's), one classic fourth-order Runge-Kutta step of
/// 0.2 s, then <see cref="Wrap"/> of the angles and <see cref="Bound"/> of the velocities. Every expression is
/// evaluated in float64 in Gymnasium's order; a square of a variable is <see cref="Math.Pow(double, double)"/>
/// because NumPy computes <c>x**2</c> of a float64 with the C library's <c>pow</c>, which now and then rounds
/// differently from <c>x * x</c>. Sine and cosine are the C library's, as NumPy's are on CPUs without AVX-512 (see
/// the test data's generator script for that caveat).
/// </summary>
public static class AcrobotPhysics
{
    /// <summary>Seconds per step.</summary>
    public const double Dt = 0.2;
    /// <summary>Length of link 1 (m).</summary>
    public const double LinkLength1 = 1.0;
    /// <summary>Length of link 2 (m).</summary>
    public const double LinkLength2 = 1.0;
    /// <summary>Mass of link 1 (kg).</summary>
    public const double LinkMass1 = 1.0;
    /// <summary>Mass of link 2 (kg).</summary>
    public const double LinkMass2 = 1.0;
    /// <summary>Where link 1's centre of mass lies along it.</summary>
    public const double LinkCenterOfMass1 = 0.5;
    /// <summary>Where link 2's centre of mass lies along it.</summary>
    public const double LinkCenterOfMass2 = 0.5;
    /// <summary>Both links' moment of inertia.</summary>
    public const double LinkMomentOfInertia = 1.0;
    /// <summary>Bound on the first joint's angular velocity: 4π.</summary>
    public const double MaxVelocity1 = 4 * Math.PI;
    /// <summary>Bound on the second joint's angular velocity: 9π.</summary>
    public const double MaxVelocity2 = 9 * Math.PI;
    /// <summary>Gravitational acceleration (m/s²).</summary>
    public const double Gravity = 9.8;
    /// <summary>Gymnasium's default reset interval for each of the four state values.</summary>
    public const double ResetLow = -0.1;
    /// <summary>Upper end of the default reset interval.</summary>
    public const double ResetHigh = 0.1;

    // Short names for the equations, as in Gymnasium's _dsdt; squares of constants are exact.
    private const double M1 = LinkMass1, M2 = LinkMass2, L1 = LinkLength1, Lc1 = LinkCenterOfMass1, Lc2 = LinkCenterOfMass2;
    private const double I1 = LinkMomentOfInertia, I2 = LinkMomentOfInertia, G = Gravity;
    private const double L1Squared = L1 * L1, Lc1Squared = Lc1 * Lc1, Lc2Squared = Lc2 * Lc2;

    /// <summary>The torque of an action: 0 → −1, 1 → 0, 2 → +1 (N·m on the joint between the links).</summary>
    public static double Torque(int action) => action switch
    {
        0 => -1.0,
        1 => 0.0,
        2 => 1.0,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Acrobot's actions are 0, 1 and 2."),
    };

    /// <summary>One step of 0.2 s under an action's torque, then wrap and bound, as Gymnasium's <c>step</c>.</summary>
    public static AcrobotState Step(in AcrobotState state, int action)
    {
        var (t1, t2, d1, d2) = state;
        Step(ref t1, ref t2, ref d1, ref d2, action);
        return new AcrobotState(t1, t2, d1, d2);
    }

    /// <summary>One step on the four state values in place.</summary>
    public static void Step(ref double theta1, ref double theta2, ref double theta1Dot, ref double theta2Dot, int action)
    {
        var torque = Torque(action);
        RungeKutta4(ref theta1, ref theta2, ref theta1Dot, ref theta2Dot, torque);
        theta1 = Wrap(theta1, -Math.PI, Math.PI);
        theta2 = Wrap(theta2, -Math.PI, Math.PI);
        theta1Dot = Bound(theta1Dot, -MaxVelocity1, MaxVelocity1);
        theta2Dot = Bound(theta2Dot, -MaxVelocity2, MaxVelocity2);
    }

    /// <summary>Gymnasium's termination test: the free end is more than one link length above the pivot.</summary>
    public static bool IsTerminal(double theta1, double theta2) => -Math.Cos(theta1) - Math.Cos(theta2 + theta1) > 1.0;

    /// <summary>Gymnasium's <c>wrap</c>: adds or subtracts max − min until the value lies in [min, max].</summary>
    public static double Wrap(double value, double min, double max)
    {
        var period = max - min;
        while (value > max) value -= period;
        while (value < min) value += period;
        return value;
    }

    /// <summary>Gymnasium's <c>bound</c>: <c>min(max(value, low), high)</c> with Python's min and max.</summary>
    public static double Bound(double value, double low, double high)
    {
        var atLeastLow = low > value ? low : value;
        return high < atLeastLow ? high : atLeastLow;
    }

    /// <summary>
    /// The time derivatives of (θ1, θ2, θ̇1, θ̇2) under a torque on the second joint: the book's equations, in
    /// Gymnasium's order of operations.
    /// </summary>
    public static (double Theta1Dot, double Theta2Dot, double Theta1DotDot, double Theta2DotDot) Derivatives(
        double theta1, double theta2, double theta1Dot, double theta2Dot, double torque)
    {
        var cos2 = Math.Cos(theta2);
        var sin2 = Math.Sin(theta2);
        var d1 = M1 * Lc1Squared + M2 * (L1Squared + Lc2Squared + 2 * L1 * Lc2 * cos2) + I1 + I2;
        var d2 = M2 * (Lc2Squared + L1 * Lc2 * cos2) + I2;
        var phi2 = M2 * Lc2 * G * Math.Cos(theta1 + theta2 - Math.PI / 2.0);
        var phi1 = -M2 * L1 * Lc2 * Math.Pow(theta2Dot, 2) * sin2
                   - 2 * M2 * L1 * Lc2 * theta2Dot * theta1Dot * sin2
                   + (M1 * Lc1 + M2 * L1) * G * Math.Cos(theta1 - Math.PI / 2)
                   + phi2;
        var theta2DotDot = (torque + d2 / d1 * phi1 - M2 * L1 * Lc2 * Math.Pow(theta1Dot, 2) * sin2 - phi2)
                           / (M2 * Lc2Squared + I2 - Math.Pow(d2, 2) / d1);
        var theta1DotDot = -(d2 * theta2DotDot + phi1) / d1;
        return (theta1Dot, theta2Dot, theta1DotDot, theta2DotDot);
    }

    /// <summary>
    /// One classic Runge-Kutta step of <see cref="Dt"/> with the torque held constant, element by element as
    /// Gymnasium's <c>rk4</c> computes it: y + dt/6 · (((k1 + 2·k2) + 2·k3) + k4).
    /// </summary>
    private static void RungeKutta4(ref double y0, ref double y1, ref double y2, ref double y3, double torque)
    {
        const double dt = Dt - 0;
        const double half = dt / 2.0;
        var k1 = Derivatives(y0, y1, y2, y3, torque);
        var k2 = Derivatives(y0 + half * k1.Theta1Dot, y1 + half * k1.Theta2Dot, y2 + half * k1.Theta1DotDot, y3 + half * k1.Theta2DotDot, torque);
        var k3 = Derivatives(y0 + half * k2.Theta1Dot, y1 + half * k2.Theta2Dot, y2 + half * k2.Theta1DotDot, y3 + half * k2.Theta2DotDot, torque);
        var k4 = Derivatives(y0 + dt * k3.Theta1Dot, y1 + dt * k3.Theta2Dot, y2 + dt * k3.Theta1DotDot, y3 + dt * k3.Theta2DotDot, torque);
        const double sixth = dt / 6.0;
        y0 += sixth * (k1.Theta1Dot + 2 * k2.Theta1Dot + 2 * k3.Theta1Dot + k4.Theta1Dot);
        y1 += sixth * (k1.Theta2Dot + 2 * k2.Theta2Dot + 2 * k3.Theta2Dot + k4.Theta2Dot);
        y2 += sixth * (k1.Theta1DotDot + 2 * k2.Theta1DotDot + 2 * k3.Theta1DotDot + k4.Theta1DotDot);
        y3 += sixth * (k1.Theta2DotDot + 2 * k2.Theta2DotDot + 2 * k3.Theta2DotDot + k4.Theta2DotDot);
    }
}
