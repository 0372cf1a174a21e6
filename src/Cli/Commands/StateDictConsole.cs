using System.Globalization;
using RLArena.Core.Errors;
using RLArena.Engine.Interop;

namespace RLArena.Cli.Commands;

/// <summary>Pieces shared by the commands that write PyTorch and safetensors files: --format, --out and the summary lines.</summary>
internal static class StateDictConsole
{
    /// <summary>The format --format names; missing or unknown is one usage line listing the formats.</summary>
    /// <param name="format">The --format value.</param>
    public static StateDictFormat Format(string? format)
    {
        if (string.IsNullOrWhiteSpace(format))
            throw new UsageException($"--format is required: one of {StateDictFormats.Choices}.");
        return StateDictFormats.Parse(format);
    }

    /// <summary>--out (a folder gets the default name inside), or the default name beside the checkpoint.</summary>
    /// <param name="output">The --out value (may be null).</param>
    /// <param name="checkpoint">The checkpoint file or run folder exported.</param>
    /// <param name="stem">The default file name without extension: "policy", "model".</param>
    /// <param name="format">The format written.</param>
    public static string OutPath(string? output, string checkpoint, string stem, StateDictFormat format)
    {
        var name = stem + StateDictFormats.Extension(format);
        if (!string.IsNullOrWhiteSpace(output))
        {
            return Directory.Exists(output) || output.EndsWith('/') || output.EndsWith(Path.DirectorySeparatorChar)
                ? Path.Combine(output, name)
                : output;
        }
        var folder = Directory.Exists(checkpoint) ? checkpoint : Path.GetDirectoryName(Path.GetFullPath(checkpoint))!;
        return Path.Combine(folder, name);
    }

    /// <summary>"wrote policy.pt (PyTorch state dict, 18.2 KB): 12 tensors" and one line per tensor.</summary>
    /// <param name="path">The file written.</param>
    /// <param name="format">Its format.</param>
    /// <param name="bytes">Its size.</param>
    /// <param name="tensors">Each tensor's name and shape.</param>
    public static void PrintWritten(string path, StateDictFormat format, long bytes, IReadOnlyList<(string Name, long[] Shape)> tensors)
    {
        var kind = format == StateDictFormat.PyTorch ? "PyTorch state dict" : "safetensors";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {path} ({kind}, {bytes / 1024.0:F1} KB): {tensors.Count} float32 tensors"));
        var width = tensors.Max(t => t.Name.Length);
        foreach (var (name, shape) in tensors) Console.WriteLine($"  {name.PadRight(width)}  {StateDict.FormatShape(shape)}");
    }

    /// <summary>The Python line that reads the file into <c>model</c>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="format">Its format.</param>
    public static string LoadLine(string path, StateDictFormat format) => format == StateDictFormat.PyTorch
        ? $"model.load_state_dict(torch.load(\"{path}\"))"
        : $"model.load_state_dict(safetensors.torch.load_file(\"{path}\"))";
}
