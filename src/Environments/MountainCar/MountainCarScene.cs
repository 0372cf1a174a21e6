using RLArena.Environments.Scenes;

namespace RLArena.Environments.MountainCar;

/// <summary>
/// MountainCar drawn like Gymnasium's picture: the hill sin(3x)·0.45 + 0.55 over the track [−1.2, 0.6], the flag at
/// 0.5 and the car (a body and two wheels) standing on the hill, tilted by cos(3x) radians as Gymnasium tilts it.
/// World units are the environment's position units; x = 0 of the world is the track's left end, y grows downwards.
/// </summary>
public static class MountainCarScene
{
    /// <summary>The track's length: 1.8.</summary>
    public const double WorldWidth = MountainCarPhysics.MaxPosition - MountainCarPhysics.MinPosition;
    /// <summary>Room for the hill (heights 0.1 to 1.0) and the flag above it.</summary>
    public const double WorldHeight = 1.35;
    /// <summary>The world y of hill height 0.</summary>
    public const double GroundY = 1.25;
    public const double CarWidth = 0.12;
    public const double CarHeight = 0.06;
    /// <summary>Gap between the hill and the car's body, where the wheels are.</summary>
    public const double Clearance = 0.03;
    public const double WheelRadius = 0.024;
    public const double FlagHeight = 0.15;
    private const int HillSegments = 100;

    public static readonly Rgba Background = new(255, 255, 255);
    public static readonly Rgba HillColor = new(0, 0, 0);
    public static readonly Rgba CarColor = new(0, 0, 0);
    public static readonly Rgba WheelColor = new(128, 128, 128);
    public static readonly Rgba FlagPoleColor = new(0, 0, 0);
    public static readonly Rgba FlagColor = new(204, 204, 0);
    public static readonly Rgba TextColor = new(90, 90, 90);

    /// <summary>The world point of the hill's surface at a position.</summary>
    public static (double X, double Y) Surface(double position) =>
        (position - MountainCarPhysics.MinPosition, GroundY - MountainCarPhysics.Height(position));

    /// <summary>The car's tilt (radians, counter-clockwise as seen; Gymnasium's cos(3x)).</summary>
    public static double Tilt(double position) => Math.Cos(3 * position);

    /// <summary>The world centre of the car's body for a position: above the surface along the tilted up direction.</summary>
    public static (double X, double Y) CarCenter(double position)
    {
        var (sx, sy) = Surface(position);
        var tilt = Tilt(position);
        var up = Clearance + CarHeight / 2;
        // "Up" tilted counter-clockwise by the tilt, on a screen whose y grows downwards.
        return (sx - up * Math.Sin(tilt), sy - up * Math.Cos(tilt));
    }

    /// <summary>The scene for a state.</summary>
    public static Scene Build(in MountainCarState state) => Build(state, MountainCarPhysics.GoalPosition, null);

    /// <summary>
    /// The scene for a state with the flag at <paramref name="goalPosition"/> (MountainCarContinuous has it at 0.45)
    /// and, where given, the last continuous force shown in the label.
    /// </summary>
    /// <param name="state">The car's state.</param>
    /// <param name="goalPosition">Where the flag stands.</param>
    /// <param name="force">The last clipped force in [−1, 1], or null (discrete actions, or right after a reset).</param>
    public static Scene Build(in MountainCarState state, double goalPosition, float? force)
    {
        var scene = new Scene(WorldWidth, WorldHeight, Background);
        for (var i = 0; i < HillSegments; i++)
        {
            var (x1, y1) = Surface(MountainCarPhysics.MinPosition + WorldWidth * i / HillSegments);
            var (x2, y2) = Surface(MountainCarPhysics.MinPosition + WorldWidth * (i + 1) / HillSegments);
            scene.Add(new LinePrimitive(x1, y1, x2, y2, 0.008, HillColor));
        }

        var (fx, fy) = Surface(goalPosition);
        scene.Add(new LinePrimitive(fx, fy, fx, fy - FlagHeight, 0.008, FlagPoleColor));
        scene.Add(new RectanglePrimitive(fx, fy - FlagHeight, 0.07, 0.035, FlagColor));

        var position = state.Position;
        var tilt = Tilt(position);
        var (cx, cy) = CarCenter(position);
        scene.Add(new RectanglePrimitive(cx - CarWidth / 2, cy - CarHeight / 2, CarWidth, CarHeight, CarColor, -tilt));
        var (sx, sy) = Surface(position);
        foreach (var side in new[] { -1.0, 1.0 })
        {
            // The wheels sit a quarter of the car's width either side of the centre, along the tilted body.
            var along = side * CarWidth / 4;
            var wx = sx + along * Math.Cos(tilt) - WheelRadius * Math.Sin(tilt);
            var wy = sy - along * Math.Sin(tilt) - WheelRadius * Math.Cos(tilt);
            scene.Add(new CirclePrimitive(wx, wy, WheelRadius, WheelColor));
        }

        var label = $"position = {CartPole.CartPoleScene.Signed(state.Position, 3)}   velocity = {CartPole.CartPoleScene.Signed(state.Velocity, 4)}";
        if (force is { } f) label += $"   force = {CartPole.CartPoleScene.Signed(f, 2)}";
        scene.Add(new TextPrimitive(0.03, 0.03, label, 0.06, TextColor));
        return scene;
    }
}
