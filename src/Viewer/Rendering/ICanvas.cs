using RLArena.Environments.Scenes;

namespace RLArena.Viewer.Rendering;

/// <summary>
/// The few drawing operations the viewer needs, in screen pixels (origin top-left, y down). Implemented by the
/// raylib window and by the SkiaSharp recorder; everything above this (layout, scenes, overlay) is shared.
/// </summary>
public interface ICanvas
{
    void Clear(Rgba color);

    /// <summary>A filled rectangle with its top-left corner at (x, y) before rotation, rotated about its centre (radians, clockwise).</summary>
    void FillRectangle(float x, float y, float width, float height, float rotation, Rgba color);

    void FillCircle(float centerX, float centerY, float radius, Rgba color);

    void Line(float x1, float y1, float x2, float y2, float thickness, Rgba color);

    /// <summary>Text whose top-left corner is at (x, y); <paramref name="size"/> is the line height in pixels.</summary>
    void Text(string text, float x, float y, float size, Rgba color);

    /// <summary>The width in pixels of <paramref name="text"/> at <paramref name="size"/>.</summary>
    float MeasureText(string text, float size);
}
