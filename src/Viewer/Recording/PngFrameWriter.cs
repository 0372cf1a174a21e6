using RLArena.Core.Errors;
using SkiaSharp;

namespace RLArena.Viewer.Recording;

/// <summary>Writes each frame as <c>frame_000000.png</c> in a folder.</summary>
internal sealed class PngFrameWriter : IFrameWriter
{
    private readonly string _folder;
    private readonly SKImageInfo _info;

    public PngFrameWriter(string folder, int width, int height)
    {
        _folder = folder;
        // Frames are opaque: said so, the PNG is written as RGB without an alpha channel (a quarter less to compress).
        _info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot create the frames folder '{folder}': {e.Message}");
        }
    }

    /// <summary>Each frame is its own file, so frames are encoded on up to two threads.</summary>
    public int Parallelism => Math.Clamp(Environment.ProcessorCount - 1, 1, 2);

    public static string FrameName(int index) => $"frame_{index:D6}.png";

    public unsafe void Write(ReadOnlySpan<byte> rgba, int frameIndex)
    {
        fixed (byte* p = rgba)
        {
            using var pixmap = new SKPixmap(_info, (nint)p, _info.RowBytes);
            // zlib level 1: several times faster than the default (6) for flat-coloured frames, and not much larger.
            using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Sub, 1))
                ?? throw new InvalidOperationException($"SkiaSharp could not encode frame {frameIndex} as PNG.");
            var path = Path.Combine(_folder, FrameName(frameIndex));
            try
            {
                using var file = File.Create(path);
                data.SaveTo(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UserFacingException($"cannot write frame '{path}': {e.Message}");
            }
        }
    }

    public void Complete() { }

    public void Dispose() { }
}
