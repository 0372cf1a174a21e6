using RLArena.Core.Errors;

namespace RLArena.Engine.Interop;

/// <summary>The two files PyTorch users share weights in.</summary>
public enum StateDictFormat
{
    /// <summary>A PyTorch <c>state_dict</c> as <c>torch.save</c> writes it (a zip archive holding a pickle): <c>.pt</c>.</summary>
    PyTorch,

    /// <summary>Hugging Face's safetensors: a JSON header, then the raw little-endian tensor bytes: <c>.safetensors</c>.</summary>
    Safetensors,
}

/// <summary>Names, file extensions and detection of <see cref="StateDictFormat"/>.</summary>
public static class StateDictFormats
{
    /// <summary>What <c>--format</c> takes for these formats.</summary>
    public const string Choices = "pt, safetensors";

    /// <summary>Reads a <c>--format</c> value: <c>pt</c> (or <c>pth</c>) or <c>safetensors</c>; anything else is a usage error.</summary>
    /// <param name="name">The value the user gave.</param>
    public static StateDictFormat Parse(string? name) =>
        TryParse(name) ?? throw new UsageException($"--format '{name}' is not a known format; expected one of {Choices}.");

    /// <summary>The format <paramref name="name"/> names, or null when it names none of them.</summary>
    /// <param name="name">The value the user gave (case does not matter).</param>
    public static StateDictFormat? TryParse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "pt" or "pth" or "pytorch" => StateDictFormat.PyTorch,
        "safetensors" => StateDictFormat.Safetensors,
        _ => null,
    };

    /// <summary>The usual file extension, with its dot: ".pt" or ".safetensors".</summary>
    /// <param name="format">The format.</param>
    public static string Extension(StateDictFormat format) => format == StateDictFormat.PyTorch ? ".pt" : ".safetensors";

    /// <summary>The name <c>--format</c> takes for <paramref name="format"/>: "pt" or "safetensors".</summary>
    /// <param name="format">The format.</param>
    public static string Name(StateDictFormat format) => format == StateDictFormat.PyTorch ? "pt" : "safetensors";

    /// <summary>
    /// The format of the file at <paramref name="path"/>, told from its first bytes (a zip archive: PyTorch; an 8-byte
    /// length followed by '{': safetensors), or null when it is neither (an RLArena checkpoint, say).
    /// </summary>
    /// <param name="path">An existing file.</param>
    public static StateDictFormat? Detect(string path)
    {
        Span<byte> head = stackalloc byte[9];
        int read;
        using (var stream = File.OpenRead(path)) read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4) return StateDictFormat.PyTorch;
        if (read == 9 && head[8] == (byte)'{') return StateDictFormat.Safetensors;
        return null;
    }
}
