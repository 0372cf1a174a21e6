using RLArena.Environments.Scenes;
using RLArena.Viewer.Rendering;

namespace RLArena.Viewer.Raylib;

/// <summary><see cref="ICanvas"/> over raylib's immediate-mode 2D calls (between BeginDrawing and EndDrawing).</summary>
public sealed class RaylibCanvas : ICanvas
{
    private readonly RaylibApi _api;

    /// <summary>Draws through <paramref name="api"/> (between BeginDrawing and EndDrawing).</summary>
    /// <param name="api">The raylib binding.</param>
    public RaylibCanvas(RaylibApi api) => _api = api;

    /// <inheritdoc />
    public void Clear(Rgba color) => _api.ClearBackground(RlColor.From(color));

    /// <inheritdoc />
    public void FillRectangle(float x, float y, float width, float height, float rotation, Rgba color)
    {
        if (rotation == 0)
        {
            _api.DrawRectangleRec(new RlRectangle(x, y, width, height), RlColor.From(color));
            return;
        }
        // DrawRectanglePro places the origin at (rec.x, rec.y) and rotates about it (degrees, clockwise with y down).
        _api.DrawRectanglePro(new RlRectangle(x + width / 2, y + height / 2, width, height), new RlVector2(width / 2, height / 2),
            rotation * (180f / MathF.PI), RlColor.From(color));
    }

    /// <inheritdoc />
    public void FillCircle(float centerX, float centerY, float radius, Rgba color) =>
        _api.DrawCircleV(new RlVector2(centerX, centerY), radius, RlColor.From(color));

    /// <inheritdoc />
    public void Line(float x1, float y1, float x2, float y2, float thickness, Rgba color) =>
        _api.DrawLineEx(new RlVector2(x1, y1), new RlVector2(x2, y2), thickness, RlColor.From(color));

    /// <inheritdoc />
    public void Text(string text, float x, float y, float size, Rgba color)
    {
        if (string.IsNullOrEmpty(text) || size < 1) return;
        _api.DrawText(ForDefaultFont(text), (int)MathF.Round(x), (int)MathF.Round(y), FontSize(size), RlColor.From(color));
    }

    /// <inheritdoc />
    public float MeasureText(string text, float size) => string.IsNullOrEmpty(text) ? 0 : _api.MeasureText(ForDefaultFont(text), FontSize(size));

    /// <summary>raylib's default font covers Latin-1 only: spell out the few other characters the scenes use.</summary>
    internal static string ForDefaultFont(string text)
    {
        foreach (var c in text)
        {
            if (c > '\u00FF') return string.Concat(text.Select(Substitute));
        }
        return text;
    }

    private static string Substitute(char c) => c switch
    {
        <= '\u00FF' => c.ToString(),
        'θ' => "theta",
        '→' => "->",
        '←' => "<-",
        '−' => "-",
        _ => "?",
    };

    // raylib's default font is a 10 px bitmap font; keep sizes at least 10 so it stays legible.
    private static int FontSize(float size) => Math.Max(10, (int)MathF.Round(size));
}
