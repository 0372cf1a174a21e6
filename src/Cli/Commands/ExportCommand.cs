using System.ComponentModel;
using RLArena.Agents;
using RLArena.Agents.Export;
using RLArena.Agents.Training;
using RLArena.Core.Errors;
using RLArena.Engine.Interop;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary>
/// <c>rlarena export</c>: writes a trained agent in a format other programs read, and says what it wrote: ONNX
/// (<see cref="PolicyOnnxExporter"/>), or a PyTorch state dict or safetensors file named as the modules in
/// docs/pytorch/rlarena_modules.py (<see cref="PolicyWeights"/>).
/// </summary>
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
        [Description("onnx: ONNX (opset 15) with Unity ML-Agents' input and output names, for ONNX Runtime, Unity Sentis and other ONNX tools. " +
                     "pt: a PyTorch state dict (torch.load). safetensors: the same tensors as safetensors.")]
        public string? Format { get; init; }

        /// <summary>The file to write.</summary>
        [CommandOption("--out <FILE>")]
        [Description("The file to write (default: policy.onnx, policy.pt or policy.safetensors in the run directory; a folder gets that name inside).")]
        public string? Out { get; init; }
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Checkpoint))
            throw new UsageException("--checkpoint is required: pass runs/<run>/checkpoint.ckpt (or the run directory).");
        var format = ExportFormat.Parse(settings.Format);
        settings.LoadPlugins();
        if (StateDictFormats.TryParse(format) is { } stateDict) return ExportStateDict(settings, stateDict);

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
        if (policy.Config.NormalizeObservation)
            Console.WriteLine("The run used normalize_observation: its statistics are built into the graph, so obs_0 takes raw observations.");
        Console.WriteLine($"Run it here: rlarena eval --policy {path} --deterministic");
        return 0;
    }

    /// <summary>--format pt or safetensors: the tensors, the PyTorch module to load them into and the line that does it.</summary>
    private static int ExportStateDict(Settings settings, StateDictFormat format)
    {
        var checkpoint = settings.Checkpoint!;
        var folder = Directory.Exists(checkpoint) ? checkpoint : Path.GetDirectoryName(Path.GetFullPath(checkpoint))!;
        var output = ExportFormat.OutputPath(settings.Out, folder, "policy" + StateDictFormats.Extension(format));
        var file = PolicyWeights.Export(checkpoint, output, format);
        StateDictConsole.PrintWritten(file.Path, file.Format, file.Bytes, file.Tensors);
        Console.WriteLine($"{file.Algorithm.ToUpperInvariant()} on {file.EnvironmentId} ({file.Architecture}).");
        var modules = PyTorchModules.WriteBeside(file.Path);
        Console.WriteLine(modules is null
            ? $"Load it in PyTorch with the {PyTorchModules.FileName} beside it (from docs/pytorch/ in the repository):"
            : $"Wrote {modules}, the PyTorch modules; load the weights with it:");
        Console.WriteLine($"  from rlarena_modules import {file.PyTorchModule[..file.PyTorchModule.IndexOf('(')]}");
        Console.WriteLine($"  model = {file.PyTorchModule}");
        Console.WriteLine($"  {StateDictConsole.LoadLine(file.Path, file.Format)}");
        return 0;
    }
}
