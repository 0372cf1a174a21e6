namespace RLArena.Environments.Scenes;

/// <summary>
/// What an environment looks like now, in world units: a world of <see cref="Width"/> × <see cref="Height"/> with
/// the origin at the top-left and y growing downwards, and primitives drawn in list order (later on top).
/// Renderers scale the world to their surface keeping its aspect ratio.
/// </summary>
public sealed class Scene
{
    /// <summary>An empty scene of <paramref name="width"/> × <paramref name="height"/> world units.</summary>
    /// <param name="width">The width in world units.</param>
    /// <param name="height">The height in world units.</param>
    /// <param name="background">The background colour.</param>
    public Scene(double width, double height, Rgba background)
    {
        Width = width;
        Height = height;
        Background = background;
    }

    /// <summary>The width in world units.</summary>
    public double Width { get; }
    /// <summary>The height in world units.</summary>
    public double Height { get; }
    /// <summary>The background colour.</summary>
    public Rgba Background { get; }
    /// <summary>What to draw, in order (later on top).</summary>
    public List<ScenePrimitive> Primitives { get; } = new();

    /// <summary>Adds <paramref name="primitive"/> on top of what is there.</summary>
    /// <param name="primitive">A shape or text to draw.</param>
    public Scene Add(ScenePrimitive primitive)
    {
        Primitives.Add(primitive);
        return this;
    }
}

/// <summary>An sRGB colour with alpha.</summary>
public readonly record struct Rgba(byte R, byte G, byte B, byte A = 255);

/// <summary>One thing to draw, in world units.</summary>
/// <param name="Color">Its colour.</param>
public abstract record ScenePrimitive(Rgba Color);

/// <summary>An axis-aligned rectangle, top-left corner at (X, Y), optionally rotated about its centre (radians, clockwise on screen).</summary>
public sealed record RectanglePrimitive(double X, double Y, double Width, double Height, Rgba Color, double Rotation = 0)
    : ScenePrimitive(Color);

/// <summary>A filled circle.</summary>
/// <param name="CenterX">The centre's x.</param>
/// <param name="CenterY">The centre's y.</param>
/// <param name="Radius">The radius.</param>
/// <param name="Color">Its colour.</param>
public sealed record CirclePrimitive(double CenterX, double CenterY, double Radius, Rgba Color) : ScenePrimitive(Color);

/// <summary>A straight line with square ends.</summary>
/// <param name="X1">The start's x.</param>
/// <param name="Y1">The start's y.</param>
/// <param name="X2">The end's x.</param>
/// <param name="Y2">The end's y.</param>
/// <param name="Thickness">The line's width.</param>
/// <param name="Color">Its colour.</param>
public sealed record LinePrimitive(double X1, double Y1, double X2, double Y2, double Thickness, Rgba Color) : ScenePrimitive(Color);

/// <summary>Text whose top-left corner is at (X, Y); <see cref="Size"/> is the font height in world units.</summary>
public sealed record TextPrimitive(double X, double Y, string Text, double Size, Rgba Color) : ScenePrimitive(Color);
