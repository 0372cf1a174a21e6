using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RLArena.Onnx;
using RLArena.Supervised.Data;
using RLArena.Supervised.Evaluation;
using RLArena.Supervised.Export;
using RLArena.Supervised.Training;
using TorchSharp;

namespace RLArena.Supervised.Tests;

/// <summary>
/// A classifier trained for one epoch on the real Fashion-MNIST, exported to ONNX and run by ONNX Runtime on the raw
/// 0..1 pixels of the 10,000 test images, gives the checkpoint's prediction for every image, so the same accuracy.
/// </summary>
public class ClassifierOnnxTests
{
    private const string FashionMnist = "/usr/share/datasets/fashion-mnist";

    [Test]
    public void TheExportedClassifierPredictsEveryTestImageAsTheCheckpointDoes()
    {
        if (!File.Exists(Path.Combine(FashionMnist, "t10k-images-idx3-ubyte.gz")))
            Assert.Ignore($"Fashion-MNIST is not installed in {FashionMnist} (apt-get install dataset-fashion-mnist).");
        using var temp = new TempFolder();
        var settings = new MnistSettings
        {
            Dataset = "fashion-mnist", Data = FashionMnist, NoDownload = true, Epochs = 1, BatchSize = 64,
            RunsDir = temp.File("runs"), Device = "cpu", Seed = 1, LogInterval = 1000,
        };
        var outcome = new MnistTraining().Run(settings);
        using var classifier = ClassifierCheckpoint.Load(outcome.CheckpointPath, torch.CPU);
        var file = temp.File("model.onnx");
        var summary = ClassifierOnnxExporter.Export(classifier, file);
        Assert.That(summary.Inputs.Single().ToString(), Is.EqualTo("images  float [batch, 1, 28, 28]"));
        Assert.That(summary.Outputs.Select(o => o.ToString()), Is.EqualTo(new[] { "logits  float [batch, 10]", "probabilities  float [batch, 10]" }));
        Assert.That(OnnxModelCheck.Problems(ClassifierOnnxExporter.Build(classifier)), Is.Empty);

        // The checkpoint, as 'rlarena mnist eval' measures it, and its prediction for each image.
        var location = outcome.Setup.Data;
        using var test = DatasetLoader.LoadSplit(DatasetSpec.FashionMnist, location.TestImages, location.TestLabels);
        var result = Evaluator.Evaluate(classifier.Model, test, 10);
        long[] torchPredictions;
        float[] torchLogits;
        using (torch.no_grad())
        using (var scope = torch.NewDisposeScope())
        {
            var logits = classifier.Model.call(test.Images);
            torchLogits = logits.data<float>().ToArray();
            torchPredictions = logits.argmax(1).data<long>().ToArray();
        }

        // ONNX Runtime on the raw pixels (byte / 255, what ToTensor gives).
        var raw = DatasetLoader.ReadSplit(DatasetSpec.FashionMnist, location.TestImages, location.TestLabels);
        var count = raw.Images.Count;
        var pixels = raw.Images.Pixels.Select(b => b / 255f).ToArray();
        using var session = new InferenceSession(file);
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor("images", new DenseTensor<float>(pixels, [count, 1, 28, 28]))]);
        var onnxLogits = outputs.First(o => o.Name == "logits").AsEnumerable<float>().ToArray();
        var probabilities = outputs.First(o => o.Name == "probabilities").AsEnumerable<float>().ToArray();
        var onnxPredictions = new long[count];
        var correct = 0;
        for (var i = 0; i < count; i++)
        {
            var row = onnxLogits.AsSpan(i * 10, 10);
            var best = 0;
            for (var c = 1; c < 10; c++) if (row[c] > row[best]) best = c;
            onnxPredictions[i] = best;
            if (best == raw.Labels[i]) correct++;
        }

        Assert.That(count, Is.EqualTo(10_000));
        Assert.That(result.Total, Is.EqualTo(10_000));
        Assert.That(result.Accuracy, Is.GreaterThan(0.75), "one epoch learns Fashion-MNIST");
        Assert.That(onnxPredictions, Is.EqualTo(torchPredictions), "the same class for every test image");
        Assert.That(correct, Is.EqualTo(result.Correct), "the same test accuracy, to the last image");
        var largest = onnxLogits.Zip(torchLogits, (a, b) => Math.Abs(a - b)).Max();
        TestContext.Out.WriteLine($"accuracy {result.Accuracy:P2} both ways; largest logit difference {largest:E2}");
        Assert.That(largest, Is.LessThan(1e-4f));
        for (var i = 0; i < count; i++)
            Assert.That(probabilities.AsSpan(i * 10, 10).ToArray().Sum(), Is.EqualTo(1f).Within(1e-5f));
    }
}
