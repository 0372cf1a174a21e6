using System.Diagnostics;
using System.Globalization;

namespace RLArena.Viewer.Raylib;

/// <summary>Frame intervals of a window (end of one frame to the end of the next) and raylib's own FPS figure.</summary>
public sealed class FrameStats
{
    private readonly List<double> _intervals = new();
    private readonly List<double> _work = new();
    private long _lastEnd;

    /// <summary>Frames measured.</summary>
    public int Frames => _intervals.Count;
    /// <summary>raylib's own FPS figure at the last frame.</summary>
    public int LastRaylibFps { get; private set; }
    /// <summary>The frame intervals in milliseconds.</summary>
    public IReadOnlyList<double> IntervalsMs => _intervals;

    internal void FrameEnded(long workTicks, int raylibFps)
    {
        var now = Stopwatch.GetTimestamp();
        if (_lastEnd != 0)
        {
            _intervals.Add(Stopwatch.GetElapsedTime(_lastEnd, now).TotalMilliseconds);
            _work.Add(Stopwatch.GetElapsedTime(0, workTicks).TotalMilliseconds);
        }
        _lastEnd = now;
        LastRaylibFps = raylibFps;
    }

    /// <summary>Forgets the frames so far (the first frames after opening a window are slow).</summary>
    public void Restart()
    {
        _intervals.Clear();
        _work.Clear();
    }

    /// <summary>Frames per second from the mean interval.</summary>
    public double MeanFps => _intervals.Count == 0 ? 0 : 1000.0 / _intervals.Average();

    /// <summary>One line: frames, mean FPS, median and p99 interval.</summary>
    public string Summary()
    {
        if (_intervals.Count == 0) return "no frames";
        var sorted = _intervals.Order().ToArray();
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        var seconds = _intervals.Sum() / 1000;
        return string.Create(CultureInfo.InvariantCulture,
            $"{_intervals.Count} frames in {seconds:0.00} s: {MeanFps:0.0} FPS (raylib GetFPS {LastRaylibFps}); " +
            $"frame interval median {P(0.5):0.00} ms, p99 {P(0.99):0.00} ms, max {sorted[^1]:0.00} ms; " +
            $"work before EndDrawing mean {_work.Average():0.00} ms, max {_work.Max():0.00} ms; " +
            $"frames over 20 ms: {_intervals.Count(i => i > 20)}");
    }
}
