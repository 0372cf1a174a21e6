using System.ComponentModel;
using RLArena.Core.Errors;
using RLArena.Supervised.Evaluation;
using RLArena.Supervised.Interop;
using Spectre.Console.Cli;
using TorchSharp;

namespace RLArena.Cli.Commands;

/// <summary>
/// The settings of the mnist commands that read a saved classifier (<c>mnist eval</c>, <c>mnist predict</c>):
/// <c>--checkpoint</c>, <c>--dataset</c>, <c>--normalize</c> and <c>--device</c>.
/// </summary>
public abstract class ClassifierFileSettings : CommandSettings
{
    /// <summary>The classifier file: a model.ckpt, a PyTorch state dict (.pt) or a .safetensors file.</summary>
    [CommandOption("--checkpoint <FILE>")]
    [Description("model.ckpt from a 'rlarena mnist' run, or a PyTorch state dict (.pt) / .safetensors file of the tutorial's Net.")]
    public string? Checkpoint { get; init; }

    /// <summary>For a .pt or .safetensors file: the dataset it was trained on.</summary>
    [CommandOption("--dataset <NAME>")]
    [Description(ClassifierFileFlags.DatasetHelp)]
    public string? Dataset { get; init; }

    /// <summary>For a .pt or .safetensors file: MEAN,STD of the pixel normalisation.</summary>
    [CommandOption("--normalize <MEAN,STD>")]
    [Description(ClassifierFileFlags.NormalizeHelp)]
    public string? Normalize { get; init; }

    /// <summary>Where the classifier runs: auto, cpu, cuda or cuda:N.</summary>
    [CommandOption("--device <DEVICE>")]
    [Description("auto (default), cpu, cuda or cuda:N.")]
    public string Device { get; init; } = "auto";

    /// <summary>Refuses a missing <c>--checkpoint</c> with one usage line (exit 2).</summary>
    public void RequireCheckpoint()
    {
        if (string.IsNullOrWhiteSpace(Checkpoint))
            throw new UsageException("--checkpoint is required: pass the model.ckpt of a 'rlarena mnist' run, or a .pt / .safetensors file.");
    }

    /// <summary>
    /// Loads the classifier onto <paramref name="device"/>, reading a .pt or .safetensors file with the
    /// <c>--dataset</c> and <c>--normalize</c> values (a malformed one is a usage error).
    /// </summary>
    /// <param name="device">The device <c>--device</c> resolved to.</param>
    public LoadedClassifier LoadClassifier(torch.Device device)
    {
        RequireCheckpoint();
        return ClassifierWeights.Load(Checkpoint!, ClassifierFileFlags.Options(Dataset, Normalize), device);
    }
}
