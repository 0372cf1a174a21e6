using System.Diagnostics;
using System.Globalization;
using System.Text;
using RLArena.Engine.Errors;

namespace RLArena.Viewer.Recording;

/// <summary>
/// Streams raw RGBA frames into the system's ffmpeg: GIF through palettegen/paletteuse (one palette computed from
/// the whole clip, no dithering: scenes are flat colours, which stay exact; only the changed rectangle of each frame
/// is remapped), MP4 as H.264 (ultrafast preset tuned for animation, yuv420p, plays everywhere).
/// </summary>
internal sealed class FfmpegVideoWriter : IFrameWriter
{
    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly StringBuilder _stderr = new();
    private readonly string _path;
    private bool _completed;

    public FfmpegVideoWriter(string ffmpeg, string path, RecordingFormat format, int width, int height, double fps)
    {
        _path = path;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        var info = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in Arguments(path, format, width, height, fps)) info.ArgumentList.Add(arg);
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
    }

    public static IEnumerable<string> Arguments(string path, RecordingFormat format, int width, int height, double fps)
    {
        var rate = fps.ToString(CultureInfo.InvariantCulture);
        string[] input = ["-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgba",
            "-s", $"{width}x{height}", "-framerate", rate, "-i", "pipe:0"];
        string[] output = format switch
        {
            RecordingFormat.Gif => ["-filter_complex",
                "[0:v]split[a][b];[a]palettegen=max_colors=128:stats_mode=full[p];[b][p]paletteuse=dither=none:diff_mode=rectangle",
                "-loop", "0", "-f", "gif", path],
            RecordingFormat.Mp4 => ["-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "animation",
                "-crf", "23", "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4", path],
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "ffmpeg writes GIF and MP4 only."),
        };
        return input.Concat(output);
    }

    /// <summary>One pipe, frames in order.</summary>
    public int Parallelism => 1;

    public void Write(byte[] rgba, int frameIndex)
    {
        try
        {
            _stdin.Write(rgba);
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
