using System.Globalization;
using RLArena.Engine.Checkpoints;
using RLArena.Engine.Config;
using RLArena.Core.Errors;
using RLArena.Engine.Networks;
using RLArena.Supervised.Data;
using RLArena.Supervised.Training;
using TorchSharp;
using TorchSharp.Modules;

namespace RLArena.Supervised.Evaluation;

/// <summary>A classifier read back from a checkpoint, with the dataset it was trained on (for its normalisation and class names).</summary>
public sealed class LoadedClassifier(Sequential model, MlpSpec spec, DatasetSpec dataset, CheckpointMetadata metadata) : IDisposable
{
    /// <summary>The network.</summary>
    public Sequential Model { get; } = model;
    /// <summary>Its shape.</summary>
    public MlpSpec Spec { get; } = spec;
    /// <summary>The dataset it was trained on.</summary>
    public DatasetSpec Dataset { get; } = dataset;
    /// <summary>The checkpoint's metadata.</summary>
    public CheckpointMetadata Metadata { get; } = metadata;

    /// <summary>Frees the network.</summary>
    public void Dispose() => Model.Dispose();
}

/// <summary>Saves and loads MNIST classifiers with the Engine's <see cref="Checkpoint"/> format.</summary>
public static class ClassifierCheckpoint
{
    /// <summary>The model kind written into classifier checkpoints.</summary>
    public const string Kind = "mnist-classifier";
    /// <summary>The checkpoint file in a run folder.</summary>
    public const string FileName = "model.ckpt";

    /// <summary>Writes the classifier, its optimizer and its settings to <paramref name="path"/> (atomically).</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="model">The network.</param>
    /// <param name="optimizer">The optimizer whose state to keep (Adam), or null (SGD keeps none).</param>
    /// <param name="spec">The network's shape.</param>
    /// <param name="dataset">The dataset it was trained on.</param>
    /// <param name="settings">The run's settings.</param>
    /// <param name="epoch">Epochs done.</param>
    /// <param name="step">Optimizer steps done.</param>
    /// <param name="testAccuracy">The test accuracy after this epoch, 0..1.</param>
    public static void Save(string path, Sequential model, OptimizerHelper? optimizer, MlpSpec spec, DatasetSpec dataset,
        MnistSettings settings, int epoch, long step, double testAccuracy)
    {
        var metadata = new CheckpointMetadata
        {
            Kind = Kind,
            Architecture = spec.ToString(),
            Dataset = dataset.Name,
            Step = step,
            Config = ConfigBinder.Describe(settings).ToDictionary(kv => kv.Key, kv => kv.Value),
            Extra = new Dictionary<string, string>
            {
                ["hidden"] = string.Join(",", spec.Hidden),
                ["classes"] = dataset.Classes.ToString(CultureInfo.InvariantCulture),
                ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
                ["test_accuracy"] = testAccuracy.ToString("R", CultureInfo.InvariantCulture),
                ["mean"] = dataset.Mean.ToString("R", CultureInfo.InvariantCulture),
                ["std"] = dataset.Std.ToString("R", CultureInfo.InvariantCulture),
            },
        };
        Checkpoint.Save(path, model, optimizer, metadata);
    }

    /// <summary>Reads a checkpoint written by <c>rlarena mnist</c>; anything else is a clear error.</summary>
    public static LoadedClassifier Load(string path, torch.Device? device = null)
    {
        var checkpoint = Checkpoint.Read(path);
        var metadata = checkpoint.Metadata;
        if (metadata.Kind != Kind)
        {
            var what = string.IsNullOrEmpty(metadata.Kind) ? "an unknown model" : $"a '{metadata.Kind}' model";
            throw new UserFacingException(
                $"checkpoint '{path}' holds {what}, not an MNIST classifier; pass a model.ckpt from a 'rlarena mnist' run.");
        }
        var dataset = DatasetSpec.Get(metadata.Dataset);
        var hidden = metadata.Extra.TryGetValue("hidden", out var text)
            ? text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(h => int.Parse(h, CultureInfo.InvariantCulture)).ToArray()
            : throw new UserFacingException($"checkpoint '{path}' does not record its hidden layer sizes; it was not written by 'rlarena mnist'.");
        var spec = ClassifierModel.Spec(hidden, dataset.Classes);
        var model = ClassifierModel.Build(spec);
        try
        {
            checkpoint.LoadModel(model, spec.ToString());
            if (device is not null) model.to(device);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return new LoadedClassifier(model, spec, dataset, metadata);
    }
}
