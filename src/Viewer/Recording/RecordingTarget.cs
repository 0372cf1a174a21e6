using RLArena.Core.Errors;

namespace RLArena.Viewer.Recording;

/// <summary>What <c>--record</c> writes.</summary>
public enum RecordingFormat
{
    /// <summary>A folder of numbered PNG files (needs nothing but SkiaSharp).</summary>
    PngFrames,
    /// <summary>An animated GIF (needs ffmpeg).</summary>
    Gif,
    /// <summary>An H.264 MP4 (needs ffmpeg).</summary>
    Mp4,
}

/// <summary>Where <c>--record</c> writes, decided from the path: <c>*.gif</c>, <c>*.mp4</c>, or a folder for PNG frames.</summary>
public sealed record RecordingTarget(string Path, RecordingFormat Format)
{
    /// <summary>The target of <paramref name="path"/>: *.gif, *.mp4, or a folder for PNG frames; another extension is a one-line error.</summary>
    /// <param name="path">What --record was given.</param>
    public static RecordingTarget Parse(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new UsageException("--record needs a path: out.gif, out.mp4 or frames/.");
        var extension = System.IO.Path.GetExtension(path.TrimEnd('/', '\\')).ToLowerInvariant();
        if (path.EndsWith('/') || path.EndsWith('\\') || Directory.Exists(path) || extension == "")
            return new RecordingTarget(path, RecordingFormat.PngFrames);
        return extension switch
        {
            ".gif" => new RecordingTarget(path, RecordingFormat.Gif),
            ".mp4" => new RecordingTarget(path, RecordingFormat.Mp4),
            _ => throw new UsageException(
                $"--record {path}: unknown format '{extension}'; use a .gif or .mp4 file, or a folder (frames/) for PNG frames."),
        };
    }
}
