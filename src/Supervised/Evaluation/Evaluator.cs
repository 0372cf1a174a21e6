using RLArena.Supervised.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace RLArena.Supervised.Evaluation;

/// <summary>Runs a classifier over a whole split in large batches without gradients and counts what it got right.</summary>
public static class Evaluator
{
    /// <summary>The confusion counts of <paramref name="model"/> over <paramref name="data"/>.</summary>
    /// <param name="model">The classifier.</param>
    /// <param name="data">A split.</param>
    /// <param name="classes">The number of classes.</param>
    /// <param name="batchSize">Samples per forward pass (does not change the result).</param>
    public static EvaluationResult Evaluate(nn.Module<Tensor, Tensor> model, DatasetTensors data, int classes, int batchSize = 1000)
    {
        var counts = new long[classes * classes];
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            for (var start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var length = Math.Min(batchSize, data.Count - start);
                var predicted = model.call(data.Images.narrow(0, start, length)).argmax(1);
                var pairs = data.Labels.narrow(0, start, length) * classes + predicted;
                var batchCounts = pairs.bincount(null, classes * classes).cpu().data<long>();
                for (var i = 0; i < counts.Length; i++) counts[i] += batchCounts[i];
            }
        }
        finally
        {
            if (wasTraining) model.train();
        }
        var confusion = new long[classes, classes];
        for (var t = 0; t < classes; t++)
        for (var p = 0; p < classes; p++)
            confusion[t, p] = counts[t * classes + p];
        return new EvaluationResult(confusion);
    }

    /// <summary>Class probabilities (softmax) for a batch of normalised images [N, 784].</summary>
    public static float[,] Probabilities(nn.Module<Tensor, Tensor> model, Tensor images)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var probabilities = nn.functional.softmax(model.call(images), 1).cpu();
            var rows = (int)probabilities.shape[0];
            var columns = (int)probabilities.shape[1];
            var flat = probabilities.data<float>().ToArray();
            var result = new float[rows, columns];
            for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                result[r, c] = flat[r * columns + c];
            return result;
        }
        finally
        {
            if (wasTraining) model.train();
        }
    }
}
