using System.Buffers.Binary;
using System.IO.Compression;
using RLArena.Core.Errors;

namespace RLArena.Supervised.Data;

/// <summary>
/// Reads and writes IDX files, the format MNIST and Fashion-MNIST ship in: a big-endian header (magic number, then
/// one 32-bit size per dimension) followed by unsigned bytes. Images are <c>0x00000803</c> (count, rows, columns),
/// labels <c>0x00000801</c> (count). A file may be raw or gzipped (detected from its first bytes, not its name).
/// Every problem — wrong magic, impossible dimensions, too few or too many bytes, broken gzip — is a
/// <see cref="UserFacingException"/> naming the file; nothing is read past the end of the data the header announces.
/// </summary>
public static class IdxFile
{
    /// <summary>The magic number of an image file (0x00000803: unsigned bytes, 3 dimensions).</summary>
    public const int ImagesMagic = 0x00000803;
    /// <summary>The magic number of a label file (0x00000801: unsigned bytes, 1 dimension).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>The largest payload accepted (a .NET byte array's limit); MNIST's training images are 47 MB.</summary>
    private static readonly long MaxPayload = Array.MaxLength;

    /// <summary>The most deflate can expand data (a stream of one repeated byte compresses about 1032:1).</summary>
    private const long MaxDeflateRatio = 1032;

    /// <summary>Reads and checks an IDX image file (gzipped or not); a bad file is a one-line error naming it and the problem.</summary>
    /// <param name="path">The file.</param>
    public static IdxImages ReadImages(string path)
    {
        using var stream = Open(path, out var gzipped);
        var header = ReadHeader(stream, path, 16, "image");
        CheckMagic(header, path, ImagesMagic);
        var count = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        var rows = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(8));
        var columns = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(12));
        if (count < 0) throw Bad(path, $"its header gives a negative image count ({count})");
        if (rows <= 0 || columns <= 0) throw Bad(path, $"its header gives impossible image dimensions {rows}×{columns}");
        var payload = (long)count * rows * columns;
        if (payload > MaxPayload) throw Bad(path, $"its header announces {count} images of {rows}×{columns}, more than can be held in memory");
        var pixels = ReadPayload(stream, gzipped, path, 16, payload, $"{count} images of {rows}×{columns}");
        return new IdxImages(count, rows, columns, pixels);
    }

    /// <summary>Reads and checks an IDX label file (gzipped or not); a bad file is a one-line error naming it and the problem.</summary>
    /// <param name="path">The file.</param>
    public static byte[] ReadLabels(string path)
    {
        using var stream = Open(path, out var gzipped);
        var header = ReadHeader(stream, path, 8, "label");
        CheckMagic(header, path, LabelsMagic);
        var count = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        if (count < 0) throw Bad(path, $"its header gives a negative label count ({count})");
        return ReadPayload(stream, gzipped, path, 8, count, $"{count} labels");
    }

    /// <summary>Writes an image file; gzipped when the path ends in <c>.gz</c>.</summary>
    public static void WriteImages(string path, IdxImages images)
    {
        if (images.Pixels.Length != (long)images.Count * images.Rows * images.Columns)
            throw new ArgumentException("pixel count does not match count × rows × columns", nameof(images));
        var header = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), images.Count);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), images.Rows);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), images.Columns);
        Write(path, header, images.Pixels);
    }

    /// <summary>Writes a label file; gzipped when the path ends in <c>.gz</c>.</summary>
    public static void WriteLabels(string path, byte[] labels)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), labels.Length);
        Write(path, header, labels);
    }

    private static void Write(string path, byte[] header, byte[] payload)
    {
        using var file = File.Create(path);
        using Stream output = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(file, CompressionLevel.Fastest)
            : file;
        output.Write(header);
        output.Write(payload);
    }

    private static Stream Open(string path, out bool gzipped)
    {
        if (!File.Exists(path)) throw new UserFacingException($"IDX file '{path}' does not exist.");
        var file = File.OpenRead(path);
        Span<byte> start = stackalloc byte[2];
        var n = file.ReadAtLeast(start, 2, throwOnEndOfStream: false);
        file.Position = 0;
        gzipped = n == 2 && start[0] == 0x1f && start[1] == 0x8b;
        return gzipped ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private static byte[] ReadHeader(Stream stream, string path, int length, string kind)
    {
        var header = new byte[length];
        var n = Guard(path, () => stream.ReadAtLeast(header, length, throwOnEndOfStream: false));
        if (n < length)
        {
            throw n == 0
                ? Bad(path, "it is empty")
                : Bad(path, $"it is truncated: an IDX {kind} file header is {length} bytes, the file has {n}");
        }
        return header;
    }

    private static void CheckMagic(byte[] header, string path, int expected)
    {
        var magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic == expected) return;
        var what = expected == ImagesMagic ? "an image file" : "a label file";
        var found = magic switch
        {
            ImagesMagic => " (that is an image file: were the file names swapped?)",
            LabelsMagic => " (that is a label file: were the file names swapped?)",
            _ when header[0] == (byte)'<' || header[0] == (byte)'{' => " (it looks like text, perhaps an HTML error page saved by a failed download)",
            _ => "",
        };
        throw Bad(path, $"its magic number is 0x{magic:X8}, expected 0x{expected:X8} for {what}{found}");
    }

    private static byte[] ReadPayload(Stream stream, bool gzipped, string path, int headerLength, long payload, string announced)
    {
        if (!gzipped)
        {
            // Raw file: the length is known up front, so check it before allocating anything.
            var actual = stream.Length - headerLength;
            if (actual < payload) throw Bad(path, $"it is truncated: the header announces {announced} ({payload} bytes), the file holds {actual}");
            if (actual > payload) throw Bad(path, $"it has {actual - payload} bytes more than the {announced} its header announces");
            var bytes = Allocate(payload);
            stream.ReadExactly(bytes);
            return bytes;
        }

        // Gzipped: deflate cannot expand data more than ~1032 times, so a header announcing more than that is lying
        // (or the file is cut short) and the buffer is never allocated; otherwise it is allocated once, exactly.
        var compressed = ((GZipStream)stream).BaseStream.Length;
        if (payload > compressed * MaxDeflateRatio + 4096)
            throw Bad(path, $"it is truncated: the header announces {announced} ({payload} bytes), far more than {compressed} compressed bytes can hold");
        var buffer = Allocate(payload);
        long filled = 0;
        while (filled < payload)
        {
            var read = Guard(path, () => stream.Read(buffer, (int)filled, (int)(payload - filled)));
            if (read == 0) throw Bad(path, $"it is truncated: the header announces {announced} ({payload} bytes), the file holds {filled}");
            filled += read;
        }
        var probe = new byte[1];
        if (Guard(path, () => stream.Read(probe, 0, 1)) > 0)
            throw Bad(path, $"it holds more data than the {announced} its header announces");
        return buffer;
    }

    /// <summary>A buffer for a payload; large ones are pinned and prefaulted in one call (see <see cref="MemoryPrefault"/>).</summary>
    private static byte[] Allocate(long payload)
    {
        if (payload < 4 << 20) return new byte[payload];
        var buffer = GC.AllocateUninitializedArray<byte>((int)payload, pinned: true);
        MemoryPrefault.Populate(buffer);
        return buffer;
    }

    private static T Guard<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException e)
        {
            throw Bad(path, $"it is not a valid gzip file ({e.Message.TrimEnd('.')})");
        }
        catch (EndOfStreamException)
        {
            throw Bad(path, "it is truncated (the gzip stream ends early)");
        }
    }

    private static UserFacingException Bad(string path, string problem) =>
        new($"'{path}' is not a usable IDX file: {problem}. Replace it with the original file (delete it to download it again).");
}
