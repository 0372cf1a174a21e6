using System.Globalization;
using RLArena.Agents.Ppo;
using RLArena.Agents.Training;
using RLArena.Core.Errors;
using RLArena.Engine.Checkpoints;
using RLArena.Engine.Runs;
using TorchSharp;

namespace RLArena.Agents.Tests.Training;

/// <summary>Resuming cannot garble a run: no step twice, one process per run folder, no budget below the checkpoint.</summary>
public class ResumeSafetyTests
{
    private string _root = "";

    [SetUp]
    public void Folder() => _root = Directory.CreateTempSubdirectory("rlarena-resume-").FullName;

    [TearDown]
    public void Clean() => Directory.Delete(_root, recursive: true);

    private static PpoConfig Tiny(long steps) => new()
    {
        Env = "cartpole", Seed = 5, TotalTimesteps = steps, NumEnvs = 4, NumSteps = 64, NumMinibatches = 2, UpdateEpochs = 2,
        CheckpointEvery = 512,
    };

    /// <summary>Trains until the update after <paramref name="updates"/>, then stops as Ctrl+C would.</summary>
    private TrainingResult Interrupted(int updates)
    {
        var run = TrainingRun.Start(Tiny(100_000), _root, torch.CPU);
        using var stop = new CancellationTokenSource();
        var result = run.Run(new StopAfter(updates, stop), stop.Token);
        run.Trainer.Dispose();
        return result;
    }

    private sealed class StopAfter(int updates, CancellationTokenSource stop) : ITrainingCallback
    {
        public void OnUpdate(TrainingProgress progress)
        {
            if (progress.Update >= updates) stop.Cancel();
        }
    }

    private static List<long> Steps(string runDirectory, string metric) =>
        File.ReadAllLines(Path.Combine(runDirectory, RunDirectory.MetricsFileName)).Skip(1)
            .Select(l => l.Split(',')).Where(p => p[2] == metric)
            .Select(p => long.Parse(p[0], CultureInfo.InvariantCulture)).ToList();

    [Test]
    public void RowsLoggedAfterTheCheckpointByAKilledProcessAreCutOnResume()
    {
        var first = Interrupted(3);
        Assert.That(first.Steps, Is.EqualTo(768));
        // What a process killed between two checkpoints leaves: rows for steps the checkpoint does not hold.
        File.AppendAllLines(Path.Combine(first.RunDirectory, RunDirectory.MetricsFileName),
            ["1024,99.0,charts/SPS,1", "1024,99.0,losses/value_loss,1", "1280,99.5,charts/SPS,1"]);

        var resumed = TrainingRun.Resume(first.RunDirectory, torch.CPU, 1536);
        var more = resumed.Run((ITrainingCallback?)null, CancellationToken.None);
        resumed.Trainer.Dispose();

        Assert.That(more.Steps, Is.EqualTo(1536));
        var sps = Steps(first.RunDirectory, "charts/SPS");
        Assert.That(sps, Is.EqualTo(Enumerable.Range(1, 6).Select(i => i * 256L)), "every update once, in order");
        var valueLoss = Steps(first.RunDirectory, "losses/value_loss");
        Assert.That(valueLoss, Is.Ordered.Ascending.And.Unique);
    }

    [Test]
    public void ASecondResumeOfARunInUseIsRefusedNamingTheProcess()
    {
        var first = Interrupted(1);
        var resumed = TrainingRun.Resume(first.RunDirectory, torch.CPU, null);
        try
        {
            var error = Assert.Throws<UserFacingException>(() => TrainingRun.Resume(first.RunDirectory, torch.CPU, null))!;
            Assert.That(error.Message, Does.Contain($"in use by process {Environment.ProcessId}"));
        }
        finally
        {
            resumed.Trainer.Dispose();
        }
    }

    [Test]
    public void StepsBelowTheCheckpointAreRefusedAndACheckpointPathStandsForItsRun()
    {
        var first = Interrupted(2);
        var error = Assert.Throws<UsageException>(() => TrainingRun.Resume(first.RunDirectory, torch.CPU, 256))!;
        Assert.That(error.Message, Does.Contain("--steps 256").And.Contain("512"));
        Assert.That(File.Exists(Path.Combine(first.RunDirectory, RunLock.FileName)), Is.True, "held until this process ends");
        // The refused resume keeps the lock until its process ends (as the CLI would); stand in for that exit.
        File.Delete(Path.Combine(first.RunDirectory, RunLock.FileName));

        var resumed = TrainingRun.Resume(Path.Combine(first.RunDirectory, TrainingRun.CheckpointFileName), torch.CPU, 768);
        Assert.That(Path.GetFullPath(resumed.Directory), Is.EqualTo(Path.GetFullPath(first.RunDirectory)));
        var more = resumed.Run((ITrainingCallback?)null, CancellationToken.None);
        resumed.Trainer.Dispose();
        Assert.That(more.Steps, Is.EqualTo(768));
        Assert.That(File.Exists(Path.Combine(first.RunDirectory, RunLock.FileName)), Is.False, "released when the run ends");
    }

    [Test]
    public void ACheckpointWithoutAKnownAlgorithmSaysWhatItNamesWithoutContradiction()
    {
        var first = Interrupted(1);
        var checkpoint = Checkpoint.Read(first.CheckpointPath);
        checkpoint.Metadata.Algorithm = "pqo"; // as a damaged version-1 file (no checksums) could say
        var error = Assert.Throws<UserFacingException>(() => TrainingRun.ConfigFromCheckpoint(checkpoint))!;
        Assert.That(error.Message, Does.Contain("algorithm 'pqo'").And.Contain("model kind 'ppo-actor-critic'"));
        Assert.That(error.Message, Does.Not.Contain("it holds a ppo"));
    }
}
