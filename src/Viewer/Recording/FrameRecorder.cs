using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using RLArena.Environments.Scenes;
using RLArena.Viewer.Rendering;
using RLArena.Viewer.Skia;

namespace RLArena.Viewer.Recording;

/// <summary>
/// Headless recording (<c>--record</c>): draws each frame off screen with SkiaSharp on the caller's thread into one
/// of a small pool of frame buffers and hands that buffer, without copying it, to writer threads that encode PNG
/// files (two at once) or feed ffmpeg (in order); the buffer returns to the pool once written. The caller pays for
/// drawing alone while the encoder keeps up; the pool bounds memory: when the encoder is slower, the caller waits.
/// </summary>
public sealed class FrameRecorder : IDisposable
{
    /// <summary>Frames in flight at most, and the memory they may take together.</summary>
    private const int MaxFramesInFlight = 16;
    private const long MaxBytesInFlight = 64L << 20;

    private readonly IFrameWriter _writer;
    private readonly int _poolSize;
    private readonly List<SkiaFrameRenderer> _renderers = new();
    private readonly BlockingCollection<SkiaFrameRenderer> _free = new();
    private readonly BlockingCollection<(SkiaFrameRenderer Frame, int Index)> _queue = new();
    private readonly Thread[] _threads;
    private ExceptionDispatchInfo? _writerError;
    private bool _finished;

    private FrameRecorder(RecordingTarget target, int width, int height, double fps, IFrameWriter writer)
    {
        Target = target;
        Fps = fps;
        Width = width;
        Height = height;
        _writer = writer;
        _poolSize = (int)Math.Clamp(MaxBytesInFlight / (4L * width * height), 2, MaxFramesInFlight);
        _threads = Enumerable.Range(0, writer.Parallelism)
            .Select(i => new Thread(WriterLoop) { IsBackground = true, Name = $"rlarena-recorder-{i}" }).ToArray();
        foreach (var thread in _threads) thread.Start();
    }

    /// <summary>The most frames a second a recording may have.</summary>
    public const double MaxFps = 240;

    /// <summary>Starts a recording at <paramref name="path"/>: <c>*.gif</c>, <c>*.mp4</c> (need ffmpeg) or a folder of PNG frames.</summary>
    /// <param name="path">The file (<c>.gif</c>, <c>.mp4</c>) or folder (PNG frames) to write.</param>
    /// <param name="width">The frame width in pixels.</param>
    /// <param name="height">The frame height in pixels.</param>
    /// <param name="fps">Frames per second of the clip (at most <see cref="MaxFps"/>).</param>

    public static FrameRecorder Start(string path, int width = 600, int height = 400, double fps = 30)
    {
        var target = RecordingTarget.Parse(path);
        if (!(fps > 0 && fps <= MaxFps)) throw new ArgumentOutOfRangeException(nameof(fps), $"frames per second must be in (0, {MaxFps}], not {fps}.");
        SkiaFrameRenderer.CheckSize(width, height);
        IFrameWriter writer = target.Format == RecordingFormat.PngFrames
            ? new PngFrameWriter(target.Path, width, height)
            : new FfmpegVideoWriter(FfmpegLocator.Find(target.Format), target.Path, target.Format, width, height, fps);
        return new FrameRecorder(target, width, height, fps, writer);
    }

    /// <summary>Where it writes and in which format.</summary>
    public RecordingTarget Target { get; }
    /// <summary>Frames per second of the clip.</summary>
    public double Fps { get; }
    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }
    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }
    /// <summary>Frames written so far.</summary>
    public int FrameCount { get; private set; }

    /// <summary>Draws <paramref name="scene"/> (with the panel when <paramref name="overlay"/> is given) and queues it.</summary>
    public void Add(Scene scene, OverlayState? overlay = null)
    {
        if (_finished) throw new InvalidOperationException("the recording is already finished.");
        _writerError?.Throw();
        if (!_free.TryTake(out var frame))
        {
            if (_renderers.Count < _poolSize)
            {
                frame = new SkiaFrameRenderer(Width, Height);
                _renderers.Add(frame);
            }
            else
            {
                frame = _free.Take();
                _writerError?.Throw();
            }
        }
        frame.Render(scene, overlay);
        _queue.Add((frame, FrameCount));
        FrameCount++;
    }

    /// <summary>Waits for the writer and completes the file; throws a user-facing error if the output failed.</summary>
    public void Finish()
    {
        if (_finished) return;
        _finished = true;
        _queue.CompleteAdding();
        foreach (var thread in _threads) thread.Join();
        _writerError?.Throw();
        _writer.Complete();
    }

    private void WriterLoop()
    {
        foreach (var (frame, index) in _queue.GetConsumingEnumerable())
        {
            try
            {
                // After a failure the remaining frames are only handed back, so a caller waiting for a buffer wakes up
                // and sees the error on its next frame.
                if (_writerError is null) _writer.Write(frame.Pixels, index);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _writerError, ExceptionDispatchInfo.Capture(e), null);
            }
            finally
            {
                _free.Add(frame);
            }
        }
    }

    /// <summary>Finishes the file (waits for the writer) and frees the buffers.</summary>
    public void Dispose()
    {
        if (!_finished)
        {
            _finished = true;
            _queue.CompleteAdding();
            foreach (var thread in _threads) thread.Join();
        }
        _writer.Dispose();
        foreach (var renderer in _renderers) renderer.Dispose();
        _queue.Dispose();
        _free.Dispose();
    }
}
