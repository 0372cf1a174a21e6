using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.IO.Hashing;
using RLArena.Core.Errors;
using RLArena.Supervised.Data;
using RLArena.Supervised.Prediction;
using SkiaSharp;

namespace RLArena.Supervised.Tests;

/// <summary>Image files and data folders from outside: refused with one clear line, never half-read.</summary>
public class UntrustedInputTests
{
    private TempFolder _temp = null!;

    [SetUp]
    public void Folder() => _temp = new TempFolder();

    [TearDown]
    public void Clean() => _temp.Dispose();

    /// <summary>A noisy image (noise compresses badly, so the data is long) encoded as <paramref name="format"/>.</summary>
    private byte[] Noise(SKEncodedImageFormat format, int side = 200)
    {
        var random = new Random(4);
        using var bitmap = new SKBitmap(side, side);
        for (var y = 0; y < side; y++)
        for (var x = 0; x < side; x++)
            bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    private static string ErrorFor(string path) =>
        Assert.Throws<UserFacingException>(() => ImagePreprocessor.Load(path))!.Message;

    [TestCase(SKEncodedImageFormat.Png, "png")]
    [TestCase(SKEncodedImageFormat.Jpeg, "jpg")]
    public void ATruncatedImageIsRefusedNotClassified(SKEncodedImageFormat format, string extension)
    {
        var whole = Noise(format);
        var path = _temp.File("whole." + extension);
        File.WriteAllBytes(path, whole);
        Assert.That(ImagePreprocessor.Load(path).OriginalWidth, Is.EqualTo(200), "the whole file is fine");

        var cut = _temp.File("cut." + extension);
        File.WriteAllBytes(cut, whole[..(whole.Length * 6 / 10)]);
        Assert.That(ErrorFor(cut), Does.Contain("cut." + extension).And.Contain("truncated"));
    }

    [Test]
    public void AnIdxFileRenamedToPngIsNotAnImage()
    {
        var (images, _) = SyntheticDigits.Make(1, 1);
        var idx = _temp.File("digits-idx3-ubyte");
        IdxFile.WriteImages(idx, images);
        var png = _temp.File("digit.png");
        File.Copy(idx, png);
        Assert.That(ErrorFor(png), Does.Contain("digit.png").And.Contain("not a PNG, JPEG, BMP, GIF or WebP image"));
    }

    [Test]
    public void AnImageAnnouncingTooManyPixelsIsRefusedBeforeDecoding()
    {
        // A PNG whose header announces 30,000 × 30,000 grey pixels: decoded, that is 3.6 GB of RGBA.
        const int side = 30_000;
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, side);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), side);
        header[8] = 8; // bit depth; colour type 0 (grey), no interlace
        using var rows = new MemoryStream();
        using (var zlib = new ZLibStream(rows, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[side + 1];
            for (var y = 0; y < 1000; y++) zlib.Write(row); // the first rows; the rest is never read
        }
        using var file = new MemoryStream();
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(file, "IHDR", header);
        WriteChunk(file, "IDAT", rows.ToArray());
        WriteChunk(file, "IEND", []);
        var path = _temp.File("bomb.png");
        File.WriteAllBytes(path, file.ToArray());
        Assert.That(new FileInfo(path).Length, Is.LessThan(1_000_000));

        var clock = Stopwatch.StartNew();
        Assert.That(ErrorFor(path), Does.Contain("bomb.png").And.Contain("30000 × 30000").And.Contain("megapixels"));
        Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(5), "refused from the header, not after decoding");
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeAndData = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typeAndData);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(typeAndData));
        stream.Write(crc);
    }

    [Test]
    public void AnIncompleteDataFolderNamesTheMissingFiles()
    {
        var folder = _temp.File("partial");
        SyntheticDigits.WriteDataset(DatasetSpec.Mnist, folder, 20, 10);
        File.Delete(Path.Combine(folder, DatasetSpec.Mnist.TrainLabels.FileName));
        File.Delete(Path.Combine(folder, DatasetSpec.Mnist.TestImages.FileName));

        var locator = new DataLocator(_temp.Path, _ => []);
        var error = Assert.Throws<UserFacingException>(() => locator.Locate(DatasetSpec.Mnist, folder, null))!;
        Assert.That(error.Message, Does.Contain(DatasetSpec.Mnist.TrainLabels.FileName).And.Contain(DatasetSpec.Mnist.TestImages.FileName));
        Assert.That(error.Message, Does.Contain("missing").And.Contain(folder));
        Assert.That(error.Message, Does.Not.Contain(DatasetSpec.Mnist.TrainImages.FileName), "a file that is there is not named missing");
    }
}
