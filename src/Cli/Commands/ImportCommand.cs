using System.ComponentModel;
using RLArena.Agents.Export;
using RLArena.Core.Errors;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary>
/// <c>rlarena import --checkpoint RUN --weights policy.pt --out imported.ckpt</c>: a new checkpoint with the
/// template's environment and settings and the weights of a PyTorch or safetensors state dict (<see cref="PolicyWeights"/>).
/// </summary>
public sealed class ImportCommand : Command<ImportCommand.Settings>
{
    /// <summary>The flags of <c>rlarena import</c>.</summary>
    public sealed class Settings : PluginSettings
    {
        /// <summary>The template checkpoint or run folder.</summary>
        [CommandOption("--checkpoint <PATH>")]
        [Description("A checkpoint (or run directory) of the same algorithm, environment and network sizes: the template.")]
        public string? Checkpoint { get; init; }

        /// <summary>The state dict to import.</summary>
        [CommandOption("--weights <FILE>")]
        [Description("A PyTorch state dict (.pt, from torch.save(model.state_dict(), ...)) or a .safetensors file.")]
        public string? Weights { get; init; }

        /// <summary>The checkpoint to write.</summary>
        [CommandOption("--out <FILE>")]
        [Description("The new checkpoint to write (use it with rlarena eval, watch).")]
        public string? Out { get; init; }
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Checkpoint))
            throw new UsageException("--checkpoint is required: the checkpoint (or run directory) whose environment and network the weights are for.");
        if (string.IsNullOrWhiteSpace(settings.Weights))
            throw new UsageException("--weights is required: a .pt file from torch.save(model.state_dict(), path) or a .safetensors file.");
        if (string.IsNullOrWhiteSpace(settings.Out))
            throw new UsageException("--out is required: the new checkpoint to write, e.g. --out imported.ckpt.");
        settings.LoadPlugins();
        var file = PolicyWeights.Import(settings.Checkpoint, settings.Weights, settings.Out);
        Console.WriteLine($"Wrote {file.Path}: {file.Algorithm.ToUpperInvariant()} on {file.EnvironmentId} ({file.Architecture}) " +
                          $"with the {file.Tensors.Count} tensors of {settings.Weights}.");
        Console.WriteLine($"Try it: rlarena eval --checkpoint {file.Path} --deterministic");
        return 0;
    }
}
