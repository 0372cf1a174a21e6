using RLArena.Core.Errors;
using RLArena.Engine.Config;
using RLArena.Supervised.Data;

namespace RLArena.Supervised.Training;

/// <summary>The optimizer of <c>rlarena mnist</c>.</summary>
public enum OptimizerKind
{
    /// <summary>SGD with momentum (the tutorial's).</summary>
    Sgd,
    /// <summary>Adam.</summary>
    Adam,
}

/// <summary>
/// Every setting of <c>rlarena mnist</c>. The defaults are the PyTorch tutorial's: batch 64, SGD lr 0.01 momentum 0.9,
/// 10 epochs, MLP 784-128-64-10. Keys in a config file are the flag names in snake_case (<c>--batch-size</c> ↔
/// <c>batch_size</c>); the binding is strict. Every numeric key declares its valid range next to it.
/// </summary>
public sealed class MnistSettings
{
    /// <summary>mnist or fashion-mnist.</summary>
    public string Dataset { get; set; } = "mnist";

    /// <summary>Folder holding the IDX files (or DIR/MNIST/raw); empty: ./data, then system folders, then download.</summary>
    public string Data { get; set; } = "";

    /// <summary>Never download; a missing dataset is an error.</summary>
    public bool NoDownload { get; set; }

    /// <summary>Passes over the training set.</summary>
    [ConfigRange(1, 100_000)]
    public int Epochs { get; set; } = 10;

    /// <summary>Training images per optimizer step.</summary>
    [ConfigRange(1, 1_000_000)]
    public int BatchSize { get; set; } = 64;

    /// <summary>Learning rate of SGD or Adam.</summary>
    [ConfigRange(0, 1e6, MinExclusive = true)]
    public double Lr { get; set; } = 0.01;

    /// <summary>SGD momentum (ignored by Adam).</summary>
    [ConfigRange(0, 1, MaxExclusive = true)]
    public double Momentum { get; set; } = 0.9;

    /// <summary>sgd (the tutorial's) or adam (which usually wants lr 0.001).</summary>
    public OptimizerKind Optimizer { get; set; } = OptimizerKind.Sgd;

    /// <summary>Hidden layer sizes, comma-separated.</summary>
    [ConfigRange(1, 65_536)]
    public int[] Hidden { get; set; } = [128, 64];

    /// <summary>Seeds torch and the data order.</summary>
    [ConfigRange(0, int.MaxValue)]
    public int Seed { get; set; } = 1;

    /// <summary>auto, cpu, cuda or cuda:N.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>Torch CPU threads; 0 keeps TorchSharp's default (the number of cores).</summary>
    [ConfigRange(0, 1024)]
    public int Threads { get; set; } = 1;

    /// <summary>Steps between the tutorial's "Epoch E, Step S, Loss: L" lines.</summary>
    [ConfigRange(1, int.MaxValue)]
    public int LogInterval { get; set; } = 100;

    /// <summary>Test-set batch size (evaluation only; does not change results).</summary>
    [ConfigRange(1, 1_000_000)]
    public int TestBatchSize { get; set; } = 1000;

    /// <summary>Where run folders go.</summary>
    public string RunsDir { get; set; } = "runs";

    /// <summary>
    /// Start from these weights instead of a fresh initialisation: a model.ckpt, a PyTorch state dict (.pt) or a
    /// safetensors file with the same layer sizes (see docs/guides/export-pytorch.md); empty: a fresh start.
    /// </summary>
    public string InitFrom { get; set; } = "";

    /// <summary>The dataset named by <see cref="Dataset"/>.</summary>
    public DatasetSpec ResolveDataset() => DatasetSpec.Get(Dataset);

    /// <summary>
    /// Checks every value: the dataset name, then every declared <see cref="ConfigRangeAttribute"/> through
    /// <see cref="ConfigBinder.Validate"/> (one line naming the key, the value and the range). A bad one is a
    /// <see cref="UsageException"/>.
    /// </summary>
    public void Validate()
    {
        ResolveDataset();
        ConfigBinder.Validate(this);
        if (string.IsNullOrWhiteSpace(RunsDir)) throw new UsageException("runs_dir is empty; give the folder run folders go in (default runs).");
        if (!string.IsNullOrWhiteSpace(InitFrom) && !File.Exists(InitFrom))
            throw new UsageException($"init_from '{InitFrom}' does not exist; pass a model.ckpt, a PyTorch state dict (.pt) or a .safetensors file.");
    }
}
