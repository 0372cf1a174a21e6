namespace RLArena.Supervised.Evaluation;

/// <summary>
/// Accuracy and the confusion matrix of a classifier on a labelled set. <c>Confusion[t, p]</c> counts samples of
/// true class t predicted as p.
/// </summary>
public sealed class EvaluationResult(long[,] confusion)
{
    public long[,] Confusion { get; } = confusion;
    public int Classes => Confusion.GetLength(0);

    public long Total
    {
        get
        {
            long total = 0;
            foreach (var count in Confusion) total += count;
            return total;
        }
    }

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
