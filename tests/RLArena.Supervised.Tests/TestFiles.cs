using RLArena.Supervised.Data;

namespace RLArena.Supervised.Tests;

/// <summary>A temporary folder removed after the test.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rlarena-sup-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>
/// Small, learnable MNIST-format data made up for tests: class k is a bright 6×6 square at its own place on a noisy
/// background, so a short training run must reach high accuracy, and a drawing of the square can be predicted.
/// </summary>
public static class SyntheticDigits
{
    public const int Side = 28;

    public static (int Row, int Column) SquareOf(int label) => (3 + label / 5 * 14, 1 + label % 5 * 5);

    public static (IdxImages Images, byte[] Labels) Make(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * Side * Side];
        var labels = new byte[count];
        for (var i = 0; i < count; i++)
        {
            var label = i % 10;
            labels[i] = (byte)label;
            var offset = i * Side * Side;
            for (var p = 0; p < Side * Side; p++) pixels[offset + p] = (byte)random.Next(0, 70);
            var (row, column) = SquareOf(label);
            row += random.Next(-1, 2);
            column += random.Next(0, 2);
            var brightness = random.Next(160, 256);
            for (var r = row; r < row + 6; r++)
            for (var c = column; c < column + 6; c++)
                pixels[offset + r * Side + c] = (byte)brightness;
        }
        return (new IdxImages(count, Side, Side, pixels), labels);
    }

    /// <summary>Writes the four files of a dataset into <paramref name="folder"/> (gzipped or raw).</summary>
    public static void WriteDataset(DatasetSpec spec, string folder, int train = 1200, int test = 300, bool gzip = true)
    {
        Directory.CreateDirectory(folder);
        string Name(IdxResource r) => System.IO.Path.Combine(folder, gzip ? r.FileName : r.FileName[..^3]);
        var (trainImages, trainLabels) = Make(train, 1);
        var (testImages, testLabels) = Make(test, 2);
        IdxFile.WriteImages(Name(spec.TrainImages), trainImages);
        IdxFile.WriteLabels(Name(spec.TrainLabels), trainLabels);
        IdxFile.WriteImages(Name(spec.TestImages), testImages);
        IdxFile.WriteLabels(Name(spec.TestLabels), testLabels);
    }
}
