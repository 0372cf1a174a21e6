using System.ComponentModel;
using System.Globalization;
using RLArena.Engine.Devices;
using RLArena.Core.Errors;
using RLArena.Supervised.Data;
using RLArena.Supervised.Evaluation;
using RLArena.Supervised.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary><c>rlarena mnist eval --checkpoint P</c>: re-evaluates a saved classifier on its dataset's test set.</summary>
public sealed class MnistEvalCommand : Command<MnistEvalCommand.Settings>
{
    /// <summary>The flags of <c>mnist eval</c>.</summary>
    public sealed class Settings : ClassifierFileSettings
    {
        [CommandOption("--data <DIR>")]
        [Description("Folder with the IDX files (default: ./data, then system folders, then download).")]
        public string? Data { get; init; }

        [CommandOption("--no-download")]
        [Description("Never download; a missing dataset is an error.")]
        public bool NoDownload { get; init; }

        [CommandOption("--threads <N>")]
        [Description("Torch CPU threads (default 1; 0 = TorchSharp's default).")]
        public int Threads { get; init; } = 1;

        [CommandOption("--confusion-png <FILE>")]
        [Description("Also draw the confusion matrix into this PNG.")]
        public string? ConfusionPng { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        settings.RequireCheckpoint();
        if (settings.Threads < 0) throw new UsageException($"--threads {settings.Threads}: must be 0 or more.");
        var console = MnistConsole.Open();
        var device = DeviceSelector.Resolve(settings.Device);
        DeviceSelector.SetThreads(settings.Threads);
        using var classifier = settings.LoadClassifier(device);
        var dataset = classifier.Dataset;

        var find = new MnistSettings { Dataset = dataset.Name, Data = settings.Data ?? "", NoDownload = settings.NoDownload };
        var location = MnistConsole.LocateWithProgress(console, new MnistTraining(), find);
        using var test = DatasetLoader.LoadSplit(dataset, location.TestImages, location.TestLabels, device);

        var meta = classifier.Metadata;
        meta.Extra.TryGetValue("epoch", out var epoch);
        if (meta.Extra.TryGetValue("source", out var source))
        {
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{classifier.Spec} read from a {source} file; evaluated on {dataset.DisplayName}, pixels normalised with mean {dataset.Mean}, std {dataset.Std}")));
        }
        else
        {
            console.MarkupLine(Markup.Escape(
                $"{classifier.Spec} trained on {dataset.DisplayName} ({epoch ?? "?"} epochs, {meta.Step} steps, saved {meta.SavedUtc:yyyy-MM-dd HH:mm} UTC)"));
        }
        console.MarkupLine(Markup.Escape($"Test set: {location.TestImages} ({test.Count} images)"));
        var result = Evaluator.Evaluate(classifier.Model, test, dataset.Classes);
        console.WriteLine(TutorialLines.Accuracy(result.Correct, result.Total));
        if (meta.Extra.TryGetValue("test_accuracy", out var saved)
            && double.TryParse(saved, NumberStyles.Float, CultureInfo.InvariantCulture, out var savedAccuracy))
        {
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"(at save time: {100 * savedAccuracy:F2}%)")));
        }
        MnistConsole.PrintConfusion(console, result, dataset);
        if (!string.IsNullOrWhiteSpace(settings.ConfusionPng))
        {
            Supervised.Reporting.ConfusionMatrixPlot.Save(settings.ConfusionPng, result, dataset.ClassNames,
                $"{dataset.DisplayName} test set: confusion matrix");
            console.MarkupLine(Markup.Escape($"Confusion matrix drawn in {settings.ConfusionPng}"));
        }
        return 0;
    }
}
