using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RLArena.Environments.Scenes;

namespace RLArena.Viewer.Recording;

/// <summary>
/// Maps RGBA frames to 8-bit palette indices with one palette for a whole clip, so that a GIF encoder can store only
/// what changed from frame to frame. The palette is fixed at the first frame: the colours it is told to keep (the
/// viewer's palette), then the first frame's colours, most used first. The scenes are flat colours, which stay
/// exact; a colour first seen later (mostly an anti-aliased edge) takes its nearest entry, looked up once and
/// remembered. After the first frame only the pixels that changed since the previous frame are looked at, so the
/// index image must be the same buffer from frame to frame.
/// </summary>
internal sealed class PaletteQuantizer
{
    public const int Entries = 256;

    private readonly int _width;
    private readonly int _height;
    private readonly uint[] _previous;
    private readonly uint[] _palette = new uint[Entries];
    private readonly Dictionary<uint, byte> _indexOf = new();
    private readonly IReadOnlyList<Rgba> _keep;
    private int _used;
    private bool _started;
    private uint _lastColor;
    private byte _lastIndex;

    public PaletteQuantizer(int width, int height, IReadOnlyList<Rgba> keep)
    {
        if (keep.Count > Entries) throw new ArgumentException($"at most {Entries} colours can be kept, not {keep.Count}.", nameof(keep));
        _width = width;
        _height = height;
        _previous = new uint[width * height];
        _keep = keep;
    }

    /// <summary>The palette (opaque colours; unused entries black), fixed by the first <see cref="Map"/>.</summary>
    public IReadOnlyList<Rgba> Colors => Enumerable.Range(0, Entries).Select(i => ToRgba(i < _used ? _palette[i] : 0xFF000000u)).ToArray();

    /// <summary>Writes the index of each pixel of <paramref name="rgba"/> into <paramref name="indices"/> (rows <paramref name="stride"/> bytes apart).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Map(ReadOnlySpan<byte> rgba, Span<byte> indices, int stride)
    {
        if (rgba.Length != _width * _height * 4)
            throw new ArgumentException($"expected a {_width} x {_height} RGBA frame ({_width * _height * 4} bytes), got {rgba.Length} bytes.", nameof(rgba));
        var pixels = MemoryMarshal.Cast<byte, uint>(rgba);
        var all = !_started;
        if (all)
        {
            _started = true;
            BuildPalette(pixels);
            _lastColor = Opaque(pixels[0]);
            _lastIndex = _indexOf[_lastColor];
        }
        for (var y = 0; y < _height; y++)
        {
            var row = pixels.Slice(y * _width, _width);
            var previous = _previous.AsSpan(y * _width, _width);
            var output = indices.Slice(y * stride, _width);
            if (all) MapRange(row, previous, output, 0, _width);
            else MapChanged(row, previous, output);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MapChanged(ReadOnlySpan<uint> row, Span<uint> previous, Span<byte> output)
    {
        var x = 0;
        var lanes = Vector256<uint>.Count;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; x + lanes <= row.Length; x += lanes)
                if (Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(row), (nuint)x) != Vector256.LoadUnsafe(ref previous[x]))
                    MapRange(row, previous, output, x, lanes);
        }
        MapRange(row, previous, output, x, row.Length - x);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MapRange(ReadOnlySpan<uint> row, Span<uint> previous, Span<byte> output, int start, int count)
    {
        for (var x = start; x < start + count; x++)
        {
            var raw = row[x];
            previous[x] = raw;
            var color = Opaque(raw);
            if (color != _lastColor)
            {
                _lastColor = color;
                _lastIndex = IndexOf(color);
            }
            output[x] = _lastIndex;
        }
    }

    private void BuildPalette(ReadOnlySpan<uint> pixels)
    {
        foreach (var color in _keep) Add(Opaque(color.R | (uint)color.G << 8 | (uint)color.B << 16));
        var counts = new Dictionary<uint, int>();
        var run = Opaque(pixels[0]);
        var length = 0;
        foreach (var raw in pixels)
        {
            var color = Opaque(raw);
            if (color == run) { length++; continue; }
            counts[run] = counts.GetValueOrDefault(run) + length;
            (run, length) = (color, 1);
        }
        counts[run] = counts.GetValueOrDefault(run) + length;
        foreach (var (color, _) in counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key))
        {
            if (_used == Entries) break;
            Add(color);
        }
    }

    private void Add(uint color)
    {
        if (!_indexOf.TryAdd(color, (byte)_used)) return;
        _palette[_used++] = color;
    }

    private byte IndexOf(uint color)
    {
        if (_indexOf.TryGetValue(color, out var index)) return index;
        var best = 0;
        var bestDistance = int.MaxValue;
        for (var e = 0; e < _used; e++)
        {
            var d = Distance(color, _palette[e]);
            if (d < bestDistance) (best, bestDistance) = (e, d);
        }
        index = (byte)best;
        _indexOf[color] = index;
        return index;
    }

    /// <summary>Squared distance with weights 2, 4, 3 for red, green, blue (the eye is most sensitive to green).</summary>
    private static int Distance(uint a, uint b)
    {
        var dr = (int)(a & 0xFF) - (int)(b & 0xFF);
        var dg = (int)(a >> 8 & 0xFF) - (int)(b >> 8 & 0xFF);
        var db = (int)(a >> 16 & 0xFF) - (int)(b >> 16 & 0xFF);
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db;
    }

    /// <summary>Frames are opaque: alpha is ignored. Pixels are read as little-endian words, red in the low byte.</summary>
    private static uint Opaque(uint rgba) => rgba | 0xFF000000u;

    private static Rgba ToRgba(uint c) => new((byte)c, (byte)(c >> 8), (byte)(c >> 16));
}
