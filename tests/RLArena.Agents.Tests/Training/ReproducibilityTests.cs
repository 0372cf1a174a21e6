using RLArena.Agents.Dqn;
using RLArena.Agents.Ppo;
using RLArena.Engine.Checkpoints;
using RLArena.Agents.Training;
using TorchSharp;

namespace RLArena.Agents.Tests.Training;

/// <summary>Same seed, same run; and a checkpointed, resumed run continues exactly as an uninterrupted one.</summary>
public class ReproducibilityTests
{
    private string _dir = "";

    [OneTimeSetUp]
    public void OneThread() => Engine.Devices.DeviceSelector.SetThreads(1);

    [SetUp]
    public void Folder() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "rlarena-agents-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void Clean() => Directory.Delete(_dir, recursive: true);

    private static PpoConfig Ppo(int seed = 1) => new()
    {
        Env = "cartpole", Seed = seed, TotalTimesteps = 192, NumEnvs = 2, NumSteps = 16, NumMinibatches = 2, UpdateEpochs = 2,
        AnnealClip = true,
    };

    private static DqnConfig Dqn() => new()
    {
        Env = "gridworld", Seed = 4, TotalTimesteps = 3_000, NumEnvs = 2, LearningStarts = 300, BufferSize = 700, BatchSize = 16,
        TrainFrequency = 4, GradientSteps = 2, TargetNetworkFrequency = 100, Hidden = [32], DoubleQ = true, Loss = TdLoss.Huber,
        MaxGradNorm = 10,
    };

    [Test]
    public void TwoSeededPpoRunsAreIdentical()
    {
        using var a = new PpoTrainer(Ppo(), torch.CPU);
        using var b = new PpoTrainer(Ppo(), torch.CPU);
        using var c = new PpoTrainer(Ppo(seed: 2), torch.CPU);
        var returnsA = new List<double>();
        var returnsB = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            returnsA.AddRange(a.RunUpdate().Episodes.Select(e => e.Episode.Return));
            returnsB.AddRange(b.RunUpdate().Episodes.Select(e => e.Episode.Return));
            c.RunUpdate();
        }
        Assert.That(returnsB, Is.EqualTo(returnsA));
        Assert.That(returnsA, Is.Not.Empty);
        Assert.That(Weights(b.Network), Is.EqualTo(Weights(a.Network)));
        Assert.That(Weights(c.Network), Is.Not.EqualTo(Weights(a.Network)));
    }

    [Test]
    public void PpoResumeContinuesExactlyAsAnUninterruptedRun()
    {
        var path = Path.Combine(_dir, "ppo.ckpt");
        using var straight = new PpoTrainer(Ppo(), torch.CPU);
        var straightEpisodes = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            var report = straight.RunUpdate();
            if (i >= 3) straightEpisodes.AddRange(report.Episodes.Select(e => e.Episode.Return));
        }

        using (var first = new PpoTrainer(Ppo(), torch.CPU))
        {
            for (var i = 0; i < 3; i++) first.RunUpdate();
            first.SaveCheckpoint(path, 1.5);
        }
        using var resumed = new PpoTrainer(Ppo(), torch.CPU);
        Assert.That(resumed.Restore(Checkpoint.Read(path)), Is.EqualTo(new ResumeInfo(1.5, null)), "exact resume: no notice");
        Assert.That((resumed.GlobalStep, resumed.Updates), Is.EqualTo((96L, 3)));
        var resumedEpisodes = new List<double>();
        for (var i = 0; i < 3; i++) resumedEpisodes.AddRange(resumed.RunUpdate().Episodes.Select(e => e.Episode.Return));

        Assert.That(resumed.GlobalStep, Is.EqualTo(straight.GlobalStep));
        Assert.That(resumedEpisodes, Is.EqualTo(straightEpisodes));
        Assert.That(Weights(resumed.Network), Is.EqualTo(Weights(straight.Network)), "weights, optimizer, RNG and envs restored");
    }

    [Test]
    public void DqnResumeRestoresReplayBufferAndTargetAndContinuesExactly()
    {
        var path = Path.Combine(_dir, "dqn.ckpt");
        using var straight = new DqnTrainer(Dqn(), torch.CPU);
        while (!straight.Finished) straight.RunUpdate();

        using (var first = new DqnTrainer(Dqn(), torch.CPU))
        {
            first.RunUpdate();
            first.SaveCheckpoint(path, 0);
        }
        using var resumed = new DqnTrainer(Dqn(), torch.CPU);
        resumed.Restore(Checkpoint.Read(path));
        Assert.That(resumed.Replay.Count, Is.EqualTo(700), "the buffer wrapped around before the checkpoint");
        while (!resumed.Finished) resumed.RunUpdate();

        Assert.That(resumed.GlobalStep, Is.EqualTo(straight.GlobalStep));
        Assert.That(resumed.Replay.Serialize(), Is.EqualTo(straight.Replay.Serialize()));
        Assert.That(Weights(resumed.Network), Is.EqualTo(Weights(straight.Network)));
    }

    private static List<float[]> Weights(torch.nn.Module module) =>
        module.parameters().Select(p => p.detach().cpu().data<float>().ToArray()).ToList();
}
