using RLArena.Environments.Scenes;

namespace RLArena.Viewer.Rendering;

/// <summary>
/// The few drawing operations the viewer needs, in screen pixels (origin top-left, y down). Implemented by the
/// raylib window and by the SkiaSharp recorder; everything above this (layout, scenes, overlay) is shared.
/// </summary>
public interface ICanvas
{
    /// <summary>Fills the whole surface.</summary>
    /// <param name="color">The colour.</param>
    void Clear(Rgba color);

    /// <summary>A filled rectangle with its top-left corner at (x, y) before rotation, rotated about its centre (radians, clockwise).</summary>
    void FillRectangle(float x, float y, float width, float height, float rotation, Rgba color);

    /// <summary>A filled circle.</summary>
    /// <param name="centerX">Centre x.</param>
    /// <param name="centerY">Centre y.</param>
    /// <param name="radius">Radius.</param>
    /// <param name="color">The colour.</param>
    void FillCircle(float centerX, float centerY, float radius, Rgba color);

    /// <summary>A straight line.</summary>
    /// <param name="x1">Start x.</param>
    /// <param name="y1">Start y.</param>
    /// <param name="x2">End x.</param>
    /// <param name="y2">End y.</param>
    /// <param name="thickness">Line width.</param>
    /// <param name="color">The colour.</param>
    void Line(float x1, float y1, float x2, float y2, float thickness, Rgba color);

    /// <summary>Text whose top-left corner is at (x, y); <paramref name="size"/> is the line height in pixels.</summary>
    void Text(string text, float x, float y, float size, Rgba color);

    /// <summary>The width in pixels of <paramref name="text"/> at <paramref name="size"/>.</summary>
    float MeasureText(string text, float size);
}
