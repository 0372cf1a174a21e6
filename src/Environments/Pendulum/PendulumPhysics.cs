namespace RLArena.Environments.Pendulum;

/// <summary>
/// Gymnasium's Pendulum-v1 constants and step (gymnasium/envs/classic_control/pendulum.py, v0.29.1), evaluated in
/// float64 in the same order as there under NumPy 1.x: the torque is clipped as float32 and then widened, the squares
/// are C <c>pow</c> (as NumPy's scalar power), sin is the C library's (as NumPy's on CPUs without AVX-512).
/// </summary>
public static class PendulumPhysics
{
    /// <summary>The speed limit, in radians per second.</summary>
    public const double MaxSpeed = 8;
    /// <summary>The largest torque either way.</summary>
    public const float MaxTorque = 2.0f;
    /// <summary>The time step, in seconds.</summary>
    public const double Dt = 0.05;
    /// <summary>Gymnasium's default gravity (its <c>g</c> argument).</summary>
    public const double DefaultGravity = 10.0;
    /// <summary>The mass at the rod's end.</summary>
    public const double Mass = 1.0;
    /// <summary>The rod's length.</summary>
    public const double Length = 1.0;
    /// <summary>Gymnasium's default reset bound of θ: uniform in [−π, π].</summary>
    public const double DefaultResetAngle = Math.PI;
    /// <summary>Gymnasium's default reset bound of θ̇: uniform in [−1, 1].</summary>
    public const double DefaultResetSpeed = 1.0;

    /// <summary>NumPy's <c>np.clip(u, -2.0, 2.0)</c> of a float32 torque.</summary>
    /// <param name="torque">The torque asked for.</param>
    public static float ClipTorque(float torque) => Math.Min(Math.Max(torque, -MaxTorque), MaxTorque);

    /// <summary>
    /// One step with a torque already clipped (<see cref="ClipTorque"/>): returns the cost of the state before the
    /// step (the reward is its negative) and moves the state.
    /// </summary>
    /// <param name="theta">The angle, updated in place.</param>
    /// <param name="thetaDot">The angular velocity, updated in place.</param>
    /// <param name="torque">The clipped torque.</param>
    /// <param name="gravity">The gravity g (Gymnasium's default 10).</param>
    public static double Step(ref double theta, ref double thetaDot, float torque, double gravity)
    {
        double u = torque;
        var costs = Math.Pow(AngleNormalize(theta), 2) + 0.1 * Math.Pow(thetaDot, 2) + 0.001 * Math.Pow(u, 2);
        var newThetaDot = thetaDot + (3 * gravity / (2 * Length) * Math.Sin(theta) + 3.0 / (Mass * Math.Pow(Length, 2)) * u) * Dt;
        newThetaDot = Math.Min(Math.Max(newThetaDot, -MaxSpeed), MaxSpeed);
        var newTheta = theta + newThetaDot * Dt;
        theta = newTheta;
        thetaDot = newThetaDot;
        return costs;
    }

    /// <summary>Gymnasium's <c>angle_normalize</c>: ((x + π) mod 2π) − π with Python's floored modulo, in [−π, π).</summary>
    /// <param name="x">An angle in radians.</param>
    public static double AngleNormalize(double x) => PythonModulo(x + Math.PI, 2 * Math.PI) - Math.PI;

    // Python's float % (NumPy's npy_divmod): C's fmod, moved into the divisor's sign.
    private static double PythonModulo(double a, double b)
    {
        var mod = a % b;
        if (mod != 0)
        {
            if ((b < 0) != (mod < 0)) mod += b;
        }
        else
        {
            mod = Math.CopySign(0.0, b);
        }
        return mod;
    }
}
