using System.ComponentModel;
using System.Globalization;
using RLArena.Core.Errors;
using RLArena.Supervised.Interop;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary>
/// <c>rlarena mnist export --checkpoint model.ckpt --format pt|safetensors [--out FILE]</c>: the classifier's weights
/// under the PyTorch tutorial's names (<see cref="ClassifierWeights"/>).
/// </summary>
public sealed class MnistExportCommand : Command<MnistExportCommand.Settings>
{
    /// <summary>The flags of <c>rlarena mnist export</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The classifier checkpoint.</summary>
        [CommandOption("--checkpoint <FILE>")]
        [Description("model.ckpt from a 'rlarena mnist' run.")]
        public string? Checkpoint { get; init; }

        /// <summary>The file format.</summary>
        [CommandOption("--format <FORMAT>")]
        [Description("pt (a PyTorch state dict for the tutorial's Net) or safetensors.")]
        public string? Format { get; init; }

        /// <summary>The file to write.</summary>
        [CommandOption("--out <FILE>")]
        [Description("The file to write (default: model.pt or model.safetensors beside the checkpoint; a folder gets that name inside).")]
        public string? Out { get; init; }
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Checkpoint))
            throw new UsageException("--checkpoint is required: pass the model.ckpt of a 'rlarena mnist' run.");
        var format = StateDictConsole.Format(settings.Format);
        var output = StateDictConsole.OutPath(settings.Out, settings.Checkpoint, "model", format);
        var file = ClassifierWeights.Export(settings.Checkpoint, output, format);
        StateDictConsole.PrintWritten(file.Path, file.Format, file.Bytes, file.Tensors);
        var hidden = string.Join(", ", file.Spec.Hidden);
        var net = file.Spec.Hidden.SequenceEqual([128, 64]) && file.Spec.Output == 10 ? "Net()" : $"Net(hidden=({hidden}{(file.Spec.Hidden.Count == 1 ? "," : "")}), classes={file.Spec.Output})";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{file.Spec} trained on {file.Dataset.DisplayName}; inputs: 28x28 pixels scaled to 0-1, then " +
            $"transforms.Normalize(({file.Dataset.Mean},), ({file.Dataset.Std},))."));
        Console.WriteLine("Load it in PyTorch into the tutorial's Net (or Net from docs/pytorch/rlarena_modules.py):");
        Console.WriteLine($"  model = {net}");
        Console.WriteLine($"  {StateDictConsole.LoadLine(file.Path, file.Format)}");
        return 0;
    }
}
