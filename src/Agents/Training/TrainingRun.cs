using System.Diagnostics;
using System.Globalization;
using RLArena.Agents.Evaluation;
using RLArena.Engine.Checkpoints;
using RLArena.Engine.Config;
using RLArena.Engine.Numerics;
using RLArena.Core.Errors;
using RLArena.Engine.Plots;
using RLArena.Engine.Runs;
using RLArena.Environments;
using RLArena.Environments.Vector;
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
/// finishes first), and saves a return-curve PNG. <see cref="Resume"/> continues a run from its checkpoint, and
/// <see cref="Evaluate"/> plays deterministic episodes with the policy in memory and writes eval.txt.
/// <para>Training from code, without the CLI:</para>
/// <code>
/// EnvRegistry.Register(new EnvRegistration("catch", "my game", _ =&gt; new CatchEnv()));
/// var config = new PpoConfig { Env = "catch", TotalTimesteps = 50_000, Seed = 1 };
/// using var run = TrainingRun.Start(config, runsRoot: "runs");
/// var result = run.Run(progress =&gt; Console.WriteLine($"{progress.Step}: {progress.MeanReturn}"));
/// var evaluation = run.Evaluate(episodes: 100);      // deterministic, in memory; also runs/.../eval.txt
/// using var policy = TrainedPolicy.Load(result.CheckpointPath);
/// int action = policy.Act(observation, mask, deterministic: true, scores);
/// </code>
/// </summary>
public sealed class TrainingRun : IDisposable
{
    /// <summary>The checkpoint file in a run folder.</summary>
    public const string CheckpointFileName = "checkpoint.ckpt";
    /// <summary>The return curve in a run folder.</summary>
    public const string ReturnPlotFileName = "returns.png";
    /// <summary>The evaluation summary in a run folder.</summary>
    public const string EvaluationFileName = "eval.txt";

    /// <summary>The checkpoint of the best periodic evaluation so far (with <c>eval_every</c>), beside checkpoint.ckpt.</summary>
    public const string BestCheckpointFileName = "best.ckpt";

    /// <summary>The step and mean return of best.ckpt, so a resumed run keeps comparing against it.</summary>
    public const string BestScoreFileName = "best.txt";

    /// <summary>The seed of every periodic evaluation (<c>eval_every</c>): each one plays the same episodes.</summary>
    public const int PeriodicEvaluationSeed = 2_000_000;

    /// <summary>The evaluation environment's seed after training (far from the training seeds).</summary>
    public const int EvaluationSeed = 1_000_000;

    private readonly IAgentTrainer _trainer;
    private readonly RunDirectory _run;
    private readonly double _startSeconds;
    private readonly Func<string, IEnvironment> _makeEnvironment;
    private readonly Queue<(double Return, double Length, bool? Success)> _recent = new();

    private TrainingRun(IAgentTrainer trainer, RunDirectory run, double startSeconds, Func<string, IEnvironment>? makeEnvironment, string? notice)
    {
        _trainer = trainer;
        _run = run;
        _startSeconds = startSeconds;
        _makeEnvironment = makeEnvironment ?? EnvironmentSession.MakeEnvironment;
        Notice = notice;
        Best = ReadBest(run.File(BestScoreFileName));
    }

    /// <summary>The trainer this run drives (its counters, policy and settings).</summary>
    public IAgentTrainer Trainer => _trainer;

    /// <summary>The run directory: runs/&lt;env&gt;__&lt;algo&gt;__&lt;seed&gt;__&lt;time&gt;/.</summary>
    public string Directory => _run.Path;

    /// <summary>Where the run's checkpoint is written.</summary>
    public string CheckpointPath => _run.File(CheckpointFileName);

    /// <summary>Where the best periodic evaluation's checkpoint is kept (written only with <c>eval_every</c> &gt; 0).</summary>
    public string BestCheckpointPath => _run.File(BestCheckpointFileName);

    /// <summary>The best periodic evaluation so far (its step and deterministic mean return), or null before the first.</summary>
    public (long Step, double MeanReturn)? Best { get; private set; }

    /// <summary>
    /// The checkpoint file <paramref name="path"/> names: the file itself, or in a run directory its checkpoint.ckpt,
    /// or its best.ckpt when <paramref name="best"/> is set (<c>--best</c>). A missing best.ckpt is a one-line error.
    /// </summary>
    /// <param name="path">A checkpoint file or a run directory.</param>
    /// <param name="best">Pick the run's best.ckpt.</param>
    public static string ResolveCheckpoint(string path, bool best = false)
    {
        if (!System.IO.Directory.Exists(path))
        {
            if (best) throw new UsageException($"--best {path}: --best takes a run directory (it picks that run's {BestCheckpointFileName}); pass the directory, or the .ckpt file without --best.");
            return path;
        }
        var file = Path.Combine(path, best ? BestCheckpointFileName : CheckpointFileName);
        if (best && !File.Exists(file))
            throw new UserFacingException($"--best: {path} has no {BestCheckpointFileName}; it is written only by runs trained with eval_every > 0 (e.g. --set eval_every=10000).");
        return file;
    }

    /// <summary>
    /// After <see cref="Resume"/>: one sentence to show the user when the resume is not exact (environments without
    /// snapshots start fresh episodes); null otherwise.
    /// </summary>
    public string? Notice { get; }

    /// <summary>Makes the trainer for <paramref name="config"/> through its algorithm in <see cref="AlgorithmRegistry"/>.</summary>
    public static IAgentTrainer CreateTrainer(AgentConfig config, torch.Device device, Func<string, IEnvironment>? makeEnvironment = null) =>
        AlgorithmRegistry.For(config).CreateTrainer(config, device, makeEnvironment);

    /// <summary>
    /// A new run under <paramref name="runsRoot"/>: runs/&lt;env&gt;__&lt;algo&gt;__&lt;seed&gt;__&lt;time&gt;/.
    /// </summary>
    /// <param name="config">The settings (<see cref="Ppo.PpoConfig"/>, <see cref="Dqn.DqnConfig"/>, ...); bad values are a <see cref="UsageException"/>.</param>
    /// <param name="runsRoot">The folder that holds run directories.</param>
    /// <param name="device">The torch device; the CPU when null.</param>
    /// <param name="makeEnvironment">Makes one environment copy from the config's env id; <see cref="EnvRegistry"/> when null.</param>
    public static TrainingRun Start(AgentConfig config, string runsRoot = "runs", torch.Device? device = null,
        Func<string, IEnvironment>? makeEnvironment = null)
    {
        var trainer = CreateTrainer(config, device ?? torch.CPU, makeEnvironment);
        try
        {
            var envName = trainer.EnvironmentId.Split(':')[0];
            var run = RunDirectory.Create(runsRoot, $"{envName}__{trainer.Algorithm}", trainer.Seed);
            WriteConfig(run, config);
            return new TrainingRun(trainer, run, 0, makeEnvironment, null);
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Continues the run in <paramref name="runDirectory"/> from its checkpoint: same settings (from the checkpoint),
    /// weights, optimizer, counters, random state, environments (and DQN's replay buffer and target network).
    /// <paramref name="totalSteps"/> may raise the step budget. Environments that cannot take snapshots start fresh
    /// episodes, and <see cref="Notice"/> says so.
    /// </summary>
    public static TrainingRun Resume(string runDirectory, torch.Device? device = null, long? totalSteps = null,
        Func<string, IEnvironment>? makeEnvironment = null)
    {
        var run = RunDirectory.Open(runDirectory);
        var path = run.File(CheckpointFileName);
        if (!File.Exists(path))
            throw new UserFacingException($"--resume {runDirectory}: there is no {CheckpointFileName} in it; pass a run directory written by 'rlarena train'.");
        var checkpoint = Checkpoint.Read(path);
        if (totalSteps < checkpoint.Metadata.Step)
            throw new UsageException($"--steps {totalSteps}: the checkpoint is already at step {checkpoint.Metadata.Step:N0}; give more steps, or none to keep the run's budget.");
        var (algorithm, config) = ConfigFromCheckpoint(checkpoint);
        if (totalSteps is { } steps) config.TotalTimesteps = steps;
        var trainer = algorithm.CreateTrainer(config, device ?? torch.CPU, makeEnvironment);
        try
        {
            var resumed = trainer.Restore(checkpoint);
            if (totalSteps is not null) WriteConfig(run, config);
            return new TrainingRun(trainer, run, resumed.ElapsedSeconds, makeEnvironment, resumed.Notice);
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The algorithm a checkpoint names and the settings it was trained with (bound strictly). Loads the plugin its
    /// environment came from first when that is not loaded yet (see <see cref="EnvironmentPlugins.EnsureLoaded"/>).
    /// </summary>
    public static (IAlgorithm Algorithm, AgentConfig Config) ConfigFromCheckpoint(Checkpoint checkpoint)
    {
        var algorithm = AlgorithmRegistry.Find(checkpoint.Metadata.Algorithm)
                        ?? throw new UserFacingException(
                            $"'{checkpoint.Path}' is not an agent checkpoint this RLArena can use (it names {Describe(checkpoint.Metadata)}; known algorithms: {string.Join(", ", AlgorithmRegistry.Names)}); pass a checkpoint written by 'rlarena train'.");
        EnvironmentPlugins.EnsureLoaded(checkpoint.Metadata, checkpoint.Path); // the env is checked while binding
        var config = algorithm.CreateConfig();
        ConfigBinder.Apply(config, checkpoint.Metadata.Config, $"checkpoint '{checkpoint.Path}'");
        return (algorithm, config);
    }

    private static string Describe(CheckpointMetadata m) =>
        (string.IsNullOrEmpty(m.Algorithm) ? "no algorithm" : $"algorithm '{m.Algorithm}'") + (string.IsNullOrEmpty(m.Kind) ? "" : $", model kind '{m.Kind}'");

    private static void WriteConfig(RunDirectory run, AgentConfig config)
    {
        var settings = ConfigBinder.Describe(config);
        settings.Insert(0, new("algo", config.Algorithm));
        if (EnvironmentPlugins.Paths(config.Env) is { Count: > 0 } plugins) settings.Insert(1, new(AgentConfigs.PluginsKey, string.Join(",", plugins)));
        run.WriteConfig(settings);
    }

    /// <summary>
    /// Trains until the budget is spent or <paramref name="cancellation"/> fires, calling <paramref name="onUpdate"/>
    /// after every update; always saves a checkpoint.
    /// </summary>
    public TrainingResult Run(Action<TrainingProgress>? onUpdate = null, CancellationToken cancellation = default) =>
        Run(onUpdate is null ? null : new ActionCallback(onUpdate), cancellation);

    /// <summary>
    /// Plays <paramref name="episodes"/> whole episodes with the policy being trained (in memory, no checkpoint read)
    /// in a fresh environment seeded with <paramref name="seed"/>, and writes the statistics to eval.txt in the run
    /// directory. Deterministic unless <paramref name="deterministic"/> is false.
    /// </summary>
    public EvaluationResult Evaluate(int episodes = 100, int seed = EvaluationSeed, bool deterministic = true)
    {
        if (episodes <= 0) throw new UsageException($"episodes={episodes}: evaluation needs at least 1 episode.");
        var policy = _trainer.Policy;
        policy.Reseed(seed);
        var evaluation = Evaluator.Run(policy, new VectorEnv([_makeEnvironment(_trainer.EnvironmentId)]), episodes, deterministic, seed);
        File.WriteAllText(_run.File(EvaluationFileName), EvaluationText(evaluation, deterministic, seed));
        return evaluation;
    }

    /// <summary>
    /// SB3's EvalCallback: plays eval_episodes deterministic episodes with the policy being trained on a separate
    /// environment copy (normalisation statistics copied from training and frozen), always from
    /// <see cref="PeriodicEvaluationSeed"/>; logs eval/mean_return, eval/std_return and eval/mean_length; and when
    /// the mean beats the best so far, saves best.ckpt (and best.txt with its step and mean).
    /// </summary>
    private void EvaluatePeriodically(MetricsLogger metrics)
    {
        var policy = _trainer.Policy;
        policy.Reseed(PeriodicEvaluationSeed);
        var environment = _trainer.MakeEvaluationEnvironment() ?? _makeEnvironment(_trainer.EnvironmentId);
        var result = Evaluator.Run(policy, new VectorEnv([environment]), _trainer.Config.EvalEpisodes, deterministic: true, PeriodicEvaluationSeed);
        var step = _trainer.GlobalStep;
        metrics.Scalar("eval/mean_return", result.MeanReturn, step);
        metrics.Scalar("eval/std_return", result.StdReturn, step);
        metrics.Scalar("eval/mean_length", result.MeanLength, step);
        if (Best is { } best && result.MeanReturn <= best.MeanReturn) return;
        _trainer.SaveCheckpoint(BestCheckpointPath, metrics.ElapsedSeconds);
        Best = (step, result.MeanReturn);
        File.WriteAllText(_run.File(BestScoreFileName),
            $"step: {step.ToString(CultureInfo.InvariantCulture)}\nmean_return: {result.MeanReturn.ToString("R", CultureInfo.InvariantCulture)}\n" +
            $"episodes: {result.Episodes}\nseed: {PeriodicEvaluationSeed}\n");
        metrics.Scalar("eval/best_mean_return", result.MeanReturn, step);
    }

    private static (long Step, double MeanReturn)? ReadBest(string path)
    {
        if (!File.Exists(path)) return null;
        long? step = null;
        double? mean = null;
        foreach (var line in File.ReadAllLines(path))
        {
            var parts = line.Split(':', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2) continue;
            if (parts[0] == "step" && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)) step = s;
            if (parts[0] == "mean_return" && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var m)) mean = m;
        }
        return step is { } st && mean is { } mr ? (st, mr) : null;
    }

    private static string EvaluationText(EvaluationResult e, bool deterministic, int seed)
    {
        static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        return $"episodes: {e.Episodes}\ndeterministic: {(deterministic ? "true" : "false")}\nseed: {seed}\n" +
               $"mean_return: {F(e.MeanReturn)}\nstd_return: {F(e.StdReturn)}\nmean_length: {F(e.MeanLength)}\n" +
               (e.SuccessRate is { } s ? $"success_rate: {F(s)}\n" : "");
    }

    /// <summary>Disposes the trainer (its networks and optimizer).</summary>
    public void Dispose() => _trainer.Dispose();

    private sealed class ActionCallback(Action<TrainingProgress> onUpdate) : ITrainingCallback
    {
        public void OnUpdate(TrainingProgress progress) => onUpdate(progress);
    }

    /// <summary>
    /// Trains until the budget is spent or <paramref name="cancellation"/> fires; saves a checkpoint at the end. An
    /// update that produces NaN or infinity (<see cref="NonFiniteValueException"/>) ends the run with a one-line
    /// <see cref="UserFacingException"/> (exit 1) naming the update, the quantity and the likely cause, and saves
    /// nothing, so the last good checkpoint stays byte for byte as it was.
    /// </summary>
    public TrainingResult Run(ITrainingCallback? callback, CancellationToken cancellation = default)
    {
        using var metrics = new MetricsLogger(_run, tensorboard: true, startSeconds: _startSeconds, keepUpToStep: _trainer.GlobalStep);
        if (_trainer.Updates == 0)
            metrics.Text("hyperparameters", string.Join("\n", ConfigBinder.Describe(_trainer.Config).Select(kv => $"|{kv.Key}|{kv.Value}|")));
        var clock = Stopwatch.StartNew();
        var startStep = _trainer.GlobalStep;
        var nextCheckpoint = NextMultiple(_trainer.GlobalStep, _trainer.CheckpointEvery);
        var evalEvery = _trainer.Config.EvalEvery;
        var nextEvaluation = NextMultiple(_trainer.GlobalStep, evalEvery);
        var lastEvaluated = -1L;
        var episodes = 0;
        var interrupted = false;

        while (!_trainer.Finished)
        {
            if (cancellation.IsCancellationRequested) { interrupted = true; break; }
            UpdateReport report;
            try
            {
                report = _trainer.RunUpdate();
            }
            catch (NonFiniteValueException e)
            {
                // The weights are broken: save nothing, so the last good checkpoint stays as it is.
                metrics.Flush();
                _run.ReleaseLock();
                throw new UserFacingException(DivergenceMessage(e));
            }
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
            // The managed heap, uncollected garbage included: tells managed growth (a large gen0) from native growth.
            metrics.Scalar("perf/managed_mb", GC.GetTotalMemory(forceFullCollection: false) / 1048576.0, _trainer.GlobalStep);

            callback?.OnUpdate(new TrainingProgress(_trainer.Algorithm, _trainer.EnvironmentId, _trainer.GlobalStep,
                _trainer.TotalSteps, _trainer.Updates, sps, metrics.ElapsedSeconds, MeanReturn, MeanLength, SuccessRate,
                report.Scalars, _trainer.Policy));

            if (nextCheckpoint > 0 && _trainer.GlobalStep >= nextCheckpoint)
            {
                _trainer.SaveCheckpoint(CheckpointPath, metrics.ElapsedSeconds);
                metrics.Flush();
                nextCheckpoint = NextMultiple(_trainer.GlobalStep, _trainer.CheckpointEvery);
            }

            if (nextEvaluation > 0 && _trainer.GlobalStep >= nextEvaluation)
            {
                EvaluatePeriodically(metrics);
                lastEvaluated = _trainer.GlobalStep;
                nextEvaluation = NextMultiple(_trainer.GlobalStep, evalEvery);
            }
        }
        // The final weights are a candidate for the best model too (not after Ctrl+C: the user wants out).
        if (evalEvery > 0 && !interrupted && lastEvaluated != _trainer.GlobalStep && _trainer.Finished) EvaluatePeriodically(metrics);
        var wall = clock.Elapsed.TotalSeconds;
        _trainer.SaveCheckpoint(CheckpointPath, metrics.ElapsedSeconds);
        metrics.Flush();
        SavePlot(metrics);
        _run.ReleaseLock();
        return new TrainingResult(_run.Path, CheckpointPath, _trainer.GlobalStep, _trainer.Updates, interrupted, wall,
            (_trainer.GlobalStep - startStep) / Math.Max(1e-9, wall), MeanReturn, episodes);
    }

    /// <summary>One line: which update, which quantity, the likely cause, and which checkpoint is left.</summary>
    private string DivergenceMessage(NonFiniteValueException e)
    {
        var settings = ConfigBinder.Describe(_trainer.Config).ToDictionary(kv => kv.Key, kv => kv.Value);
        var learningRate = settings.TryGetValue("learning_rate", out var lr) ? $"learning_rate={lr}" : "the learning rate";
        var checkpoint = File.Exists(CheckpointPath)
            ? $"the last good checkpoint is kept unchanged: {CheckpointPath}"
            : "no checkpoint was written (none had been saved before it)";
        return $"training diverged in update {_trainer.Updates + 1} (around step {_trainer.GlobalStep:N0}): the {NonFiniteValueException.Name(e.Quantity)} " +
               $"became NaN or infinite. Likely cause: {learningRate} too high (lower it, or set max_grad_norm), or NaN/infinite " +
               $"rewards or observations from the environment; {checkpoint}.";
    }

    /// <summary>Mean return of the last (up to) 100 finished episodes; null before the first ends.</summary>
    public double? MeanReturn => _recent.Count == 0 ? null : _recent.Average(e => e.Return);
    /// <summary>Mean length of the same episodes.</summary>
    public double? MeanLength => _recent.Count == 0 ? null : _recent.Average(e => e.Length);

    /// <summary>Share of the same episodes that succeeded, where the environment defines success; else null.</summary>
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
