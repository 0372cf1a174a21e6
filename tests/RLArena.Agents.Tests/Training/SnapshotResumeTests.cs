using RLArena.Agents.Dqn;
using RLArena.Agents.Ppo;
using RLArena.Agents.Training;
using RLArena.Engine.Checkpoints;
using RLArena.Environments;
using RLArena.Environments.Wrappers;
using TorchSharp;

namespace RLArena.Agents.Tests.Training;

/// <summary>
/// Resuming from a checkpoint restores the environments from their snapshot (no replay): train N steps, save,
/// resume, train to 2N, and everything equals an uninterrupted 2N run. Environments without snapshots resume with
/// fresh episodes and a notice; checkpoints from before snapshots (an action log) still resume by replay.
/// </summary>
public class SnapshotResumeTests
{
    private string _dir = "";

    [OneTimeSetUp]
    public void OneThread() => Engine.Devices.DeviceSelector.SetThreads(1);

    [SetUp]
    public void Folder() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "rlarena-resume-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void Clean() => Directory.Delete(_dir, recursive: true);

    private static AgentConfig Config(string algorithm, string env) => algorithm == "ppo"
        ? new PpoConfig
        {
            Env = env, Seed = 3, TotalTimesteps = 256, NumEnvs = 2, NumSteps = 32, NumMinibatches = 2, UpdateEpochs = 2,
            Hidden = [16], TorchThreads = 1,
        }
        : new DqnConfig
        {
            Env = env, Seed = 3, TotalTimesteps = 2_000, NumEnvs = 2, LearningStarts = 200, BufferSize = 600, BatchSize = 16,
            TrainFrequency = 8, TargetNetworkFrequency = 100, Hidden = [16], TorchThreads = 1,
        };

    /// <summary>Everything an update hands to the logger: finished episodes (with their step) and the scalars.</summary>
    private static List<string> Logged(UpdateReport report) =>
        report.Episodes.Select(e => $"{e.Step} {e.Episode}")
            .Concat(report.Scalars.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value:R}")).ToList();

    private static List<float[]> Weights(IAgentTrainer trainer) =>
        (trainer switch { PpoTrainer p => (torch.nn.Module)p.Network, DqnTrainer d => d.Network, _ => throw new ArgumentException() })
        .parameters().Select(p => p.detach().cpu().data<float>().ToArray()).ToList();

    [TestCase("ppo", "cartpole")]
    [TestCase("ppo", "gridworld")]
    [TestCase("ppo", "gridworld:obs=visual")]
    [TestCase("dqn", "cartpole")]
    [TestCase("dqn", "gridworld")]
    [TestCase("dqn", "gridworld:obs=visual")]
    public void ResumeFromASnapshotEqualsAnUninterruptedRun(string algorithm, string env)
    {
        var path = Path.Combine(_dir, "checkpoint.ckpt");
        using var straight = TrainingRun.CreateTrainer(Config(algorithm, env), torch.CPU);
        var straightLog = new List<string>();
        var half = 0;
        while (!straight.Finished)
        {
            var report = straight.RunUpdate();
            if (straight.GlobalStep <= straight.TotalSteps / 2) { half = straight.Updates; continue; }
            straightLog.AddRange(Logged(report));
        }

        using (var first = TrainingRun.CreateTrainer(Config(algorithm, env), torch.CPU))
        {
            for (var i = 0; i < half; i++) first.RunUpdate();
            Assert.That(first.GlobalStep, Is.EqualTo(first.TotalSteps / 2));
            first.SaveCheckpoint(path, 2.5);
        }
        var checkpoint = Checkpoint.Read(path);
        Assert.That(checkpoint.HasSection("env_snapshot"), "the checkpoint holds the environments' snapshot");
        Assert.That(checkpoint.HasSection("env_actions"), Is.False, "and no action log");

        using var resumed = TrainingRun.CreateTrainer(Config(algorithm, env), torch.CPU);
        Assert.That(resumed.Restore(checkpoint), Is.EqualTo(new ResumeInfo(2.5, null)));
        var resumedLog = new List<string>();
        while (!resumed.Finished) resumedLog.AddRange(Logged(resumed.RunUpdate()));

        Assert.That(resumed.GlobalStep, Is.EqualTo(straight.GlobalStep));
        Assert.That(resumedLog, Is.EqualTo(straightLog), "episodes and logged values");
        Assert.That(straightLog.Count(l => l.StartsWith("losses/")), Is.GreaterThan(0), "learning happened after the checkpoint");
        Assert.That(Weights(resumed), Is.EqualTo(Weights(straight)));
    }

    [Test]
    public void AnOldCheckpointWithAnActionLogStillResumesByReplay()
    {
        var config = (PpoConfig)Config("ppo", "gridworld");
        var recorders = new List<ActionRecorder>();
        IEnvironment Recording(string id)
        {
            var recorder = new ActionRecorder(EnvRegistry.Make(id));
            recorders.Add(recorder);
            return recorder;
        }
        using var straight = new PpoTrainer(config, torch.CPU);
        for (var i = 0; i < 4; i++) straight.RunUpdate();

        var path = Path.Combine(_dir, "new.ckpt");
        var oldPath = Path.Combine(_dir, "old.ckpt");
        using (var first = new PpoTrainer(config, torch.CPU, Recording))
        {
            first.RunUpdate();
            first.RunUpdate();
            first.SaveCheckpoint(path, 0);
            // The same checkpoint as an older version wrote it: the actions since the seeded reset instead of a snapshot.
            var log = new ActionLog(5);
            for (var t = 0; t < recorders[0].Actions.Count; t++) log.Append(recorders.Select(r => r.Actions[t]).ToArray());
            var saved = Checkpoint.Read(path);
            var sections = saved.SectionNames.Where(n => n is not (Checkpoint.ModelSection or "env_snapshot"))
                .ToDictionary(n => n, saved.GetSection);
            sections["env_actions"] = log.ToBytes();
            Checkpoint.Save(oldPath, first.Network, null, saved.Metadata, sections);
        }

        using var resumed = new PpoTrainer(config, torch.CPU);
        Assert.That(resumed.Restore(Checkpoint.Read(oldPath)).Notice, Is.Null, "replay is exact");
        resumed.RunUpdate();
        resumed.RunUpdate();
        Assert.That(Weights(resumed), Is.EqualTo(Weights(straight)));
    }

    [Test]
    public void AnEnvironmentWithoutSnapshotsResumesWithFreshEpisodesAndOneNotice()
    {
        var config = new PpoConfig
        {
            Env = "identity", Seed = 2, TotalTimesteps = 256, NumEnvs = 2, NumSteps = 32, NumMinibatches = 2, UpdateEpochs = 1, Hidden = [8],
        };
        var path = Path.Combine(_dir, "identity.ckpt");
        List<float[]> saved;
        using (var first = new PpoTrainer(config, torch.CPU, _ => new IdentityEnv()))
        {
            first.RunUpdate();
            first.RunUpdate();
            first.SaveCheckpoint(path, 0);
            saved = Weights(first);
        }
        var checkpoint = Checkpoint.Read(path);
        Assert.That(checkpoint.HasSection("env_snapshot") || checkpoint.HasSection("env_actions"), Is.False);

        var runs = new List<List<string>>();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var resumed = new PpoTrainer(config, torch.CPU, _ => new IdentityEnv());
            var info = resumed.Restore(checkpoint);
            Assert.That(info.Notice, Does.Contain("identity cannot save its state").And.Contain("fresh episodes"));
            Assert.That(Weights(resumed), Is.EqualTo(saved), "the agent itself is restored exactly");
            Assert.That(resumed.GlobalStep, Is.EqualTo(128));
            var log = new List<string>();
            while (!resumed.Finished) log.AddRange(Logged(resumed.RunUpdate()));
            runs.Add(log);
        }
        Assert.That(runs[1], Is.EqualTo(runs[0]), "fresh episodes are seeded from the run seed and the step");
        Assert.That(EnvironmentSession.FreshSeed(2, 128, 2), Is.Not.EqualTo(EnvironmentSession.FreshSeed(2, 256, 2)));
    }

    [Test]
    public void TrainingRunResumeCarriesTheNoticeOnce()
    {
        var config = new PpoConfig
        {
            Env = "identity", Seed = 2, TotalTimesteps = 128, NumEnvs = 2, NumSteps = 32, NumMinibatches = 2, UpdateEpochs = 1, Hidden = [8],
        };
        IEnvironment Make(string _) => new IdentityEnv();
        string directory;
        using (var run = TrainingRun.Start(config, _dir, torch.CPU, Make))
        {
            Assert.That(run.Notice, Is.Null);
            directory = run.Run().RunDirectory;
        }
        using var resumed = TrainingRun.Resume(directory, torch.CPU, 256, Make);
        Assert.That(resumed.Notice, Does.Contain("fresh episodes"));
        var result = resumed.Run();
        Assert.That(result.Steps, Is.EqualTo(256));
    }

    /// <summary>Keeps every action its environment was stepped with.</summary>
    private sealed class ActionRecorder(IEnvironment inner) : EnvironmentWrapper(inner)
    {
        public List<int> Actions { get; } = [];

        public override StepOutcome Step(int action, Span<float> observation)
        {
            Actions.Add(action);
            return base.Step(action, observation);
        }
    }
}
