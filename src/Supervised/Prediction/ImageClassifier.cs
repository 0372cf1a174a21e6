using RLArena.Supervised.Evaluation;
using static TorchSharp.torch;

namespace RLArena.Supervised.Prediction;

/// <summary>One class and how likely the model thinks it is.</summary>
public readonly record struct ClassGuess(int Index, string Name, double Probability);

/// <summary>What the model says about one image: its top classes, most likely first.</summary>
public sealed record ImagePrediction(PreparedImage Image, IReadOnlyList<ClassGuess> Top);

/// <summary>Classifies image files with a loaded classifier, normalising them as its dataset was.</summary>
public static class ImageClassifier
{
    /// <summary>The <paramref name="top"/> most likely classes of each image, with probabilities.</summary>
    /// <param name="classifier">A classifier loaded from a checkpoint.</param>
    /// <param name="images">Images prepared by <see cref="ImagePreprocessor"/>.</param>
    /// <param name="top">How many classes to report per image.</param>
    public static IReadOnlyList<ImagePrediction> Predict(LoadedClassifier classifier, IReadOnlyList<PreparedImage> images, int top = 3)
    {
        if (images.Count == 0) return [];
        var dataset = classifier.Dataset;
        var flat = new float[images.Count * Data.DatasetSpec.ImagePixels];
        for (var i = 0; i < images.Count; i++)
        {
            var pixels = images[i].Pixels;
            for (var p = 0; p < pixels.Length; p++)
                flat[i * Data.DatasetSpec.ImagePixels + p] = (float)((pixels[p] - dataset.Mean) / dataset.Std);
        }
        using var scope = NewDisposeScope();
        var device = classifier.Model.parameters().First().device;
        var batch = tensor(flat, [images.Count, Data.DatasetSpec.ImagePixels]).to(device);
        var probabilities = Evaluator.Probabilities(classifier.Model, batch);
        var results = new List<ImagePrediction>();
        var k = Math.Clamp(top, 1, dataset.Classes);
        for (var i = 0; i < images.Count; i++)
        {
            var guesses = Enumerable.Range(0, dataset.Classes)
                .Select(c => new ClassGuess(c, dataset.ClassNames[c], probabilities[i, c]))
                .OrderByDescending(g => g.Probability)
                .Take(k)
                .ToList();
            results.Add(new ImagePrediction(images[i], guesses));
        }
        return results;
    }
}
