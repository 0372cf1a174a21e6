using RLArena.Environments.Snapshots;

namespace RLArena.Environments.Wrappers;

/// <summary>
/// Gymnasium's <c>RunningMeanStd</c> (gymnasium/wrappers/normalize.py, v0.29.1): a running mean and variance per
/// element, merged batch by batch with the parallel-variance rule (Chan et al.), starting from mean 0, variance 1 and
/// a count of 1e-4. The float64 operations run in Gymnasium's order, so the values match its bit for bit.
/// </summary>
public sealed class RunningMeanStd
{
    /// <summary>Gymnasium's starting count (its <c>epsilon</c>), which keeps the first update finite.</summary>
    public const double InitialCount = 1e-4;

    /// <summary>Statistics for <paramref name="size"/> values, starting at mean 0, variance 1, count 1e-4.</summary>
    /// <param name="size">How many values each sample has (1 for a scalar such as the reward).</param>
    public RunningMeanStd(int size)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "running statistics need at least 1 value per sample.");
        Mean = new double[size];
        Variance = new double[size];
        Array.Fill(Variance, 1.0);
        Count = InitialCount;
    }

    /// <summary>How many values each sample has.</summary>
    public int Size => Mean.Length;

    /// <summary>The running mean of each value.</summary>
    public double[] Mean { get; }

    /// <summary>The running (population) variance of each value.</summary>
    public double[] Variance { get; }

    /// <summary>How many samples were merged, plus the starting 1e-4.</summary>
    public double Count { get; private set; }

    /// <summary>Merges one sample (Gymnasium's <c>update(np.array([x]))</c>: a batch of one, variance 0).</summary>
    /// <param name="sample"><see cref="Size"/> values.</param>
    public void Update(ReadOnlySpan<float> sample)
    {
        CheckLength(sample.Length);
        var count = Count;
        var total = count + 1;
        for (var i = 0; i < Mean.Length; i++) Merge(i, sample[i], 0.0, 1, count, total);
        Count = total;
    }

    /// <summary>Merges one sample of float64 values (the discounted returns of <see cref="NormalizeReward"/>).</summary>
    /// <param name="sample"><see cref="Size"/> values.</param>
    public void Update(ReadOnlySpan<double> sample)
    {
        CheckLength(sample.Length);
        var count = Count;
        var total = count + 1;
        for (var i = 0; i < Mean.Length; i++) Merge(i, sample[i], 0.0, 1, count, total);
        Count = total;
    }

    /// <summary>
    /// Merges a batch given by its moments (Gymnasium's <c>update_from_moments</c>), e.g. the mean and population
    /// variance of a vector environment's observations.
    /// </summary>
    /// <param name="batchMean">The batch's mean of each value.</param>
    /// <param name="batchVariance">The batch's population variance of each value.</param>
    /// <param name="batchCount">How many samples the batch had (at least 1).</param>
    public void UpdateFromMoments(ReadOnlySpan<double> batchMean, ReadOnlySpan<double> batchVariance, int batchCount)
    {
        CheckLength(batchMean.Length);
        CheckLength(batchVariance.Length);
        if (batchCount < 1) throw new ArgumentOutOfRangeException(nameof(batchCount), batchCount, "a batch has at least 1 sample.");
        var count = Count;
        var total = count + batchCount;
        for (var i = 0; i < Mean.Length; i++) Merge(i, batchMean[i], batchVariance[i], batchCount, count, total);
        Count = total;
    }

    /// <summary>Writes <c>(value − mean) / sqrt(variance + epsilon)</c> of each value (Gymnasium's normalisation).</summary>
    /// <param name="values"><see cref="Size"/> values.</param>
    /// <param name="normalized">Receives the normalised values (may be the same span as <paramref name="values"/>).</param>
    /// <param name="epsilon">Added to the variance before the square root.</param>
    public void Normalize(ReadOnlySpan<float> values, Span<float> normalized, double epsilon)
    {
        CheckLength(values.Length);
        CheckLength(normalized.Length);
        for (var i = 0; i < Mean.Length; i++) normalized[i] = (float)((values[i] - Mean[i]) / Math.Sqrt(Variance[i] + epsilon));
    }

    /// <summary>Copies another's statistics into this one (the same size).</summary>
    /// <param name="other">The statistics to copy.</param>
    public void CopyFrom(RunningMeanStd other)
    {
        ArgumentNullException.ThrowIfNull(other);
        CheckLength(other.Size);
        other.Mean.CopyTo(Mean, 0);
        other.Variance.CopyTo(Variance, 0);
        Count = other.Count;
    }

    /// <summary>Writes the size, the means, the variances and the count.</summary>
    /// <param name="writer">Where to write.</param>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Size);
        SnapshotFormat.WriteArray(writer, Mean);
        SnapshotFormat.WriteArray(writer, Variance);
        writer.Write(Count);
    }

    /// <summary>Reads what <see cref="Write"/> wrote; a different size or an impossible value throws <see cref="InvalidDataException"/>.</summary>
    /// <param name="reader">Where to read.</param>
    public void Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var size = reader.ReadInt32();
        if (size != Size) throw new InvalidDataException($"the saved running statistics have {size} values per sample, these {Size}");
        var mean = new double[Size];
        var variance = new double[Size];
        SnapshotFormat.ReadArray(reader, mean, "the running means");
        SnapshotFormat.ReadArray(reader, variance, "the running variances");
        var count = reader.ReadDouble();
        if (!(count > 0) || !double.IsFinite(count)) throw new InvalidDataException($"the saved running statistics have a count of {count}; it must be positive");
        foreach (var v in variance)
        {
            if (!(v >= 0) || !double.IsFinite(v)) throw new InvalidDataException($"the saved running statistics have a variance of {v}; it must be finite and not negative");
        }
        mean.CopyTo(Mean, 0);
        variance.CopyTo(Variance, 0);
        Count = count;
    }

    // update_mean_var_count_from_moments, term by term in Gymnasium's order.
    private void Merge(int i, double batchMean, double batchVariance, int batchCount, double count, double total)
    {
        var delta = batchMean - Mean[i];
        var newMean = Mean[i] + delta * batchCount / total;
        var mA = Variance[i] * count;
        var mB = batchVariance * batchCount;
        var m2 = mA + mB + delta * delta * count * batchCount / total;
        Mean[i] = newMean;
        Variance[i] = m2 / total;
    }

    private void CheckLength(int length)
    {
        if (length != Size) throw new ArgumentException($"expected {Size} values for the running statistics, got {length}.");
    }
}
