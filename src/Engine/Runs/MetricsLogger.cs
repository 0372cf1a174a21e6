using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;

namespace RLArena.Engine.Runs;

/// <summary>
/// Records scalars under CleanRL/SB3-style names (<c>charts/episodic_return</c>, <c>losses/value_loss</c>) to
/// <c>metrics.csv</c> (long format: step, wall time, metric, value) and to TensorBoard event files through
/// TorchSharp's own SummaryWriter. Keeps every value in memory too, for plots at the end.
/// </summary>
public sealed class MetricsLogger : IDisposable
{
    private readonly StreamWriter _csv;
    private readonly SummaryWriter? _tensorboard;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, List<(long Step, double Value)>> _series = new();

    public MetricsLogger(RunDirectory run, bool tensorboard = true, double startSeconds = 0)
    {
        var csvPath = run.File(RunDirectory.MetricsFileName);
        var append = File.Exists(csvPath);
        _csv = new StreamWriter(csvPath, append) { AutoFlush = false };
        if (!append) _csv.WriteLine("step,wall_time,metric,value");
        StartSeconds = startSeconds;
        if (tensorboard)
        {
            Devices.TorchRuntime.EnsureLoaded();
            _tensorboard = torch.utils.tensorboard.SummaryWriter(run.Path);
        }
    }

    /// <summary>Seconds already spent before this logger started (a resumed run).</summary>
    public double StartSeconds { get; }

    public double ElapsedSeconds => StartSeconds + _clock.Elapsed.TotalSeconds;

    public IReadOnlyDictionary<string, List<(long Step, double Value)>> Series => _series;

    public void Scalar(string name, double value, long step)
    {
        _csv.Write(step.ToString(CultureInfo.InvariantCulture));
        _csv.Write(',');
        _csv.Write(ElapsedSeconds.ToString("F3", CultureInfo.InvariantCulture));
        _csv.Write(',');
        _csv.Write(name);
        _csv.Write(',');
        _csv.WriteLine(value.ToString("R", CultureInfo.InvariantCulture));
        _tensorboard?.add_scalar(name, (float)value, (int)Math.Min(step, int.MaxValue));
        if (!_series.TryGetValue(name, out var list)) _series[name] = list = new List<(long, double)>();
        list.Add((step, value));
    }

    /// <summary>Writes a text entry to TensorBoard (CleanRL writes its hyperparameter table this way).</summary>
    public void Text(string tag, string text) => _tensorboard?.add_text(tag, text, 0);

    public void Flush() => _csv.Flush();

    public void Dispose()
    {
        _csv.Dispose();
    }
}
