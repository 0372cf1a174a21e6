using System.Runtime.CompilerServices;

namespace RLArena.Environments.CartPole;

/// <summary>
/// Gymnasium's CartPole-v1 constants and its explicit-Euler step, written in exactly the order Gymnasium evaluates
/// them in float64 (gymnasium/envs/classic_control/cartpole.py, <c>step</c>), so results agree to the last bit
/// wherever sin and cos round the same way (glibc's, which .NET and Python's math module both use on Linux).
/// </summary>
public static class CartPolePhysics
{
    /// <summary>Gravitational acceleration (m/s²).</summary>
    public const double Gravity = 9.8;
    /// <summary>Mass of the cart (kg).</summary>
    public const double MassCart = 1.0;
    /// <summary>Mass of the pole (kg).</summary>
    public const double MassPole = 0.1;
    /// <summary>Cart plus pole (kg).</summary>
    public const double TotalMass = MassPole + MassCart;
    /// <summary>Half the pole's length (Gymnasium's <c>length</c>).</summary>
    public const double HalfPoleLength = 0.5;
    /// <summary>Pole mass × half length (Gymnasium's <c>polemass_length</c>).</summary>
    public const double PoleMassLength = MassPole * HalfPoleLength;
    /// <summary>The force of one push (N).</summary>
    public const double ForceMagnitude = 10.0;
    /// <summary>Seconds per step.</summary>
    public const double Tau = 0.02;
    /// <summary>12 degrees: <c>12 * 2 * math.pi / 360</c>.</summary>
    public const double ThetaThresholdRadians = 12 * 2 * Math.PI / 360;
    /// <summary>|x| beyond this (m) ends the episode; exactly 2.4 does not.</summary>
    public const double XThreshold = 2.4;

    /// <summary>One step: action 1 pushes right (+10 N), action 0 pushes left (−10 N).</summary>
    public static CartPoleState Step(in CartPoleState state, int action)
    {
        var (x, xDot, theta, thetaDot) = state;
        Step(ref x, ref xDot, ref theta, ref thetaDot, action);
        return new CartPoleState(x, xDot, theta, thetaDot);
    }

    /// <summary>One step on the four state values in place (the form the environment uses; no copies).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step(ref double x, ref double xDot, ref double theta, ref double thetaDot, int action)
    {
        // (2a − 1)·10 is exactly +10.0 or −10.0, without a branch the policy's choices would mispredict.
        var force = (2 * action - 1) * ForceMagnitude;
        var (sinTheta, cosTheta) = Math.SinCos(theta);
        var temp = (force + PoleMassLength * (thetaDot * thetaDot) * sinTheta) / TotalMass;
        var thetaAcc = (Gravity * sinTheta - cosTheta * temp)
                       / (HalfPoleLength * (4.0 / 3.0 - MassPole * (cosTheta * cosTheta) / TotalMass));
        var xAcc = temp - PoleMassLength * thetaAcc * cosTheta / TotalMass;
        x += Tau * xDot;
        xDot += Tau * xAcc;
        theta += Tau * thetaDot;
        thetaDot += Tau * thetaAcc;
    }

    /// <summary>Gymnasium's termination test on a state (strict inequalities: |x| = 2.4 is not terminal).</summary>
    public static bool IsTerminal(in CartPoleState state) => IsTerminal(state.X, state.Theta);

    /// <summary>Gymnasium's termination test: x &lt; −2.4 or x &gt; 2.4 or θ &lt; −12° or θ &gt; 12°.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsTerminal(double x, double theta) =>
        x < -XThreshold || x > XThreshold || theta < -ThetaThresholdRadians || theta > ThetaThresholdRadians;
}
