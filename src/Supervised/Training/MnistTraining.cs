using System.Diagnostics;
using System.Globalization;
using System.Text;
using RLArena.Engine.Config;
using RLArena.Core.Errors;
using RLArena.Engine.Devices;
using RLArena.Engine.Numerics;
using RLArena.Engine.Plots;
using RLArena.Core.Reproducibility;
using RLArena.Engine.Reproducibility;
using RLArena.Engine.Runs;
using RLArena.Supervised.Data;
using RLArena.Supervised.Diagnostics;
using RLArena.Supervised.Evaluation;
using RLArena.Supervised.Reporting;
using TorchSharp;

namespace RLArena.Supervised.Training;

/// <summary>
/// One <c>rlarena mnist</c> run from settings to run folder: choose device and threads, find (or download) the data,
/// seed, build the MLP, train epoch by epoch with a test evaluation and a checkpoint after each, then write the
/// learning curve and the confusion matrix. The console side is the caller's, through <see cref="ITrainingObserver"/>.
/// A diverging run (NaN or infinite loss or weights) ends with a one-line <see cref="UserFacingException"/> and keeps
/// the last good epoch's checkpoint (none when the first epoch diverged).
/// </summary>
public sealed class MnistTraining
{
    /// <summary>The learning-curve plot in a run folder.</summary>
    public const string LearningCurveFile = "learning_curve.png";
    /// <summary>The confusion-matrix plot in a run folder.</summary>
    public const string ConfusionMatrixFile = "confusion_matrix.png";

    private readonly DataLocator _locator;
    private readonly Func<DatasetDownloader> _downloader;

    /// <summary>MNIST training that finds (or downloads) its data with <paramref name="locator"/>.</summary>
    /// <param name="locator">Finds the dataset; the default locator when null.</param>
    /// <param name="downloader">Makes the downloader for missing files; a default one when null.</param>
    public MnistTraining(DataLocator? locator = null, Func<DatasetDownloader>? downloader = null)
    {
        _locator = locator ?? new DataLocator();
        _downloader = downloader ?? (() => new DatasetDownloader());
    }

    /// <summary>Resolves device and threads, then finds (or downloads) the dataset, as <see cref="Run"/> does.</summary>
    public DataLocation Locate(MnistSettings settings, Action<DownloadProgress>? downloadProgress = null)
    {
        var spec = settings.ResolveDataset();
        if (settings.NoDownload) return _locator.Locate(spec, settings.Data, null);
        using var downloader = _downloader();
        return _locator.Locate(spec, settings.Data, downloader, downloadProgress);
    }

    /// <summary>
    /// Trains as the settings say. When <paramref name="stop"/> fires, the current epoch ends after its current step,
    /// is evaluated and checkpointed like a full one, and no further epoch starts (<see cref="TrainingOutcome.Interrupted"/>).
    /// </summary>
    public TrainingOutcome Run(MnistSettings settings, ITrainingObserver? observer = null,
        Action<DownloadProgress>? downloadProgress = null, Action<TrainingSetup>? prepared = null, CancellationToken stop = default)
    {
        var total = Stopwatch.StartNew();
        settings.Validate();
        var dataset = settings.ResolveDataset();
        var location = Locate(settings, downloadProgress);

        // Decompress and check the files while libtorch loads: neither needs the other.
        var loadClock = Stopwatch.StartNew();
        var bytes = Task.Run(() => DatasetLoader.Read(location));
        var device = DeviceSelector.Resolve(settings.Device);
        DeviceSelector.SetThreads(settings.Threads);
        using var data = DatasetLoader.ToTensors(bytes.GetAwaiter().GetResult(), device);
        var loadSeconds = loadClock.Elapsed.TotalSeconds;

        Seeding.SeedAll(settings.Seed);
        var spec = ClassifierModel.Spec(settings.Hidden, dataset.Classes);
        using var model = ClassifierModel.Build(spec);
        if (!string.IsNullOrWhiteSpace(settings.InitFrom)) Interop.ClassifierWeights.LoadInto(settings.InitFrom, model, spec);
        model.to(device);
        using var optimizer = TrainingOptimizer.Create(model, settings);

        var run = RunDirectory.Create(settings.RunsDir, dataset.Name, settings.Seed);
        var config = ConfigBinder.Describe(settings);
        run.WriteConfig(config);
        using var metrics = new MetricsLogger(run);
        metrics.Text("hyperparameters", HyperparameterTable(config));

        var setup = new TrainingSetup(location, data.Train.Count, data.Test.Count, spec, device.ToString(),
            DeviceSelector.Threads, run.Path, loadSeconds);
        prepared?.Invoke(setup);

        var checkpointPath = run.File(ClassifierCheckpoint.FileName);
        var epochs = new List<EpochSummary>();
        EvaluationResult? final = null;
        using var trainer = new ClassifierTrainer(model, optimizer, settings.BatchSize, settings.LogInterval, device);
        var forwardObserver = new MetricsObserver(metrics, trainer, observer);
        for (var epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            double trainLoss;
            try
            {
                trainLoss = trainer.TrainEpoch(data.Train, epoch, settings.Epochs, forwardObserver, stop);
            }
            catch (NonFiniteValueException e)
            {
                // The weights are broken: this epoch is not saved, so the last good epoch's checkpoint stays.
                metrics.Flush();
                run.ReleaseLock();
                var kept = epoch > 1
                    ? $"the checkpoint of epoch {epoch - 1}, the last good one, is kept unchanged: {checkpointPath}"
                    : "no checkpoint was written (the first epoch did not finish)";
                throw new UserFacingException(
                    $"training diverged in {e.Where ?? $"epoch {epoch}"}: the {NonFiniteValueException.Name(e.Quantity)} became NaN or infinite. " +
                    $"Likely cause: lr={ConfigBinder.Format(settings.Lr)} too high for {ConfigBinder.Format(settings.Optimizer)}; lower it. {char.ToUpperInvariant(kept[0])}{kept[1..]}.");
            }
            var trainSeconds = clock.Elapsed.TotalSeconds;
            final = Evaluator.Evaluate(model, data.Test, dataset.Classes, settings.TestBatchSize);
            ClassifierCheckpoint.Save(checkpointPath, model, optimizer.CheckpointState, spec, dataset, settings, epoch, trainer.GlobalStep, final.Accuracy);

            var summary = new EpochSummary(epoch, settings.Epochs, trainer.GlobalStep, trainLoss, final.Accuracy,
                clock.Elapsed.TotalSeconds, data.Train.Count / trainSeconds, ProcessMemory.PeakRssMegabytes(), ProcessMemory.RssMegabytes());
            epochs.Add(summary);
            var step = trainer.GlobalStep;
            metrics.Scalar("losses/epoch_train_loss", trainLoss, step);
            metrics.Scalar("charts/test_accuracy", final.Accuracy, step);
            metrics.Scalar("charts/epoch", epoch, step);
            metrics.Scalar("charts/samples_per_second", summary.SamplesPerSecond, step);
            metrics.Scalar("perf/peak_rss_mb", summary.PeakRssMegabytes, step);
            metrics.Scalar("perf/rss_mb", summary.RssMegabytes, step);
            metrics.Flush();
            observer?.EpochFinished(summary);
            if (stop.IsCancellationRequested) break;
        }

        var curvePath = run.File(LearningCurveFile);
        var confusionPath = run.File(ConfusionMatrixFile);
        var x = epochs.Select(e => (double)e.Epoch).ToList();
        Parallel.Invoke(
            () => CurvePlot.Save(curvePath, $"{dataset.DisplayName}: {spec}", "epoch", "value",
            [
                ("train loss (epoch mean)", x, epochs.Select(e => e.TrainLoss).ToList()),
                ("test accuracy", x, epochs.Select(e => e.TestAccuracy).ToList()),
            ]),
            () => ConfusionMatrixPlot.Save(confusionPath, final!, dataset.ClassNames, $"{dataset.DisplayName} test set: confusion matrix"));
        metrics.Flush();
        run.ReleaseLock();
        return new TrainingOutcome(setup, epochs, final!, checkpointPath, curvePath, confusionPath, total.Elapsed.TotalSeconds)
        {
            Interrupted = stop.IsCancellationRequested,
        };
    }

    private static string HyperparameterTable(IEnumerable<KeyValuePair<string, string>> config)
    {
        var text = new StringBuilder("|param|value|\n|-|-|\n");
        foreach (var (key, value) in config) text.Append(CultureInfo.InvariantCulture, $"|{key}|{value}|\n");
        return text.ToString();
    }

    /// <summary>Logs the tutorial's 100-step mean losses to metrics, then passes every event on.</summary>
    private sealed class MetricsObserver(MetricsLogger metrics, ClassifierTrainer trainer, ITrainingObserver? inner) : ITrainingObserver
    {
        public void EpochStarted(int epoch, int epochs, int steps) => inner?.EpochStarted(epoch, epochs, steps);

        public void StepFinished(int epoch, int step, int steps, long samples, double seconds) =>
            inner?.StepFinished(epoch, step, steps, samples, seconds);

        public void LossLogged(int epoch, int step, double meanLoss)
        {
            metrics.Scalar("losses/train_loss", meanLoss, trainer.GlobalStep);
            inner?.LossLogged(epoch, step, meanLoss);
        }

        public void EpochFinished(EpochSummary summary) => inner?.EpochFinished(summary);
    }
}
