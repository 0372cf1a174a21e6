using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RLArena.Viewer.Recording;

/// <summary>
/// Frames for H.264: RGBA converted here to planar YUV 4:2:0 (ffmpeg's raw <c>yuv420p</c>) with the BT.601 matrix in
/// limited range, the conversion ffmpeg applies to RGB input by default (the MP4 is tagged to match). Chroma is the
/// mean of each 2 × 2 block. 4:2:0 needs even sides: an odd last column or row is repeated. After the first frame
/// only the 8 × 2 blocks that changed since the previous frame are converted again.
/// </summary>
internal sealed class Yuv420Converter : IPipeFrameFormat
{
    private const int Block = 8;

    private readonly int _sourceWidth;
    private readonly int _sourceHeight;
    private readonly byte[] _frame;
    private readonly byte[] _previous;
    private bool _started;

    public Yuv420Converter(int width, int height)
    {
        _sourceWidth = width;
        _sourceHeight = height;
        Width = (width + 1) & ~1;
        Height = (height + 1) & ~1;
        _frame = new byte[Width * Height * 3 / 2];
        _previous = new byte[width * height * 4];
        InputOptions = ["-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", string.Create(CultureInfo.InvariantCulture, $"{Width}x{Height}")];
    }

    /// <summary>The size of the video: the frames' size rounded up to even.</summary>
    public int Width { get; }

    public int Height { get; }

    public IReadOnlyList<string> InputOptions { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<byte> Convert(ReadOnlySpan<byte> rgba)
    {
        if (rgba.Length != _previous.Length)
            throw new ArgumentException($"expected a {_sourceWidth} x {_sourceHeight} RGBA frame ({_previous.Length} bytes), got {rgba.Length} bytes.", nameof(rgba));
        var all = !_started || !Vector256.IsHardwareAccelerated;
        _started = true;
        var stride = _sourceWidth * 4;
        for (var y = 0; y < Height; y += 2)
        {
            var top = Math.Min(y, _sourceHeight - 1);
            var bottom = Math.Min(y + 1, _sourceHeight - 1);
            var x = 0;
            if (!all && bottom > top)
            {
                for (; x + Block <= _sourceWidth; x += Block)
                {
                    if (Unchanged(rgba, top * stride + x * 4) & Unchanged(rgba, bottom * stride + x * 4)) continue;
                    ConvertColumns(rgba, y, top, bottom, x, x + Block);
                }
            }
            ConvertColumns(rgba, y, top, bottom, x, Width);
        }
        if (all) rgba.CopyTo(_previous);
        return _frame;
    }

    /// <summary>Whether 8 pixels at <paramref name="offset"/> are as in the previous frame; if not, remembers them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Unchanged(ReadOnlySpan<byte> rgba, int offset)
    {
        var now = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(rgba), (nuint)offset);
        ref var before = ref _previous[offset];
        if (now == Vector256.LoadUnsafe(ref before)) return true;
        now.StoreUnsafe(ref before);
        return false;
    }

    /// <summary>Converts output columns [<paramref name="from"/>, <paramref name="to"/>) of rows y, y + 1 (source rows top and bottom).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void ConvertColumns(ReadOnlySpan<byte> rgba, int y, int top, int bottom, int from, int to)
    {
        var chromaWidth = Width / 2;
        var stride = _sourceWidth * 4;
        fixed (byte* source = rgba)
        fixed (byte* frame = _frame)
        {
            var row0 = source + top * stride;
            var row1 = source + bottom * stride;
            var y0 = frame + y * Width;
            var y1 = y0 + Width;
            var u = frame + Width * Height + (y / 2) * chromaWidth;
            var v = u + chromaWidth * (Height / 2);
            for (var x = from; x < to; x += 2)
            {
                var left = x * 4;
                var right = Math.Min(x + 1, _sourceWidth - 1) * 4;
                byte* a = row0 + left, b = row0 + right, c = row1 + left, d = row1 + right;
                y0[x] = Luma(a[0], a[1], a[2]);
                y0[x + 1] = Luma(b[0], b[1], b[2]);
                y1[x] = Luma(c[0], c[1], c[2]);
                y1[x + 1] = Luma(d[0], d[1], d[2]);
                var r = a[0] + b[0] + c[0] + d[0];
                var g = a[1] + b[1] + c[1] + d[1];
                var bl = a[2] + b[2] + c[2] + d[2];
                // The 2 x 2 sums are 4 x the mean: the shift carries the 1/4 (16 + 2 bits).
                u[x / 2] = (byte)((-9714 * r - 19070 * g + 28784 * bl + ChromaOffset) >> 18);
                v[x / 2] = (byte)((28784 * r - 24103 * g - 4681 * bl + ChromaOffset) >> 18);
            }
        }
    }

    // BT.601 in limited range, in 16-bit fixed point: Y = 16 + (65.481 R + 128.553 G + 24.966 B) / 255,
    // Cb = 128 + (-37.797 R - 74.203 G + 112 B) / 255, Cr = 128 + (112 R - 93.786 G - 18.214 B) / 255, rounded.
    private const int LumaOffset = (16 << 16) + (1 << 15);
    private const int ChromaOffset = (128 << 18) + (1 << 17);

    private static byte Luma(int r, int g, int b) => (byte)((16829 * r + 33039 * g + 6416 * b + LumaOffset) >> 16);
}
