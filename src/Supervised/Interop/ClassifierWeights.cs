using System.Globalization;
using RLArena.Core.Errors;
using RLArena.Engine.Checkpoints;
using RLArena.Engine.Devices;
using RLArena.Engine.Interop;
using RLArena.Engine.Networks;
using RLArena.Supervised.Data;
using RLArena.Supervised.Evaluation;
using RLArena.Supervised.Training;
using TorchSharp;
using TorchSharp.Modules;

namespace RLArena.Supervised.Interop;

/// <summary>What <see cref="ClassifierWeights.Export"/> wrote.</summary>
/// <param name="Path">The file written.</param>
/// <param name="Format">Its format.</param>
/// <param name="Tensors">Each tensor's PyTorch name and shape, in file order.</param>
/// <param name="Bytes">The file's size.</param>
/// <param name="Spec">The network's layer sizes.</param>
/// <param name="Dataset">The dataset it was trained on, with the normalisation its inputs need.</param>
public sealed record ClassifierExport(
    string Path, StateDictFormat Format, IReadOnlyList<(string Name, long[] Shape)> Tensors, long Bytes, MlpSpec Spec, DatasetSpec Dataset);

/// <summary>
/// How a PyTorch or safetensors file is read as a classifier: the dataset whose test set and class names it uses
/// and the normalisation of its inputs. Unset values come from the file's metadata (safetensors written by RLArena),
/// then from the dataset (<see cref="DatasetSpec.Mean"/>, <see cref="DatasetSpec.Std"/>).
/// </summary>
/// <param name="Dataset">mnist or fashion-mnist; null: the file's metadata, else mnist.</param>
/// <param name="Mean">The mean subtracted from the 0-1 pixels (the tutorial's <c>Normalize((0.1307,), ...)</c>).</param>
/// <param name="Std">The standard deviation the pixels are divided by after that.</param>
public sealed record ClassifierFileOptions(string? Dataset = null, double? Mean = null, double? Std = null);

/// <summary>
/// The MNIST classifier in the files PyTorch users share. Our MLP's layers are called fc1, fc2, ... exactly as in
/// the PyTorch tutorial's <c>Net</c>, so the tensor names are the same on both sides (<c>fc1.weight</c> [128, 784],
/// <c>fc1.bias</c> [128], ... <c>fc3.bias</c> [10]) and <c>model.load_state_dict(torch.load(path))</c> works on
/// the tutorial's class. <see cref="Export"/> writes a checkpoint's weights as a <c>.pt</c> or <c>.safetensors</c>
/// file; <see cref="Load"/> reads any of model.ckpt, <c>.pt</c> and <c>.safetensors</c> as a classifier, inferring
/// the layer sizes from the tensors; <see cref="LoadInto"/> starts a training run from such a file.
/// </summary>
public static class ClassifierWeights
{
    /// <summary>Safetensors metadata key: the dataset's name.</summary>
    public const string DatasetKey = "dataset";

    /// <summary>Safetensors metadata key: the mean the inputs are normalised with.</summary>
    public const string MeanKey = "normalize_mean";

    /// <summary>Safetensors metadata key: the standard deviation the inputs are normalised with.</summary>
    public const string StdKey = "normalize_std";

    /// <summary>The PyTorch module a classifier of <paramref name="spec"/> matches, as messages name it.</summary>
    /// <param name="spec">The layer sizes.</param>
    public static string Describe(MlpSpec spec) =>
        $"the classifier {spec} (PyTorch: Linear layers fc1..fc{spec.Hidden.Count + 1}, as the tutorial's Net)";

    /// <summary>The tensor names: ours are PyTorch's.</summary>
    /// <param name="model">The classifier network.</param>
    /// <param name="spec">Its layer sizes.</param>
    public static PyTorchLayout Layout(Sequential model, MlpSpec spec) => PyTorchLayout.SameNames(model, Describe(spec));

    /// <summary>Writes the weights of the classifier in <paramref name="checkpointPath"/> to <paramref name="outPath"/>.</summary>
    /// <param name="checkpointPath">A model.ckpt from <c>rlarena mnist</c>.</param>
    /// <param name="outPath">The file to write.</param>
    /// <param name="format">PyTorch (<c>.pt</c>) or safetensors.</param>
    public static ClassifierExport Export(string checkpointPath, string outPath, StateDictFormat format)
    {
        using var classifier = ClassifierCheckpoint.Load(checkpointPath, torch.CPU);
        using var tensors = Layout(classifier.Model, classifier.Spec).Export(classifier.Model);
        var dataset = classifier.Dataset;
        tensors.Metadata["rlarena_model"] = ClassifierCheckpoint.Kind;
        tensors.Metadata["architecture"] = classifier.Spec.ToString();
        tensors.Metadata[DatasetKey] = dataset.Name;
        tensors.Metadata[MeanKey] = dataset.Mean.ToString("R", CultureInfo.InvariantCulture);
        tensors.Metadata[StdKey] = dataset.Std.ToString("R", CultureInfo.InvariantCulture);
        StateDictFile.Write(outPath, tensors, format);
        return new ClassifierExport(outPath, format, tensors.Entries.Select(e => (e.Key, e.Value.shape)).ToList(),
            new FileInfo(outPath).Length, classifier.Spec, dataset);
    }

    /// <summary>
    /// Reads a classifier from model.ckpt, a PyTorch state dict or a safetensors file (told apart by content).
    /// For the last two, the layer sizes come from the tensors and the dataset and normalisation from
    /// <paramref name="options"/>; a file whose tensors are not such an MLP is a one-line error naming them.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Dataset and normalisation for PyTorch and safetensors files (a checkpoint records its own: none may be given).</param>
    /// <param name="device">Where the model goes (CPU when null).</param>
    public static LoadedClassifier Load(string path, ClassifierFileOptions? options = null, torch.Device? device = null)
    {
        options ??= new ClassifierFileOptions();
        if (!File.Exists(path))
            throw new UserFacingException($"'{path}' does not exist; pass a model.ckpt from 'rlarena mnist', a PyTorch state dict (.pt) or a .safetensors file.");
        if (StateDictFormats.Detect(path) is null)
        {
            if (options.Dataset is not null || options.Mean is not null || options.Std is not null)
                throw new UsageException($"--dataset and --normalize are for PyTorch and safetensors files; '{path}' records its own dataset and normalisation.");
            return ClassifierCheckpoint.Load(path, device);
        }

        TorchRuntime.EnsureLoaded();
        using var file = StateDictFile.Read(path);
        var dataset = DatasetSpec.Get(options.Dataset ?? file.Metadata.GetValueOrDefault(DatasetKey) ?? DatasetSpec.Mnist.Name);
        var mean = options.Mean ?? Number(file, MeanKey) ?? dataset.Mean;
        var std = options.Std ?? Number(file, StdKey) ?? dataset.Std;
        if (!(std > 0) || !double.IsFinite(mean)) throw new UsageException($"--normalize {mean},{std}: the standard deviation must be above 0.");
        dataset = dataset with { Mean = mean, Std = std };

        var spec = InferSpec(file, path, dataset);
        var model = ClassifierModel.Build(spec);
        try
        {
            Layout(model, spec).Import(file, model, path);
            if (device is not null) model.to(device);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        var metadata = new CheckpointMetadata
        {
            Kind = ClassifierCheckpoint.Kind,
            Architecture = spec.ToString(),
            Dataset = dataset.Name,
            Extra = new Dictionary<string, string> { ["source"] = StateDictFormats.Name(StateDictFormats.Detect(path)!.Value) },
        };
        return new LoadedClassifier(model, spec, dataset, metadata);
    }

    /// <summary>
    /// Copies the weights of <paramref name="path"/> (model.ckpt, <c>.pt</c> or <c>.safetensors</c>) into
    /// <paramref name="model"/>, whose layer sizes must be the file's: what <c>rlarena mnist train --init-from</c> does.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="model">The freshly built classifier.</param>
    /// <param name="spec">Its layer sizes.</param>
    public static void LoadInto(string path, Sequential model, MlpSpec spec)
    {
        if (!File.Exists(path))
            throw new UserFacingException($"init_from '{path}' does not exist; pass a model.ckpt, a PyTorch state dict (.pt) or a .safetensors file.");
        if (StateDictFormats.Detect(path) is null)
        {
            var checkpoint = Checkpoint.Read(path);
            if (checkpoint.Metadata.Kind != ClassifierCheckpoint.Kind)
                throw new UserFacingException($"init_from '{path}' holds a '{checkpoint.Metadata.Kind}' model, not an MNIST classifier.");
            checkpoint.LoadModel(model, spec.ToString());
            return;
        }
        using var file = StateDictFile.Read(path);
        Layout(model, spec).Import(file, model, path);
    }

    private static double? Number(StateDict file, string key) =>
        file.Metadata.TryGetValue(key, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    /// <summary>The MLP fc1..fcN that the tensors describe: fcK.weight is [out, in].</summary>
    private static MlpSpec InferSpec(StateDict file, string path, DatasetSpec dataset)
    {
        var sizes = new List<long>();
        for (var k = 1; file.Contains($"fc{k}.weight"); k++)
        {
            var shape = file[$"fc{k}.weight"].shape;
            if (shape.Length != 2)
                throw new UserFacingException($"'{path}': fc{k}.weight is {StateDict.FormatShape(shape)}; a Linear layer's weight is [out, in].");
            if (k == 1) sizes.Add(shape[1]);
            else if (shape[1] != sizes[^1])
                throw new UserFacingException($"'{path}': fc{k}.weight takes {shape[1]} inputs but fc{k - 1} gives {sizes[^1]}; the layers do not chain.");
            sizes.Add(shape[0]);
        }
        if (sizes.Count == 0)
        {
            throw new UserFacingException(
                $"'{path}' has no fc1.weight (it holds {string.Join(", ", file.Names.Take(8))}{(file.Count > 8 ? ", ..." : "")}); " +
                "a classifier state dict names its Linear layers fc1, fc2, ... as the PyTorch tutorial's Net does.");
        }
        if (sizes[0] != DatasetSpec.ImagePixels)
            throw new UserFacingException($"'{path}': fc1 takes {sizes[0]} inputs; a classifier of 28x28 images takes {DatasetSpec.ImagePixels}.");
        if (sizes[^1] != dataset.Classes)
            throw new UserFacingException($"'{path}': the last layer gives {sizes[^1]} outputs; {dataset.DisplayName} has {dataset.Classes} classes.");
        return ClassifierModel.Spec(sizes.Skip(1).SkipLast(1).Select(s => (int)s).ToArray(), dataset.Classes);
    }
}
