using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using RLArena.Environments.Scenes;
using RLArena.Viewer.Rendering;
using RLArena.Viewer.Skia;

namespace RLArena.Viewer.Recording;

/// <summary>
/// Headless recording (<c>--record</c>): draws each frame off screen with SkiaSharp on the caller's thread, then
/// hands a copy of the pixels to writer threads that encode PNG files (two at once) or feed ffmpeg (in order), so the
/// caller pays for drawing and one copy while the encoder keeps up. A bounded queue keeps memory flat: when the
/// encoder is slower than the producer, the producer waits.
/// </summary>
public sealed class FrameRecorder : IDisposable
{
    private const int QueueCapacity = 16;

    private readonly SkiaFrameRenderer _renderer;
    private readonly IFrameWriter _writer;
    private readonly BlockingCollection<(byte[] Pixels, int Index)> _queue = new(QueueCapacity);
    private readonly ConcurrentBag<byte[]> _free = new();
    private readonly Thread[] _threads;
    private ExceptionDispatchInfo? _writerError;
    private bool _finished;

    private FrameRecorder(RecordingTarget target, int width, int height, double fps, IFrameWriter writer)
    {
        Target = target;
        Fps = fps;
        _renderer = new SkiaFrameRenderer(width, height);
        _writer = writer;
        _threads = Enumerable.Range(0, writer.Parallelism)
            .Select(i => new Thread(WriterLoop) { IsBackground = true, Name = $"rlarena-recorder-{i}" }).ToArray();
        foreach (var thread in _threads) thread.Start();
    }

    /// <summary>Starts a recording at <paramref name="path"/>: <c>*.gif</c>, <c>*.mp4</c> (need ffmpeg) or a folder of PNG frames.</summary>
    public static FrameRecorder Start(string path, int width = 600, int height = 400, double fps = 30)
    {
        var target = RecordingTarget.Parse(path);
        if (!(fps > 0 && fps <= 240)) throw new ArgumentOutOfRangeException(nameof(fps), $"frames per second must be in (0, 240], not {fps}.");
        IFrameWriter writer = target.Format == RecordingFormat.PngFrames
            ? new PngFrameWriter(target.Path, width, height)
            : new FfmpegVideoWriter(FfmpegLocator.Find(target.Format), target.Path, target.Format, width, height, fps);
        return new FrameRecorder(target, width, height, fps, writer);
    }

    public RecordingTarget Target { get; }
    public double Fps { get; }
    public int Width => _renderer.Width;
    public int Height => _renderer.Height;
    public int FrameCount { get; private set; }

    /// <summary>Draws <paramref name="scene"/> (with the panel when <paramref name="overlay"/> is given) and queues it.</summary>
    public void Add(Scene scene, OverlayState? overlay = null)
    {
        if (_finished) throw new InvalidOperationException("the recording is already finished.");
        _writerError?.Throw();
        _renderer.Render(scene, overlay);
        var pixels = _renderer.Pixels;
        if (!_free.TryTake(out var buffer)) buffer = new byte[pixels.Length];
        pixels.CopyTo(buffer);
        _queue.Add((buffer, FrameCount));
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
        try
        {
            foreach (var (pixels, index) in _queue.GetConsumingEnumerable())
            {
                _writer.Write(pixels, index);
                _free.Add(pixels);
            }
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _writerError, ExceptionDispatchInfo.Capture(e), null);
            // Keep draining so a producer blocked on a full queue wakes up and sees the error on its next frame.
            foreach (var _ in _queue.GetConsumingEnumerable()) { }
        }
    }

    public void Dispose()
    {
        if (!_finished)
        {
            _finished = true;
            _queue.CompleteAdding();
            foreach (var thread in _threads) thread.Join();
        }
        _writer.Dispose();
        _renderer.Dispose();
        _queue.Dispose();
    }
}
