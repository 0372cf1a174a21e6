using System.Globalization;
using RLArena.Engine.Interop;

namespace RLArena.Cli.Commands;

/// <summary>What the commands that write PyTorch and safetensors files print: the tensors written and the line that loads them.</summary>
internal static class StateDictConsole
{
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
