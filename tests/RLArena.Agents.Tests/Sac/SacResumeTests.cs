using RLArena.Agents.Sac;
using RLArena.Agents.Training;
using RLArena.Engine.Checkpoints;
using TorchSharp;

namespace RLArena.Agents.Tests.Sac;

/// <summary>
/// SAC is deterministic for a seed, and a run resumed from a checkpoint (replay buffer, three optimizers, targets,
/// log α, random state and environments included) continues exactly as an uninterrupted one.
/// </summary>
public class SacResumeTests
{
    private string _dir = "";

    [OneTimeSetUp]
    public void OneThread() => Engine.Devices.DeviceSelector.SetThreads(1);

    [SetUp]
    public void Folder() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "rlarena-sac-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void Clean() => Directory.Delete(_dir, recursive: true);

    private static SacConfig Config(bool sde = false) => Tweak(ContinuousLearningTests.SmallSac(1_600), sde);

    private static SacConfig Tweak(SacConfig c, bool sde)
    {
        // gSDE with a collection of 3 steps and a new matrix every 2: the 1,000-step checkpoint falls inside a
        // collection, so the held exploration matrices must come back too.
        if (sde) (c.UseSde, c.SdeSampleFreq, c.LogStdInit) = (true, 2, -1);
        c.NumEnvs = 2;
        c.LearningStarts = 300;
        c.TrainFrequency = sde ? 6 : 2;
        c.GradientSteps = 2;
        c.PolicyFrequency = 2;
        c.TargetNetworkFrequency = 3;
        c.CheckpointEvery = 0;
        return c;
    }

    private static List<string> Logged(UpdateReport report) =>
        report.Episodes.Select(e => $"{e.Step} {e.Episode}")
            .Concat(report.Scalars.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value:R}")).ToList();

    private static List<float[]> Weights(SacTrainer trainer) =>
        trainer.Networks.parameters().Select(p => p.detach().cpu().data<float>().ToArray()).ToList();

    private static SacTrainer Make(bool sde = false) => new(Config(sde), torch.CPU, _ => new TargetEnv());

    [TestCase(false)]
    [TestCase(true)]
    public void TheSameSeedGivesTheSameRun(bool sde)
    {
        using var a = Make(sde);
        using var b = Make(sde);
        var logA = new List<string>();
        var logB = new List<string>();
        while (!a.Finished) logA.AddRange(Logged(a.RunUpdate()));
        while (!b.Finished) logB.AddRange(Logged(b.RunUpdate()));
        Assert.That(logB, Is.EqualTo(logA));
        Assert.That(Weights(b), Is.EqualTo(Weights(a)));
        Assert.That(logA.Any(l => l.StartsWith("losses/actor_loss")), "the runs trained");
    }

    [TestCase(false)]
    [TestCase(true)]
    public void ResumeEqualsAnUninterruptedRun(bool sde)
    {
        var path = Path.Combine(_dir, "checkpoint.ckpt");
        using var straight = Make(sde);
        straight.RunUpdate(); // 1,000 steps
        var straightLog = new List<string>();
        while (!straight.Finished) straightLog.AddRange(Logged(straight.RunUpdate()));

        using (var first = Make(sde))
        {
            first.RunUpdate();
            first.SaveCheckpoint(path, 1.5);
        }
        var checkpoint = Checkpoint.Read(path);
        Assert.That(checkpoint.Metadata.Algorithm, Is.EqualTo("sac"));
        foreach (var section in new[] { "replay_buffer", "actor_adam", "alpha_adam", "adam", "env_snapshot" })
            Assert.That(checkpoint.HasSection(section), $"the checkpoint holds {section}");
        Assert.That(checkpoint.HasSection(SacTrainer.ExplorationSection), Is.EqualTo(sde), "gSDE's held noise is saved with use_sde only");

        using var resumed = Make(sde);
        Assert.That(resumed.Restore(checkpoint), Is.EqualTo(new ResumeInfo(1.5, null)));
        Assert.That(resumed.Replay.Count, Is.EqualTo(1_000), "the replay buffer came back");
        var resumedLog = new List<string>();
        while (!resumed.Finished) resumedLog.AddRange(Logged(resumed.RunUpdate()));
        Assert.That(resumedLog, Is.EqualTo(straightLog));
        Assert.That(Weights(resumed), Is.EqualTo(Weights(straight)));
        Assert.That(resumed.GradientSteps, Is.EqualTo(straight.GradientSteps));
    }

    [Test]
    public void ResumingWithAnotherBufferSizeIsOneClearLine()
    {
        var path = Path.Combine(_dir, "checkpoint.ckpt");
        using (var first = Make())
        {
            first.RunUpdate();
            first.SaveCheckpoint(path, 1);
        }
        var other = Config();
        other.BufferSize = 4_000;
        using var resumed = new SacTrainer(other, torch.CPU, _ => new TargetEnv());
        var e = Assert.Throws<Core.Errors.UserFacingException>(() => resumed.Restore(Checkpoint.Read(path)));
        Assert.That(e!.Message, Does.Contain("replay buffer holds 5000 transitions").And.Not.Contain("\n"));
    }
}
