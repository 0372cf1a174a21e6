namespace RLArena.Environments.Scenes;

/// <summary>
/// What an environment looks like now, in world units: a world of <see cref="Width"/> × <see cref="Height"/> with
/// the origin at the top-left and y growing downwards, and primitives drawn in list order (later on top).
/// Renderers scale the world to their surface keeping its aspect ratio.
/// </summary>
public sealed class Scene
{
    public Scene(double width, double height, Rgba background)
    {
        Width = width;
        Height = height;
        Background = background;
    }

    public double Width { get; }
    public double Height { get; }
    public Rgba Background { get; }
    public List<ScenePrimitive> Primitives { get; } = new();

    public Scene Add(ScenePrimitive primitive)
    {
        Primitives.Add(primitive);
        return this;
    }
}

/// <summary>An sRGB colour with alpha.</summary>
public readonly record struct Rgba(byte R, byte G, byte B, byte A = 255);

public abstract record ScenePrimitive(Rgba Color);

/// <summary>An axis-aligned rectangle, top-left corner at (X, Y), optionally rotated about its centre (radians, clockwise on screen).</summary>
public sealed record RectanglePrimitive(double X, double Y, double Width, double Height, Rgba Color, double Rotation = 0)
    : ScenePrimitive(Color);

public sealed record CirclePrimitive(double CenterX, double CenterY, double Radius, Rgba Color) : ScenePrimitive(Color);

public sealed record LinePrimitive(double X1, double Y1, double X2, double Y2, double Thickness, Rgba Color) : ScenePrimitive(Color);

/// <summary>Text whose top-left corner is at (X, Y); <see cref="Size"/> is the font height in world units.</summary>
public sealed record TextPrimitive(double X, double Y, string Text, double Size, Rgba Color) : ScenePrimitive(Color);
