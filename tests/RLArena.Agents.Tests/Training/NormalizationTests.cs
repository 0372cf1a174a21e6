using RLArena.Agents.Evaluation;
using RLArena.Agents.Ppo;
using RLArena.Agents.Sac;
using RLArena.Agents.Training;
using RLArena.Engine.Checkpoints;
using RLArena.Environments;
using RLArena.Environments.Registry;
using RLArena.Environments.Vector;
using RLArena.Environments.Wrappers;
using TorchSharp;

namespace RLArena.Agents.Tests.Training;

/// <summary>
/// normalize_observation / normalize_reward: the statistics are saved in the checkpoint, frozen wherever the policy
/// is evaluated or watched, and restored on resume; the returns logged stay the environment's own.
/// </summary>
public class NormalizationTests
{
    private string _root = "";

    [OneTimeSetUp]
    public void Setup()
    {
        Engine.Devices.DeviceSelector.SetThreads(1);
        if (!EnvRegistry.IsRegistered("target")) EnvRegistry.Register(new EnvRegistration("target", "reach a target value", _ => new TargetEnv()));
    }

    [SetUp]
    public void Folder() => Directory.CreateDirectory(_root = Path.Combine(Path.GetTempPath(), "rlarena-norm-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void Clean() => Directory.Delete(_root, recursive: true);

    private static PpoConfig Config() => new()
    {
        Env = "target", Seed = 5, TotalTimesteps = 512, NumEnvs = 2, NumSteps = 64, NumMinibatches = 2, UpdateEpochs = 2,
        Hidden = [16], NormalizeObservation = true, NormalizeReward = true, EvalEvery = 256, EvalEpisodes = 3,
    };

    private static (double[] Mean, double[] Variance, double Count) Stats(IRunningStatistics s) =>
        (s.Statistics.Mean.ToArray(), s.Statistics.Variance.ToArray(), s.Statistics.Count);

    [Test]
    public void StatisticsAreSavedFrozenForEvaluationAndRestoredOnResume()
    {
        string checkpointPath;
        (double[] Mean, double[] Variance, double Count) trained;
        using (var run = TrainingRun.Start(Config(), _root))
        {
            var result = run.Run();
            checkpointPath = result.CheckpointPath;
            var trainer = (PpoTrainer)run.Trainer;
            var copy0 = trainer.Policy is GaussianPpoPolicy ? SessionOf(trainer).Env.Environments[0] : throw new AssertionException("Gaussian PPO expected");
            var kinds = copy0.RunningStatistics().Select(s => s.Kind).ToList();
            Assert.That(kinds, Is.EquivalentTo(new[] { "observation", "reward" }));
            trained = Stats(copy0.RunningStatistics().Single(s => s.Kind == "observation"));
            Assert.That(trained.Count, Is.GreaterThan(256), "the statistics learned from every step");

            // The evaluation copy: observation statistics copied and frozen, no reward scaling.
            var evaluation = trainer.MakeEvaluationEnvironment()!;
            var frozen = evaluation.RunningStatistics().Single();
            Assert.That((frozen.Kind, frozen.Frozen), Is.EqualTo(("observation", true)));
            Evaluator.Run(trainer.Policy, new VectorEnv([evaluation]), 3, deterministic: true, seed: 1);
            Assert.That(Stats(frozen).Mean, Is.EqualTo(trained.Mean), "evaluation never updates the statistics");
            Assert.That(Stats(frozen).Count, Is.EqualTo(trained.Count));
        }

        var checkpoint = Checkpoint.Read(checkpointPath);
        Assert.That(checkpoint.HasSection("normalization"));

        // eval and watch: the loaded policy's environment normalises with the saved statistics, frozen
        using (var policy = TrainedPolicy.Load(checkpointPath))
        {
            var env = policy.MakeEnvironment();
            var statistics = env.RunningStatistics().Single();
            Assert.That(statistics.Frozen);
            Assert.That(Stats(statistics).Mean, Is.EqualTo(trained.Mean));
            Assert.That(Stats(statistics).Variance, Is.EqualTo(trained.Variance));
            var observation = new float[1];
            env.Reset(7, observation);
            var raw = new float[1];
            new TargetEnv().Reset(7, raw);
            Assert.That(observation[0], Is.EqualTo((raw[0] - trained.Mean[0]) / Math.Sqrt(trained.Variance[0] + 1e-8)).Within(1e-5));
        }

        // resume: the training copies continue from the saved statistics
        using var resumed = TrainingRun.Resume(Path.GetDirectoryName(checkpointPath)!, torch.CPU, 1_024);
        var restored = SessionOf((PpoTrainer)resumed.Trainer).Env.Environments[0].RunningStatistics().Single(s => s.Kind == "observation");
        Assert.That(Stats(restored).Mean, Is.EqualTo(trained.Mean));
        Assert.That(Stats(restored).Count, Is.EqualTo(trained.Count));
        Assert.That(restored.Frozen, Is.False, "training keeps updating them");
    }

    [Test]
    public void LoggedReturnsAreTheEnvironmentsOwnNotTheScaledOnes()
    {
        var plain = Config();
        plain.NormalizeReward = false;
        plain.NormalizeObservation = false;
        var scaled = Config();
        scaled.NormalizeObservation = false; // same actions until the first update: only the reward scaling differs
        using var a = new PpoTrainer(plain, torch.CPU, _ => new TargetEnv());
        using var b = new PpoTrainer(scaled, torch.CPU, _ => new TargetEnv());
        var first = a.RunUpdate().Episodes.Select(e => e.Episode.Return).ToList();
        var second = b.RunUpdate().Episodes.Select(e => e.Episode.Return).ToList();
        Assert.That(first, Is.Not.Empty);
        Assert.That(second, Is.EqualTo(first).Within(1e-9));
    }

    private static EnvironmentSession SessionOf(PpoTrainer trainer) =>
        (EnvironmentSession)typeof(PpoTrainer).GetField("_session", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(trainer)!;
}
