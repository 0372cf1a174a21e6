using RLArena.Environments.Scenes;

namespace RLArena.Environments.Pendulum;

/// <summary>
/// Pendulum drawn like Gymnasium's picture: the rod from the pivot at the centre (θ = 0 points up, θ grows
/// counter-clockwise), the black pivot, and the torque of the last step as a curved arrow around the pivot whose
/// length grows with |u| and which turns counter-clockwise for a positive torque. The world is 4.4 × 4.4 (Gymnasium's
/// bound of 2.2 each side) with the pivot at its centre, y down.
/// </summary>
public static class PendulumScene
{
    /// <summary>Side of the square world: twice Gymnasium's bound of 2.2.</summary>
    public const double WorldSize = 4.4;
    /// <summary>The pivot at the world's centre.</summary>
    public const double PivotX = WorldSize / 2, PivotY = WorldSize / 2;
    /// <summary>The rod's drawn thickness (Gymnasium: 0.2).</summary>
    public const double RodThickness = 0.2;
    /// <summary>The radius of the torque arrow's arc around the pivot.</summary>
    public const double ArrowRadius = 0.45;
    private const int ArcSegments = 16;

    /// <summary>The background colour.</summary>
    public static readonly Rgba Background = new(255, 255, 255);
    /// <summary>The rod's colour (Gymnasium's red).</summary>
    public static readonly Rgba RodColor = new(204, 77, 77);
    /// <summary>The pivot's colour.</summary>
    public static readonly Rgba PivotColor = new(0, 0, 0);
    /// <summary>The torque arrow's colour.</summary>
    public static readonly Rgba ArrowColor = new(40, 40, 40);
    /// <summary>The label's colour.</summary>
    public static readonly Rgba TextColor = new(90, 90, 90);

    /// <summary>The free end of the rod in world units (y down): θ = 0 is straight up, positive θ leans left.</summary>
    /// <param name="theta">The angle θ.</param>
    public static (double X, double Y) RodEnd(double theta) =>
        (PivotX - PendulumPhysics.Length * Math.Sin(theta), PivotY - PendulumPhysics.Length * Math.Cos(theta));

    /// <summary>The scene for a state and the torque of the last step (null: no arrow, as right after a reset).</summary>
    /// <param name="state">The pendulum's state.</param>
    /// <param name="torque">The last clipped torque, or null.</param>
    public static Scene Build(in PendulumState state, float? torque)
    {
        var scene = new Scene(WorldSize, WorldSize, Background);
        var (ex, ey) = RodEnd(state.Theta);
        scene.Add(new LinePrimitive(PivotX, PivotY, ex, ey, RodThickness, RodColor));
        scene.Add(new CirclePrimitive(PivotX, PivotY, RodThickness / 2, RodColor));
        scene.Add(new CirclePrimitive(ex, ey, RodThickness / 2, RodColor));
        if (torque is { } u && u != 0) AddTorqueArrow(scene, u);
        scene.Add(new CirclePrimitive(PivotX, PivotY, 0.05, PivotColor));

        var label = $"theta = {CartPole.CartPoleScene.Signed(PendulumPhysics.AngleNormalize(state.Theta), 2)}   " +
                    $"torque = {(torque is { } t ? CartPole.CartPoleScene.Signed(t, 2) : "-")}";
        scene.Add(new TextPrimitive(0.1, 0.1, label, 0.16, TextColor));
        return scene;
    }

    /// <summary>
    /// An arc around the pivot from straight down, sweeping |u|/2 · 3π/4 radians (up to 3π/4 at the largest torque),
    /// counter-clockwise as seen for u &gt; 0, with an arrowhead at its end.
    /// </summary>
    private static void AddTorqueArrow(Scene scene, float torque)
    {
        var sweep = Math.Min(Math.Abs(torque) / PendulumPhysics.MaxTorque, 1.0) * 0.75 * Math.PI * Math.Sign(torque);
        // Angles measured like θ: 0 = up, counter-clockwise positive; the arc starts at the bottom (π).
        (double X, double Y) At(double angle) => (PivotX - ArrowRadius * Math.Sin(angle), PivotY - ArrowRadius * Math.Cos(angle));
        var start = Math.PI - sweep / 2;
        var previous = At(start);
        for (var i = 1; i <= ArcSegments; i++)
        {
            var point = At(start + sweep * i / ArcSegments);
            scene.Add(new LinePrimitive(previous.X, previous.Y, point.X, point.Y, 0.05, ArrowColor));
            previous = point;
        }
        // The head: two short strokes back from the tip, either side of the arc's direction.
        var end = start + sweep;
        var back = At(end - Math.Sign(sweep) * 0.35);
        var (dx, dy) = (back.X - previous.X, back.Y - previous.Y);
        foreach (var side in new[] { -0.5, 0.5 })
        {
            var (cos, sin) = (Math.Cos(side), Math.Sin(side));
            scene.Add(new LinePrimitive(previous.X, previous.Y, previous.X + dx * cos - dy * sin, previous.Y + dx * sin + dy * cos, 0.05, ArrowColor));
        }
    }
}
