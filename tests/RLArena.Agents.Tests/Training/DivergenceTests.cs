using RLArena.Agents.Dqn;
using RLArena.Agents.Ppo;
using RLArena.Agents.Training;
using RLArena.Core.Errors;
using RLArena.Environments;
using RLArena.Environments.Wrappers;
using TorchSharp;

namespace RLArena.Agents.Tests.Training;

/// <summary>
/// A diverging run stops at the first NaN with one line naming the update and the quantity, and leaves the last good
/// checkpoint byte for byte as it was.
/// </summary>
public class DivergenceTests
{
    private string _root = "";

    [SetUp]
    public void Folder() => Directory.CreateDirectory(_root = Path.Combine(Path.GetTempPath(), "rlarena-nan-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void Clean() => Directory.Delete(_root, recursive: true);

    /// <summary>
    /// Rewards become NaN after <paramref name="healthySteps"/> steps (summed over all copies); at that moment the
    /// checkpoint file is read, so the test knows what the last good checkpoint was before any NaN existed.
    /// </summary>
    private sealed class Poisoner(long healthySteps)
    {
        private long _steps;
        public string CheckpointPath { get; set; } = "";
        public byte[]? GoodCheckpoint { get; private set; }
        public bool Poisoned { get; private set; }

        public IEnvironment Make(string _) => new PoisonedRewards(new IdentityEnv(), this);

        public double Reward(double reward)
        {
            if (++_steps <= healthySteps) return reward;
            if (!Poisoned)
            {
                GoodCheckpoint = File.Exists(CheckpointPath) ? File.ReadAllBytes(CheckpointPath) : null;
                Poisoned = true;
            }
            return double.NaN;
        }
    }

    private sealed class PoisonedRewards(IEnvironment inner, Poisoner poisoner) : EnvironmentWrapper(inner)
    {
        public override StepOutcome Step(int action, Span<float> observation)
        {
            var outcome = base.Step(action, observation);
            return outcome with { Reward = poisoner.Reward(outcome.Reward) };
        }
    }

    private void AssertStoppedAndKept(AgentConfig config, Poisoner poisoner, string update)
    {
        using var run = TrainingRun.Start(config, _root, torch.CPU, poisoner.Make);
        poisoner.CheckpointPath = run.CheckpointPath;
        var acted = 0;
        var e = Assert.Throws<UserFacingException>(() => run.Run(_ => acted++))!;
        Assert.That(poisoner.Poisoned, Is.True);
        Assert.That(e.ExitCode, Is.EqualTo(1));
        Assert.That(e.Message, Does.Not.Contain("\n"));
        Assert.That(e.Message, Does.StartWith($"training diverged in update {update}").And.Contain("the loss became NaN or infinite")
            .And.Contain($"learning_rate={config switch { PpoConfig p => p.LearningRate, DqnConfig d => d.LearningRate, _ => 0 }}")
            .And.Contain("too high").And.Contain("kept unchanged: " + run.CheckpointPath));
        Assert.That(poisoner.GoodCheckpoint, Is.Not.Null, "a good checkpoint existed before the first NaN");
        Assert.That(File.ReadAllBytes(run.CheckpointPath), Is.EqualTo(poisoner.GoodCheckpoint), "the last good checkpoint is byte-identical");
        Assert.That(acted, Is.EqualTo(int.Parse(update) - 1), "no update after the NaN reached the callback");
    }

    [Test]
    public void PpoStopsAtTheUpdateWhoseLossIsNaNAndKeepsTheCheckpoint()
    {
        // 2 copies × 32 steps = 64 per update; checkpoints at 64 and 128; NaN rewards from step 151 (update 3).
        var config = new PpoConfig
        {
            Env = "identity", Seed = 1, TotalTimesteps = 640, NumEnvs = 2, NumSteps = 32, NumMinibatches = 2, UpdateEpochs = 1,
            Hidden = [8], CheckpointEvery = 64,
        };
        AssertStoppedAndKept(config, new Poisoner(150), "3");
    }

    [Test]
    public void DqnStopsAtTheUpdateWhoseLossIsNaNAndKeepsTheCheckpoint()
    {
        // One update is 1000 steps; a checkpoint at 1000; NaN rewards from step 1101 reach a minibatch in update 2.
        var config = new DqnConfig
        {
            Env = "identity", Seed = 1, TotalTimesteps = 5_000, LearningStarts = 100, BufferSize = 5_000, BatchSize = 16,
            TrainFrequency = 1, Hidden = [8], CheckpointEvery = 1_000,
        };
        AssertStoppedAndKept(config, new Poisoner(1_100), "2");
    }

    [Test]
    public void WithoutAnEarlierCheckpointNoneIsWritten()
    {
        var config = new PpoConfig
        {
            Env = "identity", Seed = 1, TotalTimesteps = 640, NumEnvs = 2, NumSteps = 32, NumMinibatches = 2, UpdateEpochs = 1,
            Hidden = [8], CheckpointEvery = 0,
        };
        var poisoner = new Poisoner(0);
        using var run = TrainingRun.Start(config, _root, torch.CPU, poisoner.Make);
        poisoner.CheckpointPath = run.CheckpointPath;
        var e = Assert.Throws<UserFacingException>(() => run.Run())!;
        Assert.That(e.Message, Does.StartWith("training diverged in update 1").And.Contain("no checkpoint was written"));
        Assert.That(File.Exists(run.CheckpointPath), Is.False);
    }
}
