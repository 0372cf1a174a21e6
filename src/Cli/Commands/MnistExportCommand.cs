using System.ComponentModel;
using System.Globalization;
using RLArena.Core.Errors;
using RLArena.Engine.Interop;
using RLArena.Supervised.Evaluation;
using RLArena.Supervised.Export;
using RLArena.Supervised.Interop;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary>
/// <c>rlarena mnist export</c>: writes a saved classifier as ONNX (raw 0..1 pixels in, logits and probabilities out),
/// or as a PyTorch state dict or safetensors file for the PyTorch tutorial's <c>Net</c> (<see cref="ClassifierWeights"/>).
/// </summary>
public sealed class MnistExportCommand : Command<MnistExportCommand.Settings>
{
    /// <summary>The options of <c>rlarena mnist export</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The classifier checkpoint.</summary>
        [CommandOption("--checkpoint <FILE>")]
        [Description("model.ckpt from a 'rlarena mnist' run.")]
        public string? Checkpoint { get; init; }

        /// <summary>The format to write.</summary>
        [CommandOption("--format <FORMAT>")]
        [Description("onnx: input images [N, 1, 28, 28] (pixels 0..1, normalisation inside), outputs logits and probabilities. " +
                     "pt: a PyTorch state dict for the tutorial's Net (torch.load). safetensors: the same tensors as safetensors.")]
        public string? Format { get; init; }

        /// <summary>The file to write.</summary>
        [CommandOption("--out <FILE>")]
        [Description("The file to write (default: model.onnx, model.pt or model.safetensors next to the checkpoint; a folder gets that name inside).")]
        public string? Out { get; init; }
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Checkpoint))
            throw new UsageException("--checkpoint is required: pass the model.ckpt of a 'rlarena mnist' run.");
        var format = ExportFormat.Parse(settings.Format);
        var folder = Path.GetDirectoryName(Path.GetFullPath(settings.Checkpoint))!;
        if (StateDictFormats.TryParse(format) is { } stateDict)
            return ExportStateDict(settings.Checkpoint, ExportFormat.OutputPath(settings.Out, folder, "model" + StateDictFormats.Extension(stateDict)), stateDict);

        using var classifier = ClassifierCheckpoint.Load(settings.Checkpoint);
        var path = ExportFormat.OutputPath(settings.Out, folder, "model." + format);
        var lines = format switch
        {
            ExportFormat.Onnx => ClassifierOnnxExporter.Export(classifier, path).Lines(),
            _ => throw new InvalidOperationException($"export format '{format}' is validated but has no exporter."),
        };
        Console.WriteLine($"{classifier.Spec} trained on {classifier.Dataset.DisplayName}");
        foreach (var line in lines) Console.WriteLine(line);
        return 0;
    }

    /// <summary>--format pt or safetensors: the tensors, the inputs' normalisation and the line that loads the file.</summary>
    private static int ExportStateDict(string checkpoint, string output, StateDictFormat format)
    {
        var file = ClassifierWeights.Export(checkpoint, output, format);
        StateDictConsole.PrintWritten(file.Path, file.Format, file.Bytes, file.Tensors);
        var hidden = string.Join(", ", file.Spec.Hidden);
        var net = file.Spec.Hidden.SequenceEqual([128, 64]) && file.Spec.Output == 10
            ? "Net()"
            : $"Net(hidden=({hidden}{(file.Spec.Hidden.Count == 1 ? "," : "")}), classes={file.Spec.Output})";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{file.Spec} trained on {file.Dataset.DisplayName}; inputs: 28x28 pixels scaled to 0-1, then " +
            $"transforms.Normalize(({file.Dataset.Mean},), ({file.Dataset.Std},))."));
        Console.WriteLine("Load it in PyTorch into the tutorial's Net (or Net from docs/pytorch/rlarena_modules.py):");
        Console.WriteLine($"  model = {net}");
        Console.WriteLine($"  {StateDictConsole.LoadLine(file.Path, file.Format)}");
        return 0;
    }
}
