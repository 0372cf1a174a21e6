using RLArena.Core.Errors;
using RLArena.Supervised.Data;

namespace RLArena.Supervised.Training;

public enum OptimizerKind
{
    Sgd,
    Adam,
}

/// <summary>
/// Every setting of <c>rlarena mnist</c>. The defaults are the PyTorch tutorial's: batch 64, SGD lr 0.01 momentum 0.9,
/// 10 epochs, MLP 784-128-64-10. Keys in a config file are the flag names in snake_case (<c>--batch-size</c> ↔
/// <c>batch_size</c>); the binding is strict.
/// </summary>
public sealed class MnistSettings
{
    /// <summary>mnist or fashion-mnist.</summary>
    public string Dataset { get; set; } = "mnist";

    /// <summary>Folder holding the IDX files (or DIR/MNIST/raw); empty: ./data, then system folders, then download.</summary>
    public string Data { get; set; } = "";

    /// <summary>Never download; a missing dataset is an error.</summary>
    public bool NoDownload { get; set; }

    public int Epochs { get; set; } = 10;

    public int BatchSize { get; set; } = 64;

    public double Lr { get; set; } = 0.01;

    /// <summary>SGD momentum (ignored by Adam).</summary>
    public double Momentum { get; set; } = 0.9;

    public OptimizerKind Optimizer { get; set; } = OptimizerKind.Sgd;

    /// <summary>Hidden layer sizes, comma-separated.</summary>
    public int[] Hidden { get; set; } = [128, 64];

    public int Seed { get; set; } = 1;

    /// <summary>auto, cpu, cuda or cuda:N.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>Torch CPU threads; 0 keeps TorchSharp's default (the number of cores).</summary>
    public int Threads { get; set; } = 1;

    /// <summary>Steps between the tutorial's "Epoch E, Step S, Loss: L" lines.</summary>
    public int LogInterval { get; set; } = 100;

    /// <summary>Test-set batch size (evaluation only; does not change results).</summary>
    public int TestBatchSize { get; set; } = 1000;

    /// <summary>Where run folders go.</summary>
    public string RunsDir { get; set; } = "runs";

    /// <summary>The dataset named by <see cref="Dataset"/>.</summary>
    public DatasetSpec ResolveDataset() => DatasetSpec.Get(Dataset);

    /// <summary>Checks every value; a bad one is a <see cref="UsageException"/> naming the setting.</summary>
    public void Validate()
    {
        ResolveDataset();
        if (Epochs < 1) throw new UsageException($"--epochs {Epochs}: must be at least 1.");
        if (BatchSize < 1) throw new UsageException($"--batch-size {BatchSize}: must be at least 1.");
        if (!(Lr > 0) || double.IsInfinity(Lr)) throw new UsageException($"--lr {Lr}: must be a positive number.");
        if (!(Momentum >= 0 && Momentum < 1)) throw new UsageException($"--momentum {Momentum}: must be in [0, 1).");
        if (Hidden.Length == 0 || Hidden.Any(h => h < 1))
            throw new UsageException($"--hidden {string.Join(",", Hidden)}: give one or more positive layer sizes, like 128,64.");
        if (Threads < 0) throw new UsageException($"--threads {Threads}: must be 0 (TorchSharp's default) or more.");
        if (LogInterval < 1) throw new UsageException($"--log-interval {LogInterval}: must be at least 1.");
        if (TestBatchSize < 1) throw new UsageException($"--test-batch-size {TestBatchSize}: must be at least 1.");
    }
}
