namespace RLArena.Supervised.Evaluation;

/// <summary>
/// Accuracy and the confusion matrix of a classifier on a labelled set. <c>Confusion[t, p]</c> counts samples of
/// true class t predicted as p.
/// </summary>
public sealed class EvaluationResult(long[,] confusion)
{
    /// <summary>Counts [true class, predicted class].</summary>
    public long[,] Confusion { get; } = confusion;
    /// <summary>The number of classes.</summary>
    public int Classes => Confusion.GetLength(0);

    /// <summary>Samples evaluated.</summary>
    public long Total
    {
        get
        {
            long total = 0;
            foreach (var count in Confusion) total += count;
            return total;
        }
    }

    /// <summary>Samples classified correctly.</summary>
    public long Correct
    {
        get
        {
            long correct = 0;
            for (var c = 0; c < Classes; c++) correct += Confusion[c, c];
            return correct;
        }
    }

    /// <summary>Fraction correct, 0..1.</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    /// <summary>Samples whose true class is <paramref name="trueClass"/>.</summary>
    /// <param name="trueClass">A class index.</param>
    public long ClassTotal(int trueClass)
    {
        long total = 0;
        for (var p = 0; p < Classes; p++) total += Confusion[trueClass, p];
        return total;
    }

    /// <summary>Recall of one class: the fraction of its samples predicted correctly (0 when it has none).</summary>
    public double ClassAccuracy(int trueClass)
    {
        var total = ClassTotal(trueClass);
        return total == 0 ? 0 : (double)Confusion[trueClass, trueClass] / total;
    }
}
