using System.Globalization;
using RLArena.Core.Errors;

namespace RLArena.Cli.Viewing;

/// <summary>Parses <c>--size 600x400</c>.</summary>
internal static class FrameSize
{
    public static (int Width, int Height) Parse(string? text, (int, int) fallback, string option = "--size")
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        var parts = text.ToLowerInvariant().Split('x');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var w)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            && w is >= 160 and <= 7680 && h is >= 120 and <= 4320)
            return (w, h);
        throw new UsageException($"{option} {text}: expected WIDTHxHEIGHT in pixels, e.g. 600x400 (160x120 to 7680x4320).");
    }
}
