using System.Globalization;
using RLArena.Core.Errors;
using RLArena.Engine.Interop;
using RLArena.Supervised.Data;
using RLArena.Supervised.Evaluation;
using RLArena.Supervised.Interop;
using RLArena.Supervised.Training;
using RLArena.Tests.Shared;
using TorchSharp;

namespace RLArena.Supervised.Tests.Interop;

/// <summary>
/// The classifier leaves as the PyTorch tutorial's <c>Net</c> and comes back from it, checked by Debian's PyTorch on
/// Fashion-MNIST's 10,000 test images (python3-torch and dataset-fashion-mnist; skipped with their names when absent).
/// </summary>
public class PyTorchClassifierTests
{
    private const string FashionFolder = "/usr/share/datasets/fashion-mnist";
    private string _dir = "";

    [SetUp]
    public void MakeFolder() => _dir = Directory.CreateTempSubdirectory("rlarena-pt-classifier-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private static void RequireFashionMnist()
    {
        if (!File.Exists(Path.Combine(FashionFolder, "t10k-images-idx3-ubyte.gz")))
            Assert.Ignore($"dataset-fashion-mnist is not installed (no {FashionFolder}; apt-get install dataset-fashion-mnist)");
    }

    /// <summary>Reads the test split, normalises as our loader does (a float32 table), and counts what the tutorial's Net gets right.</summary>
    private const string PythonEvaluate = """
        import gzip, json, struct, sys
        import numpy as np, torch
        import torch.nn as nn
        import torch.nn.functional as F

        class Net(nn.Module):  # the tutorial's class, unchanged
            def __init__(self):
                super(Net, self).__init__()
                self.fc1 = nn.Linear(28 * 28, 128)
                self.fc2 = nn.Linear(128, 64)
                self.fc3 = nn.Linear(64, 10)

            def forward(self, x):
                x = x.view(-1, 28 * 28)
                x = F.relu(self.fc1(x))
                x = F.relu(self.fc2(x))
                return self.fc3(x)

        def test_set(folder, mean, std):
            images = np.frombuffer(gzip.open(folder + "/t10k-images-idx3-ubyte.gz").read()[16:], dtype=np.uint8).reshape(-1, 784)
            labels = np.frombuffer(gzip.open(folder + "/t10k-labels-idx1-ubyte.gz").read()[8:], dtype=np.uint8).astype(np.int64)
            table = (np.arange(256, dtype=np.float32) / np.float32(255) - np.float32(mean)) / np.float32(std)
            return torch.from_numpy(table[images]), torch.from_numpy(labels)

        def correct(model, images, labels):
            with torch.no_grad():
                return int((model(images).argmax(1) == labels).sum())

        def read_safetensors(path):
            raw = open(path, "rb").read()
            n = struct.unpack("<Q", raw[:8])[0]
            header = json.loads(raw[8:8 + n])
            data = raw[8 + n:]
            tensors = {}
            for name, e in header.items():
                if name == "__metadata__":
                    continue
                assert e["dtype"] == "F32", name
                b, f = e["data_offsets"]
                tensors[name] = torch.from_numpy(np.frombuffer(data[b:f], dtype=np.float32).reshape(e["shape"]).copy())
            return tensors, header.get("__metadata__", {})
        """;

    [Test]
    public void PyTorchMeasuresTheSameAccuracyOnOurExportToTheLastImage()
    {
        PythonTorch.Require();
        RequireFashionMnist();
        var settings = new MnistSettings
        {
            Dataset = "fashion-mnist", Data = FashionFolder, NoDownload = true, Epochs = 1, RunsDir = Path.Combine(_dir, "runs"), Device = "cpu",
        };
        var outcome = new MnistTraining().Run(settings);
        var checkpoint = outcome.CheckpointPath;
        var pt = Path.Combine(_dir, "model.pt");
        var st = Path.Combine(_dir, "model.safetensors");
        var export = ClassifierWeights.Export(checkpoint, pt, StateDictFormat.PyTorch);
        ClassifierWeights.Export(checkpoint, st, StateDictFormat.Safetensors);
        Assert.That(export.Tensors.Select(t => t.Name), Is.EqualTo(new[] { "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias" }));

        // What 'rlarena mnist eval' measures: the checkpoint, and each exported file read back.
        var ours = new List<long>();
        // A .pt file has no room for metadata: the dataset is named, as with --dataset (its normalisation follows);
        // the safetensors file records both.
        foreach (var (path, options) in new[] { (checkpoint, null), (pt, new ClassifierFileOptions("fashion-mnist")), (st, null) })
        {
            using var classifier = ClassifierWeights.Load(path, options);
            using var test = DatasetLoader.LoadSplit(classifier.Dataset, Path.Combine(FashionFolder, "t10k-images-idx3-ubyte.gz"),
                Path.Combine(FashionFolder, "t10k-labels-idx1-ubyte.gz"));
            ours.Add(Evaluator.Evaluate(classifier.Model, test, classifier.Dataset.Classes).Correct);
        }
        Assert.That(ours.Distinct().Count(), Is.EqualTo(1), $"checkpoint, .pt and .safetensors agree: {string.Join(", ", ours)}");
        Assert.That(ours[0], Is.GreaterThan(7000), "one epoch learns Fashion-MNIST well past chance");

        var output = PythonTorch.Run(_dir, PythonEvaluate + """

            model = Net()
            model.load_state_dict(torch.load(sys.argv[1]))
            tensors, meta = read_safetensors(sys.argv[2])
            images, labels = test_set(sys.argv[3], float(meta["normalize_mean"]), float(meta["normalize_std"]))
            print("pt", correct(model, images, labels))
            other = Net()
            other.load_state_dict(tensors)
            print("safetensors", correct(other, images, labels), meta["dataset"])
            """, pt, st, FashionFolder);
        Assert.That(output, Does.Contain($"pt {ours[0]}\n"), output);
        Assert.That(output, Does.Contain($"safetensors {ours[0]} fashion-mnist\n"), output);
    }

    [Test]
    public void WeMeasureTheAccuracyPyTorchMeasuredOnItsTutorialModel()
    {
        PythonTorch.Require();
        RequireFashionMnist();
        var path = Path.Combine(_dir, "tutorial_model.pt");
        // The tutorial's training loop (SGD 0.01 momentum 0.9, batch 64, its normalisation), shortened to 300 steps.
        var output = PythonTorch.Run(_dir, PythonEvaluate + """

            torch.manual_seed(0)
            folder = sys.argv[2]
            train_images = np.frombuffer(gzip.open(folder + "/train-images-idx3-ubyte.gz").read()[16:], dtype=np.uint8).reshape(-1, 784)
            train_labels = np.frombuffer(gzip.open(folder + "/train-labels-idx1-ubyte.gz").read()[8:], dtype=np.uint8).astype(np.int64)
            table = (np.arange(256, dtype=np.float32) / np.float32(255) - np.float32(0.1307)) / np.float32(0.3081)
            x, y = torch.from_numpy(table[train_images]), torch.from_numpy(train_labels)
            model = Net()
            optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
            order = torch.randperm(len(y))
            for step in range(300):
                batch = order[step * 64:(step + 1) * 64]
                optimizer.zero_grad()
                loss = nn.CrossEntropyLoss()(model(x[batch]), y[batch])
                loss.backward()
                optimizer.step()
            torch.save(model.state_dict(), sys.argv[1])
            images, labels = test_set(folder, 0.1307, 0.3081)
            print("correct", correct(model, images, labels))
            """, path, FashionFolder);
        var pytorchCorrect = long.Parse(output.Split("correct ")[1].Trim(), CultureInfo.InvariantCulture);

        using var classifier = ClassifierWeights.Load(path, new ClassifierFileOptions("fashion-mnist", 0.1307, 0.3081));
        Assert.That(classifier.Spec.ToString(), Is.EqualTo("MLP 784-128-64-10 (relu)"), "layer sizes read from the tensors");
        using var test = DatasetLoader.LoadSplit(classifier.Dataset, Path.Combine(FashionFolder, "t10k-images-idx3-ubyte.gz"),
            Path.Combine(FashionFolder, "t10k-labels-idx1-ubyte.gz"));
        var ours = Evaluator.Evaluate(classifier.Model, test, classifier.Dataset.Classes);
        Assert.That(ours.Correct, Is.EqualTo(pytorchCorrect), output);
        Assert.That(pytorchCorrect, Is.GreaterThan(6000), "300 steps learn well past chance");

        // --init-from: a fresh model of the same sizes starts from exactly these weights.
        var spec = ClassifierModel.Spec([128, 64], 10);
        using var fresh = ClassifierModel.Build(spec);
        ClassifierWeights.LoadInto(path, fresh, spec);
        foreach (var (name, tensor) in classifier.Model.state_dict())
            Assert.That(fresh.state_dict()[name].allclose(tensor, 0, 0), name);

        var other = ClassifierModel.Spec([100], 10);
        using var wrong = ClassifierModel.Build(other);
        var e = Assert.Throws<UserFacingException>(() => ClassifierWeights.LoadInto(path, wrong, other))!;
        Assert.That(e.Message, Does.Contain("does not fit the classifier MLP 784-100-10 (relu)")
            .And.Contain("unexpected fc3.bias, fc3.weight").And.Contain("fc1.weight is [128, 784], expected [100, 784]"));
    }

    [Test]
    public void FilesThatAreNotTheTutorialsNetAreRefusedInOneLine()
    {
        using var tensors = new StateDict();
        tensors.Add("layer1.weight", torch.zeros(128, 784));
        var path = Path.Combine(_dir, "other.safetensors");
        StateDictFile.Write(path, tensors, StateDictFormat.Safetensors);
        var e = Assert.Throws<UserFacingException>(() => ClassifierWeights.Load(path).Dispose())!;
        Assert.That(e.Message, Does.Contain("has no fc1.weight (it holds layer1.weight)").And.Contain("tutorial's Net"));

        using var small = new StateDict();
        small.Add("fc1.weight", torch.zeros(32, 784));
        small.Add("fc1.bias", torch.zeros(32));
        small.Add("fc2.weight", torch.zeros(7, 32));
        small.Add("fc2.bias", torch.zeros(7));
        StateDictFile.Write(path, small, StateDictFormat.Safetensors);
        e = Assert.Throws<UserFacingException>(() => ClassifierWeights.Load(path).Dispose())!;
        Assert.That(e.Message, Does.Contain("the last layer gives 7 outputs; MNIST has 10 classes"));

        small.Metadata[ClassifierWeights.DatasetKey] = "fashion-mnist";
        StateDictFile.Write(path, small, StateDictFormat.PyTorch);
        e = Assert.Throws<UsageException>(() => ClassifierWeights.Load(path, new ClassifierFileOptions(Std: 0)).Dispose())!;
        Assert.That(e.Message, Does.Contain("standard deviation must be above 0"));
    }
}
