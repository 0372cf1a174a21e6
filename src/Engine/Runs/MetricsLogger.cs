using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;

namespace RLArena.Engine.Runs;

/// <summary>
/// Records scalars under CleanRL/SB3-style names (<c>charts/episodic_return</c>, <c>losses/value_loss</c>) to
/// <c>metrics.csv</c> (long format: step, wall time, metric, value) and to TensorBoard event files through
/// TorchSharp's own SummaryWriter. Keeps every value in memory too, for plots at the end. A resumed run passes the
/// checkpoint's step as <c>keepUpToStep</c>: rows and events the interrupted process logged after it are cut back
/// first, so no step appears twice and the curve never goes backwards.
/// </summary>
public sealed class MetricsLogger : IDisposable
{
    private readonly StreamWriter _csv;
    private readonly SummaryWriter? _tensorboard;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, List<(long Step, double Value)>> _series = new();

    /// <summary>Logs to the run's <c>metrics.csv</c> (appending when it exists) and, optionally, TensorBoard event files.</summary>
    /// <param name="run">The run folder.</param>
    /// <param name="tensorboard">Also write TensorBoard events.</param>
    /// <param name="startSeconds">Wall time already spent (a resumed run continues its clock).</param>
    /// <param name="keepUpToStep">On resume: cut rows and events logged after this step (after the checkpoint).</param>
    public MetricsLogger(RunDirectory run, bool tensorboard = true, double startSeconds = 0, long? keepUpToStep = null)
    {
        var csvPath = run.File(RunDirectory.MetricsFileName);
        var append = File.Exists(csvPath);
        if (keepUpToStep is { } limit)
        {
            if (append) RowsCut = CutCsvAfter(csvPath, limit);
            if (tensorboard) EventsCut = TensorBoardEvents.TrimAfter(run.Path, limit);
        }
        _csv = new StreamWriter(csvPath, append) { AutoFlush = false };
        if (!append || new FileInfo(csvPath).Length == 0) _csv.WriteLine("step,wall_time,metric,value");
        StartSeconds = startSeconds;
        if (tensorboard)
        {
            Devices.TorchRuntime.EnsureLoaded();
            _tensorboard = torch.utils.tensorboard.SummaryWriter(run.Path);
        }
    }

    /// <summary>Rows of metrics.csv removed on opening: logged after <c>keepUpToStep</c>, or torn by a crash.</summary>
    public int RowsCut { get; }

    /// <summary>TensorBoard events removed on opening: logged after <c>keepUpToStep</c>, or torn by a crash.</summary>
    public int EventsCut { get; }

    /// <summary>Seconds already spent before this logger started (a resumed run).</summary>
    public double StartSeconds { get; }

    /// <summary>Wall time of the run so far, resumed time included.</summary>
    public double ElapsedSeconds => StartSeconds + _clock.Elapsed.TotalSeconds;

    /// <summary>Every scalar logged by this process, by name, for plots.</summary>
    public IReadOnlyDictionary<string, List<(long Step, double Value)>> Series => _series;

    /// <summary>Logs one value of a metric (CleanRL names: <c>charts/...</c>, <c>losses/...</c>).</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="value">The value.</param>
    /// <param name="step">The environment step (or optimizer step) it belongs to.</param>
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

    /// <summary>Writes buffered CSV rows to disk.</summary>
    public void Flush() => _csv.Flush();

    /// <summary>Keeps the header and every whole row up to <paramref name="limit"/>; rewrites the file atomically.</summary>
    private static int CutCsvAfter(string path, long limit)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) return 0;
        bool endsWithNewline;
        using (var stream = File.OpenRead(path))
        {
            stream.Seek(-1, SeekOrigin.End);
            endsWithNewline = stream.ReadByte() == '\n';
        }
        // Without a final newline the last row was cut short mid-write (its value may look whole): drop it.
        var rows = lines.Skip(1).Take(lines.Length - 1 - (endsWithNewline ? 0 : 1));
        var kept = new List<string> { lines[0] };
        foreach (var line in rows)
        {
            var parts = line.Split(',');
            if (parts.Length == 4 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var step) && step <= limit
                && double.TryParse(parts[3], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                kept.Add(line);
        }
        var cut = lines.Length - kept.Count;
        if (cut == 0 && endsWithNewline) return 0;
        var temp = path + ".tmp";
        File.WriteAllLines(temp, kept);
        File.Move(temp, path, overwrite: true);
        return cut;
    }

    /// <summary>Flushes and closes the CSV and event files.</summary>
    public void Dispose()
    {
        _csv.Dispose();
    }
}
