using System.Diagnostics;
using System.Globalization;
using System.Text;
using RLArena.Core.Errors;
using RLArena.Viewer.Rendering;

namespace RLArena.Viewer.Recording;

/// <summary>
/// Streams frames into the system's ffmpeg, converted here to what its encoder takes so that ffmpeg only encodes:
/// GIF from palette indices (<see cref="GifPipeFormat"/>: one palette for the clip, so each GIF image stores only
/// the rectangle that changed), MP4 as H.264 from YUV 4:2:0 (<see cref="Yuv420Converter"/>; ultrafast preset tuned
/// for animation, plays everywhere).
/// </summary>
internal sealed class FfmpegVideoWriter : IFrameWriter
{
    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly StringBuilder _stderr = new();
    private readonly string _path;
    private readonly IPipeFrameFormat _frames;
    private bool _completed;

    public FfmpegVideoWriter(string ffmpeg, string path, RecordingFormat format, int width, int height, double fps)
    {
        _path = path;
        _frames = PipeFormatFor(format, width, height);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        try
        {
            if (directory is not null) Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot create the folder for '{path}': {e.Message}");
        }
        var info = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in Arguments(path, format, _frames, fps)) info.ArgumentList.Add(arg);
        try
        {
            _process = Process.Start(info) ?? throw new UserFacingException($"could not start ffmpeg at '{ffmpeg}'.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new UserFacingException($"could not start ffmpeg at '{ffmpeg}': {e.Message}. Set {FfmpegLocator.EnvironmentVariable} or record PNG frames (--record frames/).");
        }
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        _stdin = _process.StandardInput.BaseStream;
        PipeBuffer.TryEnlarge(_stdin, 1 << 20);
    }

    public static IPipeFrameFormat PipeFormatFor(RecordingFormat format, int width, int height) => format switch
    {
        RecordingFormat.Gif => new GifPipeFormat(width, height, Palette.All),
        RecordingFormat.Mp4 => new Yuv420Converter(width, height),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "ffmpeg writes GIF and MP4 only."),
    };

    public static IEnumerable<string> Arguments(string path, RecordingFormat format, IPipeFrameFormat frames, double fps)
    {
        var rate = fps.ToString(CultureInfo.InvariantCulture);
        string[] input = ["-hide_banner", "-loglevel", "error", "-y", .. frames.InputOptions, "-framerate", rate, "-i", "pipe:0"];
        string[] output = format switch
        {
            RecordingFormat.Gif => ["-loop", "0", "-f", "gif", path],
            RecordingFormat.Mp4 => ["-c:v", "libx264", "-preset", "ultrafast", "-tune", "animation", "-crf", "23",
                "-colorspace", "smpte170m", "-color_range", "tv", "-movflags", "+faststart", "-f", "mp4", path],
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "ffmpeg writes GIF and MP4 only."),
        };
        return input.Concat(output);
    }

    /// <summary>One pipe, frames in order.</summary>
    public int Parallelism => 1;

    public void Write(ReadOnlySpan<byte> rgba, int frameIndex)
    {
        try
        {
            _stdin.Write(_frames.Convert(rgba));
        }
        catch (IOException)
        {
            _process.WaitForExit(5000);
            throw Failure();
        }
    }

    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        try { _stdin.Close(); } catch (IOException) { }
        if (!_process.WaitForExit(120_000))
        {
            _process.Kill();
            throw new UserFacingException($"ffmpeg took more than two minutes to finish '{_path}' and was stopped.");
        }
        _process.WaitForExit();
        if (_process.ExitCode != 0) throw Failure();
    }

    private UserFacingException Failure()
    {
        string tail;
        lock (_stderr) tail = string.Join(" | ", _stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
        var code = _process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "?";
        return new UserFacingException($"ffmpeg could not write '{_path}' (exit {code}): {tail}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try { _stdin.Close(); } catch (IOException) { }
            if (!_process.WaitForExit(10_000)) _process.Kill();
        }
        _process.Dispose();
    }
}
