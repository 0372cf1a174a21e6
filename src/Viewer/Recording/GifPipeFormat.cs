using System.Buffers.Binary;
using RLArena.Environments.Scenes;

namespace RLArena.Viewer.Recording;

/// <summary>
/// Frames for ffmpeg's GIF encoder: each frame is mapped to palette indices here (<see cref="PaletteQuantizer"/>)
/// and sent as an uncompressed 8-bit BMP (header, palette, top-down rows), which ffmpeg reads with a plain copy.
/// The palette is the same in every frame, so ffmpeg stores only the rectangle that changed.
/// </summary>
internal sealed class GifPipeFormat : IPipeFrameFormat
{
    private const int FileHeaderBytes = 14;
    private const int InfoHeaderBytes = 40;
    private const int PaletteOffset = FileHeaderBytes + InfoHeaderBytes;
    private const int PixelOffset = PaletteOffset + PaletteQuantizer.Entries * 4;

    private readonly PaletteQuantizer _quantizer;
    private readonly byte[] _bmp;
    private readonly int _stride;
    private bool _paletteWritten;

    public GifPipeFormat(int width, int height, IReadOnlyList<Rgba> keep)
    {
        _quantizer = new PaletteQuantizer(width, height, keep);
        _stride = (width + 3) & ~3;
        _bmp = new byte[PixelOffset + _stride * height];
        WriteHeaders(width, height);
    }

    public IReadOnlyList<string> InputOptions { get; } = ["-f", "image2pipe", "-c:v", "bmp"];

    public ReadOnlySpan<byte> Convert(ReadOnlySpan<byte> rgba)
    {
        _quantizer.Map(rgba, _bmp.AsSpan(PixelOffset), _stride);
        if (!_paletteWritten)
        {
            _paletteWritten = true;
            var colors = _quantizer.Colors;
            for (var i = 0; i < colors.Count; i++)
            {
                var entry = _bmp.AsSpan(PaletteOffset + 4 * i, 4);
                (entry[0], entry[1], entry[2], entry[3]) = (colors[i].B, colors[i].G, colors[i].R, 0);
            }
        }
        return _bmp;
    }

    private void WriteHeaders(int width, int height)
    {
        var file = _bmp.AsSpan();
        file[0] = (byte)'B';
        file[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(file[2..], _bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(file[10..], PixelOffset);
        var info = file[FileHeaderBytes..];
        BinaryPrimitives.WriteInt32LittleEndian(info, InfoHeaderBytes);
        BinaryPrimitives.WriteInt32LittleEndian(info[4..], width);
        BinaryPrimitives.WriteInt32LittleEndian(info[8..], -height); // negative: rows top to bottom
        BinaryPrimitives.WriteInt16LittleEndian(info[12..], 1); // planes
        BinaryPrimitives.WriteInt16LittleEndian(info[14..], 8); // bits per pixel
        BinaryPrimitives.WriteInt32LittleEndian(info[20..], _stride * height);
        BinaryPrimitives.WriteInt32LittleEndian(info[24..], 2835); // 72 dpi
        BinaryPrimitives.WriteInt32LittleEndian(info[28..], 2835);
        BinaryPrimitives.WriteInt32LittleEndian(info[32..], PaletteQuantizer.Entries);
    }
}
