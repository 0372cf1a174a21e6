using System.Globalization;
using Onnx;
using RLArena.Engine.Onnx;
using RLArena.Onnx;
using RLArena.Supervised.Data;
using RLArena.Supervised.Evaluation;
using TorchSharp;

namespace RLArena.Supervised.Export;

/// <summary>
/// Exports an MNIST / Fashion-MNIST classifier to ONNX: input <c>images</c> float [N, 1, 28, 28] holding raw pixels
/// in 0..1 (what <c>ToTensor()</c> gives), the dataset's normalisation <c>(x - mean) / std</c> inside the graph, then
/// the MLP; outputs <c>logits</c> and <c>probabilities</c> (softmax), both [N, classes].
/// </summary>
public static class ClassifierOnnxExporter
{
    /// <summary>The image input's name.</summary>
    public const string ImagesInput = "images";

    /// <summary>The logits output's name.</summary>
    public const string LogitsOutput = "logits";

    /// <summary>The probabilities output's name.</summary>
    public const string ProbabilitiesOutput = "probabilities";

    /// <summary>Builds the model of <paramref name="classifier"/> and writes it to <paramref name="path"/>.</summary>
    /// <param name="classifier">The loaded classifier.</param>
    /// <param name="path">The .onnx file to write.</param>
    /// <returns>What was written.</returns>
    public static OnnxModelSummary Export(LoadedClassifier classifier, string path) =>
        OnnxModelSummary.Write(Build(classifier), path);

    /// <summary>The checked ONNX model of <paramref name="classifier"/>.</summary>
    /// <param name="classifier">The loaded classifier.</param>
    /// <returns>The model.</returns>
    public static ModelProto Build(LoadedClassifier classifier)
    {
        var dataset = classifier.Dataset;
        var side = DatasetSpec.ImageSide;
        var graph = new OnnxGraphBuilder("rlarena_classifier");
        var images = graph.Input(ImagesInput, null, 1, side, side);
        var flat = graph.Node("Flatten", [images], OnnxGraphBuilder.Attribute("axis", 1L));
        // The same float32 operations as torchvision's Normalize: (x - (float)mean) / (float)std.
        var centred = graph.Node("Sub", [flat, graph.Weights("pixel_mean", [(float)dataset.Mean])]);
        var normalised = graph.Node("Div", [centred, graph.Weights("pixel_std", [(float)dataset.Std])]);
        string logits;
        using (torch.no_grad()) logits = OnnxLayerWriter.Write(graph, classifier.Model, normalised, "net");
        graph.NamedNode("Identity", [logits], LogitsOutput);
        graph.NamedNode("Softmax", [logits], ProbabilitiesOutput, OnnxGraphBuilder.Attribute("axis", 1L));
        graph.Output(LogitsOutput, TensorProto.Types.DataType.Float, null, dataset.Classes);
        graph.Output(ProbabilitiesOutput, TensorProto.Types.DataType.Float, null, dataset.Classes);
        var metadata = new Dictionary<string, string>
        {
            ["rlarena.kind"] = "classifier",
            ["rlarena.dataset"] = dataset.Name,
            ["rlarena.architecture"] = classifier.Spec.ToString(),
            ["rlarena.classes"] = string.Join(",", dataset.ClassNames),
            ["rlarena.mean"] = dataset.Mean.ToString("R", CultureInfo.InvariantCulture),
            ["rlarena.std"] = dataset.Std.ToString("R", CultureInfo.InvariantCulture),
        };
        return graph.Build(metadata, $"RLArena {dataset.DisplayName} classifier ({classifier.Spec}); input: raw pixels 0..1, [N, 1, 28, 28]");
    }
}
