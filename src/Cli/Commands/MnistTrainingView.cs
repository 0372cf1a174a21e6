using System.Globalization;
using RLArena.Supervised.Training;
using Spectre.Console;

namespace RLArena.Cli.Commands;

/// <summary>
/// The console side of <c>rlarena mnist</c>: the tutorial's lines, a progress bar per epoch (loss and samples/s) when
/// the console is interactive, and a summary line after every epoch with test accuracy and memory.
/// </summary>
internal sealed class MnistTrainingView(IAnsiConsole console, MnistSettings settings) : ITrainingObserver
{
    private ProgressContext? _progress;
    private ProgressTask? _task;
    private double _lastLoss = double.NaN;
    private int _epochs;

    public TrainingOutcome Run(MnistTraining training, CancellationToken stop = default)
    {
        if (!console.Profile.Capabilities.Interactive) return training.Run(settings, this, prepared: PrintSetup, stop: stop);
        return console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                _progress = ctx;
                return training.Run(settings, this, prepared: PrintSetup, stop: stop);
            });
    }

    private void PrintSetup(TrainingSetup setup)
    {
        var dataset = setup.Data.Dataset;
        var optimizer = settings.Optimizer == OptimizerKind.Sgd
            ? $"SGD lr {F(settings.Lr)} momentum {F(settings.Momentum)}"
            : $"Adam lr {F(settings.Lr)}";
        console.MarkupLine($"[bold]{Markup.Escape(dataset.DisplayName)}[/]: {Markup.Escape(setup.Model.ToString())}, {Markup.Escape(optimizer)}, " +
                           $"batch {settings.BatchSize}, {settings.Epochs} epochs, seed {settings.Seed}");
        console.MarkupLine(Markup.Escape(
            $"Data: {setup.Data.Folder} ({setup.Data.Source}): {setup.TrainCount} train / {setup.TestCount} test images, " +
            $"normalised with mean {F(dataset.Mean)} std {F(dataset.Std)}, loaded in {setup.LoadSeconds:F2} s"));
        console.MarkupLine(Markup.Escape($"Device: {setup.Device}, {setup.Threads} thread(s). Run: {setup.RunDirectory}"));
    }

    public void EpochStarted(int epoch, int epochs, int steps)
    {
        _epochs = epochs;
        _task = _progress?.AddTask(Describe(epoch, double.NaN, 0), maxValue: steps);
    }

    public void StepFinished(int epoch, int step, int steps, long samples, double seconds)
    {
        if (_task is null) return;
        _task.Value = step;
        if (step % 20 == 0 || step == steps) _task.Description = Describe(epoch, _lastLoss, seconds > 0 ? samples / seconds : 0);
    }

    public void LossLogged(int epoch, int step, double meanLoss)
    {
        _lastLoss = meanLoss;
        console.WriteLine(TutorialLines.Step(epoch, step, meanLoss));
    }

    public void EpochFinished(EpochSummary s)
    {
        _task?.StopTask();
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Epoch {s.Epoch}/{s.Epochs}: train loss {s.TrainLoss:F4}, test accuracy {100 * s.TestAccuracy:F2}%, " +
            $"{s.Seconds:F2} s, {s.SamplesPerSecond:N0} samples/s, peak RSS {s.PeakRssMegabytes:F0} MB")));
    }

    public void PrintResults(TrainingOutcome outcome)
    {
        console.WriteLine(TutorialLines.Accuracy(outcome.Final.Correct, outcome.Final.Total));
        MnistConsole.PrintConfusion(console, outcome.Final, outcome.Setup.Data.Dataset);
        var first = outcome.Epochs[0].PeakRssMegabytes;
        var last = outcome.Epochs[^1].PeakRssMegabytes;
        if (first > 0)
        {
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"Peak RSS: {first:F0} MB after epoch 1, {last:F0} MB after epoch {outcome.Epochs.Count} ({100 * (last - first) / first:+0.0;-0.0}%).")));
        }
        var run = outcome.Setup.RunDirectory;
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Total {outcome.TotalSeconds:F2} s. Saved in {run}: model.ckpt, config.yaml, metrics.csv, TensorBoard events, " +
            $"{MnistTraining.LearningCurveFile}, {MnistTraining.ConfusionMatrixFile}.")));
        console.MarkupLine(Markup.Escape($"Evaluate again: rlarena mnist eval --checkpoint {outcome.CheckpointPath}"));
    }

    private string Describe(int epoch, double loss, double samplesPerSecond) => string.Create(CultureInfo.InvariantCulture,
        $"Epoch {epoch}/{_epochs}  loss {(double.IsNaN(loss) ? "-" : loss.ToString("F3", CultureInfo.InvariantCulture))}  {samplesPerSecond:N0} samples/s");

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
