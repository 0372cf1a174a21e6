using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace RLArena.Supervised.Data;

/// <summary>
/// A whole split held as two tensors on the training device: <see cref="Images"/> [N, 784] float32, already scaled
/// to [0, 1] and normalised as torchvision's <c>ToTensor()</c> + <c>Normalize(mean, std)</c> would, and
/// <see cref="Labels"/> [N] int64. Batches are slices of these; nothing is done per sample.
/// </summary>
public sealed class DatasetTensors : IDisposable
{
    private DatasetTensors(Tensor images, Tensor labels)
    {
        Images = images;
        Labels = labels;
    }

    /// <summary>The normalised images, [Count, 784] float32.</summary>
    public Tensor Images { get; }
    /// <summary>The labels, [Count] int64.</summary>
    public Tensor Labels { get; }
    /// <summary>The number of samples.</summary>
    public int Count => (int)Labels.shape[0];

    /// <summary>
    /// Builds the tensors from raw bytes: <c>x / 255</c>, then <c>(x - mean) / std</c>, with the same float32
    /// operations as torchvision (so the values are bit-identical), in one pass through a 256-entry lookup table
    /// written straight into the tensor's memory.
    /// </summary>
    public static DatasetTensors FromBytes(IdxImages images, byte[] labels, double mean, double std, Device? device = null)
    {
        if (images.Count != labels.Length)
            throw new ArgumentException($"{images.Count} images but {labels.Length} labels", nameof(labels));
        var table = NormalisationTable(mean, std);
        var x = empty([images.Count, images.PixelsPerImage], ScalarType.Float32);
        var y = empty([labels.Length], ScalarType.Int64);
        try
        {
            var memory = x.bytes;
            MemoryPrefault.Populate(memory);
            Fill(MemoryMarshal.Cast<byte, float>(memory), images.Pixels, table);
            Widen(MemoryMarshal.Cast<byte, long>(y.bytes), labels);
            if (device is not null && device.type != DeviceType.CPU)
            {
                var (gx, gy) = (x.to(device), y.to(device));
                x.Dispose();
                y.Dispose();
                (x, y) = (gx, gy);
            }
        }
        catch
        {
            x.Dispose();
            y.Dispose();
            throw;
        }
        return new DatasetTensors(x, y);
    }

    // Run once per load over ~47 million bytes: compile optimised at once rather than starting in tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Fill(Span<float> destination, byte[] source, float[] table)
    {
        for (var i = 0; i < destination.Length; i++) destination[i] = table[source[i]];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Widen(Span<long> destination, byte[] source)
    {
        for (var i = 0; i < destination.Length; i++) destination[i] = source[i];
    }

    /// <summary>The normalised value of each byte: <c>((float)b / 255f - (float)mean) / (float)std</c>, as torchvision computes it.</summary>
    public static float[] NormalisationTable(double mean, double std)
    {
        var table = new float[256];
        var m = (float)mean;
        var s = (float)std;
        for (var b = 0; b < 256; b++)
        {
            var scaled = b / 255f;
            var centred = scaled - m;
            table[b] = centred / s;
        }
        return table;
    }

    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
