using System.Diagnostics;
using RLArena.Agents.Dqn;
using RLArena.Agents.Ppo;
using RLArena.Engine.Checkpoints;
using RLArena.Engine.Config;
using RLArena.Core.Errors;
using RLArena.Engine.Plots;
using RLArena.Engine.Runs;
using TorchSharp;

namespace RLArena.Agents.Training;

/// <summary>What a finished (or interrupted) run left behind.</summary>
public sealed record TrainingResult(
    string RunDirectory,
    string CheckpointPath,
    long Steps,
    int Updates,
    bool Interrupted,
    double WallSeconds,
    double StepsPerSecond,
    double? MeanReturn,
    int Episodes);

/// <summary>
/// Runs a trainer to its step budget inside a run directory: writes the effective config, logs every finished
/// episode and every update's values (metrics.csv + TensorBoard, CleanRL names), calls the callback after each
/// update, checkpoints every <c>checkpoint_every</c> steps, at the end and when cancelled (Ctrl+C: the current update
/// finishes first), and saves a return-curve PNG. <see cref="Resume"/> continues a run from its checkpoint.
/// </summary>
public sealed class TrainingRun
{
    public const string CheckpointFileName = "checkpoint.ckpt";
    public const string ReturnPlotFileName = "returns.png";

    private readonly IAgentTrainer _trainer;
    private readonly RunDirectory _run;
    private readonly double _startSeconds;
    private readonly Queue<(double Return, double Length, bool? Success)> _recent = new();

    private TrainingRun(IAgentTrainer trainer, RunDirectory run, double startSeconds)
    {
        _trainer = trainer;
        _run = run;
        _startSeconds = startSeconds;
    }

    public IAgentTrainer Trainer => _trainer;
    public string Directory => _run.Path;
    public string CheckpointPath => _run.File(CheckpointFileName);

    /// <summary>Makes the trainer for <paramref name="config"/> (a <see cref="PpoConfig"/> or <see cref="DqnConfig"/>).</summary>
    public static IAgentTrainer CreateTrainer(object config, torch.Device device)
    {
        int threads = config switch { PpoConfig p => p.TorchThreads, DqnConfig d => d.TorchThreads, _ => 0 };
        Engine.Devices.DeviceSelector.SetThreads(threads);
        return config switch
        {
            PpoConfig ppo => new PpoTrainer(ppo, device),
            DqnConfig dqn => new DqnTrainer(dqn, device),
            _ => throw new ArgumentException($"no trainer for {config.GetType().Name}"),
        };
    }

    /// <summary>A new run under <paramref name="runsRoot"/>: runs/&lt;env&gt;__&lt;algo&gt;__&lt;seed&gt;__&lt;time&gt;/.</summary>
    public static TrainingRun Start(object config, torch.Device device, string runsRoot)
    {
        var trainer = CreateTrainer(config, device);
        var envName = trainer.EnvironmentId.Split(':')[0];
        var run = RunDirectory.Create(runsRoot, $"{envName}__{trainer.Algorithm}", trainer.Seed);
        var settings = ConfigBinder.Describe(config);
        settings.Insert(0, new("algo", trainer.Algorithm));
        run.WriteConfig(settings);
        return new TrainingRun(trainer, run, 0);
    }

    /// <summary>
    /// Continues the run in <paramref name="runDirectory"/> from its checkpoint: same settings (from the checkpoint),
    /// weights, optimizer, counters, random state, environments (and DQN's replay buffer and target network).
    /// <paramref name="totalSteps"/> may raise the step budget.
    /// </summary>
    public static TrainingRun Resume(string runDirectory, torch.Device device, long? totalSteps)
    {
        var run = RunDirectory.Open(runDirectory);
        var path = run.File(CheckpointFileName);
        if (!File.Exists(path))
            throw new UserFacingException($"--resume {runDirectory}: there is no {CheckpointFileName} in it; pass a run directory written by 'rlarena train'.");
        var checkpoint = Checkpoint.Read(path);
        if (totalSteps < checkpoint.Metadata.Step)
            throw new UsageException($"--steps {totalSteps}: the checkpoint is already at step {checkpoint.Metadata.Step:N0}; give more steps, or none to keep the run's budget.");
        var config = ConfigFromCheckpoint(checkpoint);
        if (totalSteps is { } steps)
        {
            switch (config)
            {
                case PpoConfig p: p.TotalTimesteps = steps; break;
                case DqnConfig d: d.TotalTimesteps = steps; break;
            }
        }
        var trainer = CreateTrainer(config, device);
        var elapsed = trainer.Restore(checkpoint);
        if (totalSteps is not null)
        {
            var settings = ConfigBinder.Describe(config);
            settings.Insert(0, new("algo", trainer.Algorithm));
            run.WriteConfig(settings);
        }
        return new TrainingRun(trainer, run, elapsed);
    }

    /// <summary>The config object a checkpoint was trained with (its algorithm's settings, bound strictly).</summary>
    public static object ConfigFromCheckpoint(Checkpoint checkpoint)
    {
        object config = checkpoint.Metadata.Algorithm switch
        {
            "ppo" => new PpoConfig(),
            "dqn" => new DqnConfig(),
            _ => throw new UserFacingException(
                $"'{checkpoint.Path}' is not an agent checkpoint this RLArena can use (it names {Describe(checkpoint.Metadata)}; only ppo and dqn are known); pass a checkpoint written by 'rlarena train'."),
        };
        ConfigBinder.Apply(config, checkpoint.Metadata.Config, $"checkpoint '{checkpoint.Path}'");
        return config;
    }

    private static string Describe(CheckpointMetadata m) =>
        (string.IsNullOrEmpty(m.Algorithm) ? "no algorithm" : $"algorithm '{m.Algorithm}'") + (string.IsNullOrEmpty(m.Kind) ? "" : $", model kind '{m.Kind}'");

    /// <summary>Trains until the budget is spent or <paramref name="cancellation"/> fires; always saves a checkpoint.</summary>
    public TrainingResult Run(ITrainingCallback? callback, CancellationToken cancellation)
    {
        using var metrics = new MetricsLogger(_run, tensorboard: true, startSeconds: _startSeconds, keepUpToStep: _trainer.GlobalStep);
        if (_trainer.Updates == 0)
            metrics.Text("hyperparameters", string.Join("\n", ConfigBinder.Describe(_trainer.Config).Select(kv => $"|{kv.Key}|{kv.Value}|")));
        var clock = Stopwatch.StartNew();
        var startStep = _trainer.GlobalStep;
        var nextCheckpoint = NextMultiple(_trainer.GlobalStep, _trainer.CheckpointEvery);
        var episodes = 0;
        var interrupted = false;

        while (!_trainer.Finished)
        {
            if (cancellation.IsCancellationRequested) { interrupted = true; break; }
            var report = _trainer.RunUpdate();
            foreach (var (_, episode) in report.Episodes)
            {
                _recent.Enqueue((episode.Return, episode.Length, episode.Success));
                if (_recent.Count > 100) _recent.Dequeue();
                episodes++;
            }
            if (report.Episodes.Count > 0)
            {
                // One point per update: the mean of the episodes that ended in it (TensorBoard's writer opens its file
                // for every scalar, and GridWorld ends tens of thousands of short episodes).
                metrics.Scalar("charts/episodic_return", report.Episodes.Average(e => e.Episode.Return), _trainer.GlobalStep);
                metrics.Scalar("charts/episodic_length", report.Episodes.Average(e => e.Episode.Length), _trainer.GlobalStep);
                var withSuccess = report.Episodes.Where(e => e.Episode.Success is not null).ToList();
                if (withSuccess.Count > 0)
                    metrics.Scalar("charts/success_rate", withSuccess.Count(e => e.Episode.Success == true) / (double)withSuccess.Count, _trainer.GlobalStep);
            }
            var sps = (_trainer.GlobalStep - startStep) / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
            foreach (var (name, value) in report.Scalars) metrics.Scalar(name, value, _trainer.GlobalStep);
            metrics.Scalar("charts/SPS", sps, _trainer.GlobalStep);
            metrics.Scalar("perf/rss_mb", Environment.WorkingSet / 1048576.0, _trainer.GlobalStep);

            callback?.OnUpdate(new TrainingProgress(_trainer.Algorithm, _trainer.EnvironmentId, _trainer.GlobalStep,
                _trainer.TotalSteps, _trainer.Updates, sps, metrics.ElapsedSeconds, MeanReturn, MeanLength, SuccessRate,
                report.Scalars, _trainer.Policy));

            if (nextCheckpoint > 0 && _trainer.GlobalStep >= nextCheckpoint)
            {
                _trainer.SaveCheckpoint(CheckpointPath, metrics.ElapsedSeconds);
                metrics.Flush();
                nextCheckpoint = NextMultiple(_trainer.GlobalStep, _trainer.CheckpointEvery);
            }
        }
        var wall = clock.Elapsed.TotalSeconds;
        _trainer.SaveCheckpoint(CheckpointPath, metrics.ElapsedSeconds);
        metrics.Flush();
        SavePlot(metrics);
        _run.ReleaseLock();
        return new TrainingResult(_run.Path, CheckpointPath, _trainer.GlobalStep, _trainer.Updates, interrupted, wall,
            (_trainer.GlobalStep - startStep) / Math.Max(1e-9, wall), MeanReturn, episodes);
    }

    public double? MeanReturn => _recent.Count == 0 ? null : _recent.Average(e => e.Return);
    public double? MeanLength => _recent.Count == 0 ? null : _recent.Average(e => e.Length);

    public double? SuccessRate
    {
        get
        {
            var defined = _recent.Where(e => e.Success is not null).ToList();
            return defined.Count == 0 ? null : defined.Count(e => e.Success == true) / (double)defined.Count;
        }
    }

    private void SavePlot(MetricsLogger metrics)
    {
        // The whole curve: earlier sessions of a resumed run are in metrics.csv.
        var points = ReadSeries(_run.File(RunDirectory.MetricsFileName), "charts/episodic_return");
        if (points.Count == 0) return;
        var smoothed = new List<double>(points.Count);
        var window = new Queue<double>();
        double sum = 0;
        foreach (var (_, value) in points)
        {
            window.Enqueue(value);
            sum += value;
            if (window.Count > 10) sum -= window.Dequeue();
            smoothed.Add(sum / window.Count);
        }
        var x = points.Select(p => (double)p.Step).ToList();
        try
        {
            CurvePlot.Save(_run.File(ReturnPlotFileName), $"{_trainer.Algorithm.ToUpperInvariant()} on {_trainer.EnvironmentId}",
                "environment steps", "episodic return",
                [("mean per update", x, points.Select(p => p.Value).ToList()), ("mean of last 10 updates", x, smoothed)]);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"rlarena: warning: could not draw {ReturnPlotFileName} ({e.Message.ReplaceLineEndings(" ")}).");
        }
    }

    private static List<(long Step, double Value)> ReadSeries(string csv, string metric)
    {
        var points = new List<(long, double)>();
        if (!File.Exists(csv)) return points;
        foreach (var line in File.ReadLines(csv).Skip(1))
        {
            var parts = line.Split(',');
            if (parts.Length == 4 && parts[2] == metric
                && long.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var step)
                && double.TryParse(parts[3], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value))
                points.Add((step, value));
        }
        return points;
    }

    private static long NextMultiple(long step, long every) => every <= 0 ? 0 : (step / every + 1) * every;
}
