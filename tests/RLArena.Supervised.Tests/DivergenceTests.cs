using RLArena.Core.Errors;
using RLArena.Supervised.Data;
using RLArena.Supervised.Training;

namespace RLArena.Supervised.Tests;

/// <summary>
/// A diverging MNIST run (a huge learning rate) stops with one line naming the epoch, the steps and the quantity, and
/// keeps the last good epoch's checkpoint byte for byte (or writes none when the first epoch diverged).
/// </summary>
public class DivergenceTests
{
    private TempFolder _temp = null!;

    [SetUp]
    public void Data()
    {
        _temp = new TempFolder();
        SyntheticDigits.WriteDataset(DatasetSpec.FashionMnist, _temp.File("data"), train: 64, test: 32);
    }

    [TearDown]
    public void CleanUp() => _temp.Dispose();

    private MnistSettings Settings(int batchSize, int epochs) => new()
    {
        Dataset = "fashion-mnist", Data = _temp.File("data"), NoDownload = true, Epochs = epochs, BatchSize = batchSize,
        Lr = 1e6, Momentum = 0, LogInterval = 1000, RunsDir = _temp.File("runs"), Device = "cpu", Seed = 1,
    };

    /// <summary>Reads the checkpoint right after each epoch saved it.</summary>
    private sealed class CheckpointReader : ITrainingObserver
    {
        public string Path { get; set; } = "";
        public byte[]? Last { get; private set; }
        public int Epochs { get; private set; }
        public void EpochFinished(EpochSummary summary)
        {
            Last = File.ReadAllBytes(Path);
            Epochs = summary.Epoch;
        }
    }

    [Test]
    public void A_later_epoch_diverging_keeps_the_previous_epochs_checkpoint_byte_identical()
    {
        // One step per epoch: the first steps stay finite, the weights grow until they overflow a few epochs later.
        var reader = new CheckpointReader();
        var e = Assert.Throws<UserFacingException>(() => new MnistTraining().Run(Settings(batchSize: 64, epochs: 50), reader,
            prepared: setup => reader.Path = System.IO.Path.Combine(setup.RunDirectory, Evaluation.ClassifierCheckpoint.FileName)))!;
        Assert.That(e.ExitCode, Is.EqualTo(1));
        Assert.That(e.Message, Does.Not.Contain("\n"));
        Assert.That(reader.Epochs, Is.GreaterThanOrEqualTo(1), e.Message);
        var failed = reader.Epochs + 1;
        Assert.That(e.Message, Does.StartWith($"training diverged in step 1 of epoch {failed}: the ").And.Contain("became NaN or infinite")
            .And.Contain("lr=1000000 too high").And.Contain($"The checkpoint of epoch {failed - 1}, the last good one, is kept unchanged: {reader.Path}"));
        Assert.That(File.ReadAllBytes(reader.Path), Is.EqualTo(reader.Last));
    }

    [Test]
    public void A_first_epoch_diverging_writes_no_checkpoint()
    {
        var reader = new CheckpointReader();
        string? runDirectory = null;
        var e = Assert.Throws<UserFacingException>(() => new MnistTraining().Run(Settings(batchSize: 1, epochs: 2), reader,
            prepared: setup => runDirectory = setup.RunDirectory))!;
        Assert.That(e.Message, Does.StartWith("training diverged in steps 1-").And.Contain("of epoch 1: the ")
            .And.Contain("No checkpoint was written (the first epoch did not finish)."));
        Assert.That(reader.Epochs, Is.EqualTo(0));
        Assert.That(File.Exists(System.IO.Path.Combine(runDirectory!, Evaluation.ClassifierCheckpoint.FileName)), Is.False);
    }
}
