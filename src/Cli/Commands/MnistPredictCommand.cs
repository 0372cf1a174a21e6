using System.ComponentModel;
using System.Globalization;
using RLArena.Engine.Devices;
using RLArena.Core.Errors;
using RLArena.Supervised.Evaluation;
using RLArena.Supervised.Prediction;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary>
/// <c>rlarena mnist predict --checkpoint P img.png...</c>: classifies images of any size (made grayscale, 28×28,
/// white on black) and prints the most likely classes with their probabilities. A file that cannot be used (missing,
/// not an image, truncated, too large) is reported on one line of its own and the others are still classified; the
/// exit code is then 1.
/// </summary>
public sealed class MnistPredictCommand : Command<MnistPredictCommand.Settings>
{
    /// <summary>The arguments and flags of <c>mnist predict</c>.</summary>
    public sealed class Settings : ClassifierFileSettings
    {
        [CommandArgument(0, "<IMAGES>")]
        [Description("Image files (PNG, JPEG, BMP, GIF, WebP), any size.")]
        public string[] Images { get; init; } = [];

        [CommandOption("--top <N>")]
        [Description("How many classes to show per image (default 3).")]
        public int Top { get; init; } = 3;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        settings.RequireCheckpoint();
        if (settings.Images.Length == 0) throw new UsageException("give one or more image files to classify.");
        if (settings.Top < 1) throw new UsageException($"--top {settings.Top}: must be at least 1.");
        var device = DeviceSelector.Resolve(settings.Device);
        using var classifier = settings.LoadClassifier(device);
        if (settings.Top > classifier.Dataset.Classes)
            throw new UsageException($"--top {settings.Top}: this classifier knows {classifier.Dataset.Classes} classes; give at most {classifier.Dataset.Classes}.");
        var images = new List<PreparedImage>();
        var failures = new List<string>();
        foreach (var path in settings.Images)
        {
            try
            {
                images.Add(ImagePreprocessor.Load(path));
            }
            catch (UserFacingException e)
            {
                failures.Add(e.Message.ReplaceLineEndings(" "));
            }
        }
        var refused = failures.Count;
        // Nothing readable: one error line (with every reason); otherwise each bad file gets its own line and the
        // readable ones are classified.
        if (images.Count == 0 && refused == 1) throw new UserFacingException(failures[0]);
        if (images.Count == 0)
            throw new UserFacingException($"none of the {settings.Images.Length} image files could be read, nothing to classify: {string.Join(" | ", failures)}");
        foreach (var failure in failures) Console.Error.WriteLine("rlarena: error: " + failure);
        var predictions = ImageClassifier.Predict(classifier, images, settings.Top);

        var console = MnistConsole.Open();
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"{classifier.Spec} trained on {classifier.Dataset.DisplayName}"))
            .AddColumn("image").AddColumn("size").AddColumn("prediction").AddColumn("top classes");
        foreach (var prediction in predictions)
        {
            var image = prediction.Image;
            var best = prediction.Top[0];
            var top = string.Join("  ", prediction.Top.Select(g =>
                string.Create(CultureInfo.InvariantCulture, $"{g.Name} {100 * g.Probability:F1}%")));
            table.AddRow(
                Markup.Escape(image.Source),
                Markup.Escape($"{image.OriginalWidth}×{image.OriginalHeight}" + (image.Inverted ? ", light background: inverted" : "")),
                $"[bold]{Markup.Escape(best.Name)}[/]",
                Markup.Escape(top));
        }
        console.Write(table);
        if (refused == 0) return 0;
        Console.Error.WriteLine($"rlarena: error: {refused} of {settings.Images.Length} image files could not be classified (see above).");
        return 1;
    }
}
