namespace RLArena.Viewer.Recording;

/// <summary>
/// What the recorder sends down ffmpeg's pipe for one output format: the recorder's RGBA frames converted here into
/// what ffmpeg's encoder takes, so that ffmpeg only encodes and the pipe carries fewer bytes than RGBA.
/// </summary>
internal interface IPipeFrameFormat
{
    /// <summary>ffmpeg's options that describe the piped frames (before <c>-framerate</c> and <c>-i pipe:0</c>).</summary>
    IReadOnlyList<string> InputOptions { get; }

    /// <summary>Converts one RGBA frame (rows top to bottom); the result is valid until the next call.</summary>
    ReadOnlySpan<byte> Convert(ReadOnlySpan<byte> rgba);
}
