using RLArena.Engine.Checkpoints;
using RLArena.Core.Errors;
using RLArena.Engine.Networks;
using RLArena.Supervised.Data;
using RLArena.Supervised.Evaluation;
using RLArena.Supervised.Prediction;
using RLArena.Supervised.Training;
using SkiaSharp;

namespace RLArena.Supervised.Tests;

/// <summary>
/// One short training run on generated, learnable data (shared by the tests below): it must learn, write its run
/// folder, and its checkpoint must give the same accuracy and classify drawn images.
/// </summary>
public class TrainingTests
{
    private TempFolder _temp = null!;
    private TrainingOutcome _outcome = null!;
    private RecordingObserver _observer = null!;
    private MnistSettings _settings = null!;

    private sealed class RecordingObserver : ITrainingObserver
    {
        public List<(int Epoch, int Step, double Loss)> Losses { get; } = new();
        public List<EpochSummary> Epochs { get; } = new();
        public int Steps { get; private set; }
        public void LossLogged(int epoch, int step, double meanLoss) => Losses.Add((epoch, step, meanLoss));
        public void StepFinished(int epoch, int step, int steps, long samples, double seconds) => Steps++;
        public void EpochFinished(EpochSummary summary) => Epochs.Add(summary);
    }

    [OneTimeSetUp]
    public void TrainOnce()
    {
        _temp = new TempFolder();
        SyntheticDigits.WriteDataset(DatasetSpec.FashionMnist, _temp.File("data"), train: 1200, test: 300);
        _settings = new MnistSettings
        {
            Dataset = "fashion-mnist", Data = _temp.File("data"), NoDownload = true, Epochs = 2, BatchSize = 32,
            LogInterval = 10, RunsDir = _temp.File("runs"), Device = "cpu", Seed = 3,
        };
        _observer = new RecordingObserver();
        _outcome = new MnistTraining().Run(_settings, _observer);
    }

    [OneTimeTearDown]
    public void CleanUp() => _temp.Dispose();

    [Test]
    public void It_learns_the_generated_classes()
    {
        Assert.That(_outcome.Final.Accuracy, Is.GreaterThanOrEqualTo(0.95));
        Assert.That(_outcome.Final.Total, Is.EqualTo(300));
        Assert.That(_outcome.Epochs.Select(e => e.Epoch), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(_outcome.Epochs[^1].TrainLoss, Is.LessThan(_observer.Losses[0].Loss));
    }

    [Test]
    public void It_logs_the_mean_loss_every_interval_and_steps_through_every_batch()
    {
        // 1200 samples / batch 32 = 38 steps per epoch (the last one has 16); a line every 10 steps.
        Assert.That(_observer.Steps, Is.EqualTo(2 * 38));
        Assert.That(_observer.Losses.Select(l => (l.Epoch, l.Step)),
            Is.EqualTo(new[] { (1, 10), (1, 20), (1, 30), (2, 10), (2, 20), (2, 30) }));
        Assert.That(_observer.Losses.All(l => l.Loss > 0 && double.IsFinite(l.Loss)));
        Assert.That(_outcome.Setup.Data.Source, Is.EqualTo("--data"));
        Assert.That((_outcome.Setup.TrainCount, _outcome.Setup.TestCount), Is.EqualTo((1200, 300)));
    }

    [Test]
    public void The_run_folder_holds_checkpoint_config_metrics_tensorboard_and_plots()
    {
        var run = _outcome.Setup.RunDirectory;
        Assert.That(Path.GetFileName(run), Does.StartWith("fashion-mnist__3__"));
        foreach (var name in new[] { "model.ckpt", "config.yaml", "metrics.csv", "learning_curve.png", "confusion_matrix.png" })
            Assert.That(File.Exists(Path.Combine(run, name)), name);
        Assert.That(Directory.GetFiles(run, "events.out.tfevents*"), Is.Not.Empty);
        var metrics = File.ReadAllLines(Path.Combine(run, "metrics.csv"));
        Assert.That(metrics[0], Is.EqualTo("step,wall_time,metric,value"));
        Assert.That(metrics.Count(l => l.Contains(",charts/test_accuracy,")), Is.EqualTo(2));
        Assert.That(metrics.Count(l => l.Contains(",losses/train_loss,")), Is.EqualTo(6));
        Assert.That(metrics.Count(l => l.Contains(",perf/peak_rss_mb,")), Is.EqualTo(2));
        Assert.That(File.ReadAllText(Path.Combine(run, "config.yaml")), Does.Contain("batch_size: 32").And.Contain("dataset: fashion-mnist"));
        using var png = SKBitmap.Decode(Path.Combine(run, "confusion_matrix.png"));
        Assert.That(png.Width, Is.GreaterThan(500));
    }

    [Test]
    public void The_checkpoint_evaluates_to_the_same_accuracy()
    {
        using var classifier = ClassifierCheckpoint.Load(_outcome.CheckpointPath);
        Assert.That(classifier.Dataset, Is.SameAs(DatasetSpec.FashionMnist));
        Assert.That(classifier.Spec.ToString(), Is.EqualTo("MLP 784-128-64-10 (relu)"));
        Assert.That(classifier.Metadata.Step, Is.EqualTo(76));
        using var test = DatasetLoader.LoadSplit(DatasetSpec.FashionMnist, _outcome.Setup.Data.TestImages, _outcome.Setup.Data.TestLabels);
        var again = Evaluator.Evaluate(classifier.Model, test, 10, batchSize: 64);
        Assert.That(again.Confusion, Is.EqualTo(_outcome.Final.Confusion));
    }

    [Test]
    public void Predict_classifies_drawn_images_of_any_size_and_either_polarity()
    {
        using var classifier = ClassifierCheckpoint.Load(_outcome.CheckpointPath);
        var label = 7;
        var whiteOnBlack = Draw(_temp.File("seven.png"), label, 112, 112, SKColors.Black, SKColors.White);
        var blackOnWhite = Draw(_temp.File("seven-paper.png"), label, 84, 84, SKColors.White, SKColors.Black);
        var images = new[] { ImagePreprocessor.Load(whiteOnBlack), ImagePreprocessor.Load(blackOnWhite) };
        Assert.That(images.Select(i => i.Inverted), Is.EqualTo(new[] { false, true }));
        var predictions = ImageClassifier.Predict(classifier, images, top: 3);
        foreach (var p in predictions)
        {
            Assert.That(p.Top[0].Index, Is.EqualTo(label), p.Image.Source);
            Assert.That(p.Top[0].Name, Is.EqualTo("Sneaker"));
            Assert.That(p.Top, Has.Count.EqualTo(3));
            Assert.That(p.Top[0].Probability, Is.GreaterThan(p.Top[1].Probability));
        }
    }

    [Test]
    public void Adam_trains_too()
    {
        var settings = new MnistSettings
        {
            Dataset = "fashion-mnist", Data = _temp.File("data"), NoDownload = true, Epochs = 1, BatchSize = 32,
            Optimizer = OptimizerKind.Adam, Lr = 0.001, RunsDir = _temp.File("runs-adam"), Device = "cpu",
        };
        var outcome = new MnistTraining().Run(settings);
        Assert.That(outcome.Final.Accuracy, Is.GreaterThanOrEqualTo(0.9));
        using var classifier = ClassifierCheckpoint.Load(outcome.CheckpointPath);
        Assert.That(classifier.Metadata.Config["optimizer"], Is.EqualTo("adam"));
    }

    [Test]
    public void A_checkpoint_of_another_kind_of_model_is_refused_clearly()
    {
        var path = _temp.File("other.ckpt");
        using var model = Mlp.Build(new MlpSpec(4, [8], 2, Activation.Tanh));
        Checkpoint.Save(path, model, null, new CheckpointMetadata { Kind = "ppo-actor-critic", Architecture = "MLP 4-8-2 (tanh)" });
        var error = Assert.Throws<UserFacingException>(() => ClassifierCheckpoint.Load(path))!;
        Assert.That(error.Message, Does.Contain("'ppo-actor-critic'").And.Contain("not an MNIST classifier"));
    }

    [Test]
    public void Something_that_is_not_an_image_is_a_clear_error()
    {
        File.WriteAllText(_temp.File("notes.png"), "not a picture");
        Assert.That(Assert.Throws<UserFacingException>(() => ImagePreprocessor.Load(_temp.File("notes.png")))!.Message,
            Does.Contain("notes.png").And.Contain("not an image"));
    }

    /// <summary>Draws the class's square, scaled to the canvas, in the given colours, and saves a PNG.</summary>
    private static string Draw(string path, int label, int width, int height, SKColor paper, SKColor ink)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(paper);
            var (row, column) = SyntheticDigits.SquareOf(label);
            var sx = width / 28f;
            var sy = height / 28f;
            using var paint = new SKPaint { Color = ink, Style = SKPaintStyle.Fill };
            canvas.DrawRect(SKRect.Create(column * sx, row * sy, 6 * sx, 6 * sy), paint);
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }
}
