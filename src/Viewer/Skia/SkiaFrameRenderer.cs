using System.Runtime.InteropServices;
using RLArena.Environments.Scenes;
using RLArena.Viewer.Rendering;
using SkiaSharp;

namespace RLArena.Viewer.Skia;

/// <summary>
/// Draws frames off screen into one reused RGBA bitmap with SkiaSharp: no raylib, no display. The picture is the
/// window's picture: the same <see cref="FrameComposer"/>, layout and palette.
/// </summary>
public sealed class SkiaFrameRenderer : IDisposable
{
    private readonly SKBitmap _bitmap;
    private readonly SKCanvas _skCanvas;
    private readonly SkiaCanvas _canvas;

    /// <summary>An off-screen surface of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public SkiaFrameRenderer(int width, int height)
    {
        CheckSize(width, height);
        Width = width;
        Height = height;
        _bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        _skCanvas = new SKCanvas(_bitmap);
        _canvas = new SkiaCanvas(_skCanvas);
    }

    /// <summary>Refuses a frame size outside 16 to 8192 pixels a side (an <see cref="ArgumentOutOfRangeException"/>).</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void CheckSize(int width, int height)
    {
        if (width < 16 || height < 16 || width > 8192 || height > 8192)
            throw new ArgumentOutOfRangeException(nameof(width), $"a frame must be between 16 and 8192 pixels on each side, not {width} x {height}.");
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }
    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The last frame drawn (RGBA, 4 bytes a pixel, rows top to bottom).</summary>
    public SKBitmap Bitmap => _bitmap;

    /// <summary>Draws one frame into <see cref="Bitmap"/>.</summary>
    /// <param name="scene">The scene.</param>
    /// <param name="overlay">What the panel shows, or null for no panel.</param>
    public void Render(Scene scene, OverlayState? overlay = null)
    {
        FrameComposer.Draw(_canvas, Width, Height, scene, overlay);
        _skCanvas.Flush();
    }

    /// <summary>The last frame's pixels, RGBA, rows top to bottom (valid until the next <see cref="Render"/>).</summary>
    public ReadOnlySpan<byte> Pixels => _bitmap.GetPixelSpan();

    /// <summary>The colour of one pixel of the last frame.</summary>
    /// <param name="x">Column.</param>
    /// <param name="y">Row.</param>
    public Rgba PixelAt(int x, int y)
    {
        var p = Pixels.Slice((y * Width + x) * 4, 4);
        return new Rgba(p[0], p[1], p[2], p[3]);
    }

    /// <summary>Writes the last frame as a PNG file.</summary>
    /// <param name="path">The file.</param>
    public void SavePng(string path)
    {
        using var image = SKImage.FromBitmap(_bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    /// <summary>Frees the surface.</summary>
    public void Dispose()
    {
        _canvas.Dispose();
        _skCanvas.Dispose();
        _bitmap.Dispose();
    }
}
