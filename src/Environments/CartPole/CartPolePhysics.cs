namespace RLArena.Environments.CartPole;

/// <summary>
/// Gymnasium's CartPole-v1 constants and its explicit-Euler step, written in exactly the order Gymnasium evaluates
/// them in float64 (gymnasium/envs/classic_control/cartpole.py, <c>step</c>), so results agree to the last bit
/// wherever sin and cos round the same way (glibc's, which .NET and Python's math module both use on Linux).
/// </summary>
public static class CartPolePhysics
{
    public const double Gravity = 9.8;
    public const double MassCart = 1.0;
    public const double MassPole = 0.1;
    public const double TotalMass = MassPole + MassCart;
    /// <summary>Half the pole's length (Gymnasium's <c>length</c>).</summary>
    public const double HalfPoleLength = 0.5;
    public const double PoleMassLength = MassPole * HalfPoleLength;
    public const double ForceMagnitude = 10.0;
    /// <summary>Seconds per step.</summary>
    public const double Tau = 0.02;
    /// <summary>12 degrees: <c>12 * 2 * math.pi / 360</c>.</summary>
    public const double ThetaThresholdRadians = 12 * 2 * Math.PI / 360;
    public const double XThreshold = 2.4;

    /// <summary>One step: action 1 pushes right (+10 N), action 0 pushes left (−10 N).</summary>
    public static CartPoleState Step(in CartPoleState state, int action)
    {
        var x = state.X;
        var xDot = state.XDot;
        var theta = state.Theta;
        var thetaDot = state.ThetaDot;
        var force = action == 1 ? ForceMagnitude : -ForceMagnitude;
        var (sinTheta, cosTheta) = Math.SinCos(theta);
        var temp = (force + PoleMassLength * (thetaDot * thetaDot) * sinTheta) / TotalMass;
        var thetaAcc = (Gravity * sinTheta - cosTheta * temp)
                       / (HalfPoleLength * (4.0 / 3.0 - MassPole * (cosTheta * cosTheta) / TotalMass));
        var xAcc = temp - PoleMassLength * thetaAcc * cosTheta / TotalMass;
        x += Tau * xDot;
        xDot += Tau * xAcc;
        theta += Tau * thetaDot;
        thetaDot += Tau * thetaAcc;
        return new CartPoleState(x, xDot, theta, thetaDot);
    }

    /// <summary>Gymnasium's termination test on a state (strict inequalities: |x| = 2.4 is not terminal).</summary>
    public static bool IsTerminal(in CartPoleState state) =>
        state.X < -XThreshold || state.X > XThreshold
        || state.Theta < -ThetaThresholdRadians || state.Theta > ThetaThresholdRadians;
}
