using System.Globalization;
using RLArena.Environments.Scenes;

namespace RLArena.Environments.CartPole;

/// <summary>
/// CartPole drawn in metres, like Gymnasium's picture: a track, the cart centred on it at the state's x, the pole
/// (1 m, twice the half-length) hinged at the axle and leaning by the state's angle, threshold marks at ±2.4 m.
/// The world is <see cref="WorldWidth"/> × <see cref="WorldHeight"/> with x = 0 at the centre of the width.
/// </summary>
public static class CartPoleScene
{
    /// <summary>The scene's width in world units (m).</summary>
    public const double WorldWidth = 6.0;
    /// <summary>The scene's height in world units (m).</summary>
    public const double WorldHeight = 2.2;
    /// <summary>The track's y (world units, y down).</summary>
    public const double TrackY = 1.6;
    /// <summary>The cart's drawn width (m).</summary>
    public const double CartWidth = 0.5;
    /// <summary>The cart's drawn height (m).</summary>
    public const double CartHeight = 0.3;
    /// <summary>How far above the cart's centre the pole is hinged (Gymnasium: a quarter of the cart's height).</summary>
    public const double AxleOffset = CartHeight / 4;
    /// <summary>The pole's drawn length: twice the half length (m).</summary>
    public const double PoleLength = 2 * CartPolePhysics.HalfPoleLength;
    /// <summary>The pole's drawn thickness (m).</summary>
    public const double PoleThickness = 0.1;
    /// <summary>The axle's drawn radius (m).</summary>
    public const double AxleRadius = 0.05;

    /// <summary>The background colour.</summary>
    public static readonly Rgba Background = new(255, 255, 255);
    /// <summary>The track's colour.</summary>
    public static readonly Rgba TrackColor = new(0, 0, 0);
    /// <summary>The colour of the marks at ±2.4 m.</summary>
    public static readonly Rgba ThresholdColor = new(200, 60, 60);
    /// <summary>The cart's colour.</summary>
    public static readonly Rgba CartColor = new(0, 0, 0);
    /// <summary>The pole's colour.</summary>
    public static readonly Rgba PoleColor = new(202, 152, 101);
    /// <summary>The axle's colour.</summary>
    public static readonly Rgba AxleColor = new(129, 132, 203);
    /// <summary>The colour of the header text.</summary>
    public static readonly Rgba TextColor = new(90, 90, 90);

    /// <summary>The cart's centre in world units for a cart position x (m).</summary>
    public static (double X, double Y) CartCenter(double x) => (WorldWidth / 2 + x, TrackY);

    /// <summary>The axle (pole hinge) in world units.</summary>
    public static (double X, double Y) Axle(double x) => (WorldWidth / 2 + x, TrackY - AxleOffset);

    /// <summary>The pole's free end in world units: the axle plus (L sin θ, −L cos θ) on screen.</summary>
    public static (double X, double Y) PoleTip(double x, double theta)
    {
        var (ax, ay) = Axle(x);
        return (ax + PoleLength * Math.Sin(theta), ay - PoleLength * Math.Cos(theta));
    }

    /// <summary>The frame for <paramref name="state"/>: track, limits, cart, pole at its angle, axle.</summary>
    /// <param name="state">The physical state to draw.</param>
    public static Scene Build(in CartPoleState state)
    {
        var scene = new Scene(WorldWidth, WorldHeight, Background);
        scene.Add(new LinePrimitive(0, TrackY, WorldWidth, TrackY, 0.02, TrackColor));
        foreach (var edge in new[] { -CartPolePhysics.XThreshold, CartPolePhysics.XThreshold })
        {
            var ex = WorldWidth / 2 + edge;
            scene.Add(new LinePrimitive(ex, TrackY - 0.12, ex, TrackY + 0.12, 0.025, ThresholdColor));
        }

        var (cx, cy) = CartCenter(state.X);
        scene.Add(new RectanglePrimitive(cx - CartWidth / 2, cy - CartHeight / 2, CartWidth, CartHeight, CartColor));
        var (ax, ay) = Axle(state.X);
        var (tx, ty) = PoleTip(state.X, state.Theta);
        scene.Add(new LinePrimitive(ax, ay, tx, ty, PoleThickness, PoleColor));
        scene.Add(new CirclePrimitive(ax, ay, AxleRadius, AxleColor));

        // ASCII only, so that any renderer's default font can draw it.
        var label = $"x = {Signed(state.X, 3)} m   angle = {Signed(state.Theta * 180 / Math.PI, 1)} deg";
        scene.Add(new TextPrimitive(0.1, 0.08, label, 0.14, TextColor));
        return scene;
    }

    /// <summary>The value rounded to <paramref name="decimals"/> places with an explicit sign; a value that rounds to zero is "+0.0".</summary>
    internal static string Signed(double value, int decimals)
    {
        var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        if (rounded == 0) rounded = 0; // no "-0.0"
        var text = rounded.ToString("F" + decimals, CultureInfo.InvariantCulture);
        return rounded >= 0 ? "+" + text : text;
    }
}
