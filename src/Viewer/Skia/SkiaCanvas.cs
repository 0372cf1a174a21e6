using RLArena.Environments.Scenes;
using RLArena.Viewer.Rendering;
using SkiaSharp;

namespace RLArena.Viewer.Skia;

/// <summary><see cref="ICanvas"/> over a SkiaSharp canvas (antialiased), for off-screen frames.</summary>
public sealed class SkiaCanvas : ICanvas, IDisposable
{
    private readonly SKCanvas _canvas;
    private readonly SKPaint _paint = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKFont _font = new(SKTypeface.Default) { Edging = SKFontEdging.Antialias };
    private readonly Dictionary<float, float> _ascentBySize = new();

    /// <summary>Draws on <paramref name="canvas"/>.</summary>
    /// <param name="canvas">A SkiaSharp canvas.</param>
    public SkiaCanvas(SKCanvas canvas) => _canvas = canvas;

    /// <inheritdoc />
    public void Clear(Rgba color) => _canvas.Clear(ToSk(color));

    /// <inheritdoc />
    public void FillRectangle(float x, float y, float width, float height, float rotation, Rgba color)
    {
        _paint.Color = ToSk(color);
        _paint.Style = SKPaintStyle.Fill;
        if (rotation == 0)
        {
            // Axis-aligned: snapped to whole pixels without antialiasing (as the window draws them), which is also
            // several times cheaper for a grid of hundreds of cells.
            _paint.IsAntialias = false;
            _canvas.DrawRect(SKRect.Create(MathF.Round(x), MathF.Round(y), MathF.Round(x + width) - MathF.Round(x), MathF.Round(y + height) - MathF.Round(y)), _paint);
            _paint.IsAntialias = true;
            return;
        }
        _canvas.Save();
        _canvas.Translate(x + width / 2, y + height / 2);
        _canvas.RotateRadians(rotation);
        _canvas.DrawRect(-width / 2, -height / 2, width, height, _paint);
        _canvas.Restore();
    }

    /// <inheritdoc />
    public void FillCircle(float centerX, float centerY, float radius, Rgba color)
    {
        _paint.Color = ToSk(color);
        _paint.Style = SKPaintStyle.Fill;
        _canvas.DrawCircle(centerX, centerY, radius, _paint);
    }

    /// <inheritdoc />
    public void Line(float x1, float y1, float x2, float y2, float thickness, Rgba color)
    {
        _paint.Color = ToSk(color);
        _paint.Style = SKPaintStyle.Stroke;
        _paint.StrokeWidth = thickness;
        _paint.StrokeCap = SKStrokeCap.Butt;
        _canvas.DrawLine(x1, y1, x2, y2, _paint);
        _paint.Style = SKPaintStyle.Fill;
    }

    /// <inheritdoc />
    public void Text(string text, float x, float y, float size, Rgba color)
    {
        if (string.IsNullOrEmpty(text) || size <= 0) return;
        _paint.Color = ToSk(color);
        _paint.Style = SKPaintStyle.Fill;
        _font.Size = size;
        if (!_ascentBySize.TryGetValue(size, out var ascent))
        {
            ascent = _font.Metrics.Ascent;
            if (_ascentBySize.Count > 64) _ascentBySize.Clear();
            _ascentBySize[size] = ascent;
        }
        // (x, y) is the top-left corner: move down to the baseline by the font's ascent.
        _canvas.DrawText(text, x, y - ascent * 0.92f, SKTextAlign.Left, _font, _paint);
    }

    /// <inheritdoc />
    public float MeasureText(string text, float size)
    {
        _font.Size = size;
        return _font.MeasureText(text);
    }

    /// <summary>Frees the paints and the font.</summary>
    public void Dispose()
    {
        _paint.Dispose();
        _font.Dispose();
    }

    private static SKColor ToSk(Rgba c) => new(c.R, c.G, c.B, c.A);
}
