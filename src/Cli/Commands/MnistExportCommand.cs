using System.ComponentModel;
using RLArena.Core.Errors;
using RLArena.Supervised.Evaluation;
using RLArena.Supervised.Export;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary><c>rlarena mnist export</c>: writes a saved classifier as ONNX (raw 0..1 pixels in, logits and probabilities out).</summary>
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
        [Description("onnx: input images [N, 1, 28, 28] (pixels 0..1, normalisation inside), outputs logits and probabilities.")]
        public string? Format { get; init; }

        /// <summary>The file to write.</summary>
        [CommandOption("--out <FILE>")]
        [Description("The file to write (default: model.onnx next to the checkpoint; a folder gets model.onnx inside).")]
        public string? Out { get; init; }
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Checkpoint))
            throw new UsageException("--checkpoint is required: pass the model.ckpt of a 'rlarena mnist' run.");
        var format = ExportFormat.Parse(settings.Format);
        using var classifier = ClassifierCheckpoint.Load(settings.Checkpoint);
        var folder = Path.GetDirectoryName(Path.GetFullPath(settings.Checkpoint))!;
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
}
