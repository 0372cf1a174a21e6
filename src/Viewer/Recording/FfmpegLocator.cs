using RLArena.Core.Errors;

namespace RLArena.Viewer.Recording;

/// <summary>Finds the system's ffmpeg (and ffprobe): <c>RLARENA_FFMPEG</c> when set, else the PATH.</summary>
public static class FfmpegLocator
{
    /// <summary>The environment variable that names ffmpeg: RLARENA_FFMPEG.</summary>
    public const string EnvironmentVariable = "RLARENA_FFMPEG";

    /// <summary>The path of <paramref name="tool"/> (from RLARENA_FFMPEG when set, else the PATH), or null.</summary>
    /// <param name="tool">"ffmpeg" or "ffprobe".</param>
    public static string? TryFind(string tool = "ffmpeg")
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            if (tool == "ffmpeg") return File.Exists(configured) ? configured : null;
            var sibling = Path.Combine(Path.GetDirectoryName(configured) ?? "", tool);
            if (File.Exists(sibling)) return sibling;
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The path of ffmpeg; missing, a one-line error saying how to install it and that PNG frames need none.</summary>
    /// <param name="format">What is being recorded (for the message).</param>
    public static string Find(RecordingFormat format)
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        var found = TryFind();
        if (found is not null) return found;
        var where = string.IsNullOrEmpty(configured) ? "on the PATH" : $"at {EnvironmentVariable}={configured} or on the PATH";
        throw new UserFacingException(
            $"recording {format.ToString().ToUpperInvariant()} needs ffmpeg, which was not found {where}. " +
            $"Install it (Debian/Ubuntu: apt-get install ffmpeg), set {EnvironmentVariable}=/path/to/ffmpeg, or record PNG frames to a folder (--record frames/).");
    }
}
