using RLArena.Core.Errors;

namespace RLArena.Cli.Commands;

/// <summary>The formats <c>rlarena export</c> and <c>rlarena mnist export</c> write, checked in one place.</summary>
public static class ExportFormat
{
    /// <summary>ONNX, for ONNX Runtime, Unity ML-Agents (Sentis) and any ONNX tool.</summary>
    public const string Onnx = "onnx";

    /// <summary>A PyTorch state dict, as torch.save writes it (<see cref="Engine.Interop.StateDictFormat.PyTorch"/>).</summary>
    public const string Pt = "pt";

    /// <summary>Hugging Face's safetensors (<see cref="Engine.Interop.StateDictFormat.Safetensors"/>).</summary>
    public const string Safetensors = "safetensors";

    /// <summary>Every format, in the order help texts list them.</summary>
    public static IReadOnlyList<string> All { get; } = [Onnx, Pt, Safetensors];

    /// <summary>The format <paramref name="format"/> names (any case); missing or unknown is a one-line usage error listing the formats.</summary>
    /// <param name="format">The --format value.</param>
    /// <returns>The canonical format name.</returns>
    public static string Parse(string? format)
    {
        var list = string.Join(", ", All);
        if (string.IsNullOrWhiteSpace(format)) throw new UsageException($"--format is required: one of {list}.");
        var key = format.Trim().ToLowerInvariant();
        return All.Contains(key) ? key : throw new UsageException($"--format {format}: unknown format; expected one of {list}.");
    }

    /// <summary>The output file: <paramref name="out"/> (a folder gets <paramref name="defaultName"/> inside), else <paramref name="defaultName"/> in <paramref name="defaultFolder"/>.</summary>
    /// <param name="out">The --out value, or null.</param>
    /// <param name="defaultFolder">Where the file goes without --out.</param>
    /// <param name="defaultName">The file name used without --out or inside a folder.</param>
    /// <returns>The path to write.</returns>
    public static string OutputPath(string? @out, string defaultFolder, string defaultName)
    {
        if (string.IsNullOrWhiteSpace(@out)) return Path.Combine(defaultFolder, defaultName);
        if (Directory.Exists(@out) || @out.EndsWith('/') || @out.EndsWith(Path.DirectorySeparatorChar)) return Path.Combine(@out, defaultName);
        return @out;
    }
}
