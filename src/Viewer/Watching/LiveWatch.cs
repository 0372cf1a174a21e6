using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using RLArena.Environments;
using RLArena.Environments.Scenes;
using RLArena.Viewer.Acting;
using RLArena.Viewer.Input;
using RLArena.Viewer.Raylib;
using RLArena.Viewer.Rendering;

namespace RLArena.Viewer.Watching;

/// <summary>
/// <c>train --watch</c>: a window that shows the latest policy acting in its own copy of the environment while
/// training runs. After each update the trainer calls <see cref="Update"/> with the current policy; it plays just
/// enough steps to cover the time until the next update (at the window's pace, capped) and queues their frames. A
/// thread of its own owns the raylib window and plays the queue at 30 frames per second (half the CPU of 60, which
/// matters where OpenGL is software, as under Xvfb), so the trainer never waits for drawing; closing the window (Esc)
/// leaves training running.
/// </summary>
public sealed class LiveWatch : IDisposable
{
    private const double MaxBufferedSeconds = 5;
    private const int MaxFramesPerUpdate = 600;

    private readonly EpisodeRunner _runner;
    private readonly string _title;
    private readonly ConcurrentQueue<(Scene Scene, OverlayState Overlay)> _frames = new();
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _opened = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private volatile bool _stop;
    private volatile bool _closed;
    private double _stepsPerSecond;
    private double _lastUpdateSeconds = -1;
    private double _updateInterval = 1;
    private ExceptionDispatchInfo? _openError;
    private readonly (Scene Scene, OverlayState Overlay) _firstFrame;

    private LiveWatch(RaylibApi api, IEnvironment environment, string title, int width, int height, int seed, int framesPerSecond)
    {
        _runner = new EpisodeRunner(environment, seed);
        _title = title;
        _stepsPerSecond = WatchPace.Of(environment);
        // Drawn until the first update arrives; made here because only the trainer's thread touches the runner after.
        _firstFrame = (environment.Describe(), _runner.Overlay(title, "probability", ["waiting for the first update"]));
        _thread = new Thread(() => WindowThread(api, width, height, framesPerSecond)) { IsBackground = true, Name = "rlarena-live-watch" };
    }

    /// <summary>Opens the window on its own thread; throws (on the caller) if it cannot be opened.</summary>
    public static LiveWatch Start(RaylibApi api, IEnvironment environment, string title, int width = 640, int height = 360, int seed = 1,
        int framesPerSecond = 30)
    {
        var watch = new LiveWatch(api, environment, title, width, height, seed, framesPerSecond);
        watch._thread.Start();
        watch._opened.Wait();
        if (watch._openError is { } error)
        {
            watch._thread.Join();
            error.Throw();
        }
        return watch;
    }

    /// <summary>True once the person closed the window; training goes on without it.</summary>
    public bool Closed => _closed;

    /// <summary>Time spent in <see cref="Update"/> (on the trainer's thread) so far.</summary>
    public TimeSpan TimeInUpdates { get; private set; }

    /// <summary>The window's frame statistics, once it has opened.</summary>
    public FrameStats? Stats { get; private set; }

    /// <summary>
    /// Called on the trainer's thread after an update, with the policy as it is now (used only during this call).
    /// <paramref name="status"/> is shown under the counters, e.g. "update 12, step 24,576".
    /// </summary>
    public void Update(IActor actor, string status)
    {
        if (_closed) return;
        var started = Stopwatch.GetTimestamp();
        var now = _clock.Elapsed.TotalSeconds;
        if (_lastUpdateSeconds >= 0) _updateInterval = 0.7 * _updateInterval + 0.3 * (now - _lastUpdateSeconds);
        _lastUpdateSeconds = now;

        // Enough frames to play until the next update is expected, never more than a few seconds ahead.
        var target = (int)Math.Ceiling(Math.Min(_updateInterval * 1.2, MaxBufferedSeconds) * Volatile.Read(ref _stepsPerSecond));
        var wanted = Math.Clamp(target - _frames.Count, 0, MaxFramesPerUpdate);
        string[] footer = [status];
        for (var i = 0; i < wanted; i++)
        {
            _runner.Advance(actor);
            _frames.Enqueue((_runner.Environment.Describe(), _runner.Overlay(_title, actor.ScoreLabel, footer)));
        }
        TimeInUpdates += Stopwatch.GetElapsedTime(started);
    }

    private void WindowThread(RaylibApi api, int width, int height, int framesPerSecond)
    {
        RaylibWindow window;
        try
        {
            window = RaylibWindow.Open(api, $"RLArena - {_title} (training)", width, height, framesPerSecond);
        }
        catch (Exception e)
        {
            _openError = ExceptionDispatchInfo.Capture(e);
            _opened.Set();
            return;
        }
        _opened.Set();
        using (window)
        {
            Stats = window.Stats;
            var shown = _firstFrame;
            var due = 0.0;
            var paused = false;
            while (!_stop && !window.CloseRequested)
            {
                window.BeginFrame();
                var keys = WatchControls.Read(window.Keyboard);
                if (keys.Quit) break;
                if (keys.TogglePause) paused = !paused;
                if (keys.SpeedChange != 0)
                    Volatile.Write(ref _stepsPerSecond, Math.Clamp(_stepsPerSecond * Math.Pow(2, keys.SpeedChange), 1, 2000));
                if (!paused)
                {
                    due += Math.Min(api.GetFrameTime(), 0.1) * _stepsPerSecond;
                    while (due >= 1 && _frames.TryDequeue(out var next))
                    {
                        shown = next;
                        due -= 1;
                    }
                    if (_frames.IsEmpty) due = Math.Min(due, 1);
                }
                var overlay = paused ? shown.Overlay with { Footer = [.. shown.Overlay.Footer, "paused"] } : shown.Overlay;
                window.Draw(shown.Scene, overlay);
            }
        }
        _closed = true;
        _frames.Clear();
    }

    /// <summary>One line: the time spent on the trainer's thread and the window's frame statistics.</summary>
    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"live view: {TimeInUpdates.TotalSeconds:0.00} s spent on the trainer's thread; {Stats?.Summary() ?? "no window"}");

    /// <summary>Closes the window and waits for its thread.</summary>
    public void Dispose()
    {
        _stop = true;
        _thread.Join();
        _opened.Dispose();
    }
}
