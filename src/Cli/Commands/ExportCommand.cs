using System.ComponentModel;
using RLArena.Agents.Export;
using RLArena.Core.Errors;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary>
/// <c>rlarena export --checkpoint RUN --format pt|safetensors [--out FILE]</c>: writes a trained agent's network as
/// a PyTorch state dict or a safetensors file (<see cref="PolicyWeights"/>), named as the modules in
/// docs/pytorch/rlarena_modules.py.
/// </summary>
public sealed class ExportCommand : Command<ExportCommand.Settings>
{
    /// <summary>The flags of <c>rlarena export</c>.</summary>
    public sealed class Settings : PluginSettings
    {
        /// <summary>The checkpoint or run folder to export.</summary>
        [CommandOption("--checkpoint <PATH>")]
        [Description("A checkpoint written by 'rlarena train' (or its run directory).")]
        public string? Checkpoint { get; init; }

        /// <summary>The file format.</summary>
        [CommandOption("--format <FORMAT>")]
        [Description("pt (a PyTorch state dict for torch.load) or safetensors.")]
        public string? Format { get; init; }

        /// <summary>The file to write.</summary>
        [CommandOption("--out <FILE>")]
        [Description("The file to write (default: policy.pt or policy.safetensors beside the checkpoint; a folder gets that name inside).")]
        public string? Out { get; init; }
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Checkpoint))
            throw new UsageException("--checkpoint is required: pass runs/<run>/checkpoint.ckpt (or the run directory).");
        var format = StateDictConsole.Format(settings.Format);
        settings.LoadPlugins();
        var output = StateDictConsole.OutPath(settings.Out, settings.Checkpoint, "policy", format);
        var file = PolicyWeights.Export(settings.Checkpoint, output, format);
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
