using System.ComponentModel;
using RLArena.Agents;
using RLArena.Agents.Export;
using RLArena.Agents.Training;
using RLArena.Core.Errors;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary><c>rlarena export</c>: writes a trained agent in a format other programs read (ONNX), and says what it wrote.</summary>
public sealed class ExportCommand : Command<ExportCommand.Settings>
{
    /// <summary>The options of <c>rlarena export</c>.</summary>
    public sealed class Settings : PluginSettings
    {
        /// <summary>The checkpoint or run folder.</summary>
        [CommandOption("--checkpoint <PATH>")]
        [Description("A checkpoint written by 'rlarena train' (or its run directory).")]
        public string? Checkpoint { get; init; }

        /// <summary>The format to write.</summary>
        [CommandOption("--format <FORMAT>")]
        [Description("onnx: ONNX (opset 15) with Unity ML-Agents' input and output names, for ONNX Runtime, Unity Sentis and other ONNX tools.")]
        public string? Format { get; init; }

        /// <summary>The file to write.</summary>
        [CommandOption("--out <FILE>")]
        [Description("The file to write (default: policy.onnx in the run directory; a folder gets policy.onnx inside).")]
        public string? Out { get; init; }
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Checkpoint))
            throw new UsageException("--checkpoint is required: pass runs/<run>/checkpoint.ckpt (or the run directory).");
        var format = ExportFormat.Parse(settings.Format);
        settings.LoadPlugins();
        using var policy = TrainedPolicy.Load(settings.Checkpoint);
        var runFolder = Path.GetDirectoryName(Path.GetFullPath(policy.CheckpointPath))!;
        var path = ExportFormat.OutputPath(settings.Out, runFolder, "policy." + format);
        var lines = format switch
        {
            ExportFormat.Onnx => PolicyOnnxExporter.Export(policy, path).Lines(),
            _ => throw new InvalidOperationException($"export format '{format}' is validated but has no exporter."),
        };
        Console.WriteLine($"{policy.Algorithm.ToUpperInvariant()} on {policy.EnvironmentId} ({policy.Architecture}), trained {policy.Step:N0} steps");
        foreach (var line in lines) Console.WriteLine(line);
        Console.WriteLine($"Run it here: rlarena eval --policy {path} --deterministic");
        return 0;
    }
}
