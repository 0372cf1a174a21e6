using System.Globalization;
using RLArena.Agents.Dqn;
using RLArena.Agents.Evaluation;
using RLArena.Agents.Ppo;
using RLArena.Agents.Sac;
using RLArena.Agents.Training;
using RLArena.Engine.Checkpoints;
using RLArena.Environments;
using RLArena.Environments.Registry;
using RLArena.Environments.Vector;
using TorchSharp;

namespace RLArena.Agents.Tests.Training;

/// <summary>
/// Periodic evaluation (eval_every) for every algorithm: eval/mean_return is logged at each multiple, best.ckpt
/// holds the best of them (re-evaluating it gives exactly the recorded mean), a resumed longer run never ends with a
/// worse best model, and --best picks it.
/// </summary>
public class BestModelTests
{
    private string _root = "";

    [OneTimeSetUp]
    public void Setup()
    {
        Engine.Devices.DeviceSelector.SetThreads(1);
        if (!EnvRegistry.IsRegistered("target")) EnvRegistry.Register(new EnvRegistration("target", "reach a target value", _ => new TargetEnv()));
        if (!EnvRegistry.IsRegistered("identity")) EnvRegistry.Register(new EnvRegistration("identity", "say the shown state", _ => new IdentityEnv()));
    }

    [SetUp]
    public void Folder() => Directory.CreateDirectory(_root = Path.Combine(Path.GetTempPath(), "rlarena-best-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void Clean() => Directory.Delete(_root, recursive: true);

    private static AgentConfig Config(string algorithm) => algorithm switch
    {
        "ppo" => new PpoConfig
        {
            Env = "identity", Seed = 3, TotalTimesteps = 2_048, NumEnvs = 4, NumSteps = 32, NumMinibatches = 4,
            LearningRate = 3e-3, EntCoef = 0.0, Hidden = [32], Gamma = 0.5, EvalEvery = 512, EvalEpisodes = 5,
        },
        "dqn" => new DqnConfig
        {
            Env = "identity", Seed = 2, TotalTimesteps = 3_000, LearningStarts = 200, BufferSize = 2_000, BatchSize = 32,
            TrainFrequency = 1, TargetNetworkFrequency = 50, ExplorationFraction = 0.3, EndE = 0.02, LearningRate = 1e-3,
            Hidden = [32], Gamma = 0.5, EvalEvery = 1_000, EvalEpisodes = 5,
        },
        _ => Configure(Sac.ContinuousLearningTests.SmallSac(1_500)),
    };

    private static SacConfig Configure(SacConfig c)
    {
        c.EvalEvery = 500;
        c.EvalEpisodes = 5;
        return c;
    }

    [TestCase("ppo")]
    [TestCase("dqn")]
    [TestCase("sac")]
    public void BestCheckpointHoldsTheBestPeriodicEvaluation(string algorithm)
    {
        var config = Config(algorithm);
        using var run = TrainingRun.Start(config, _root);
        var result = run.Run();
        var evaluations = EvalReturns(result.RunDirectory);
        Assert.That(evaluations.Count, Is.GreaterThanOrEqualTo(2), "an evaluation at every eval_every steps");
        Assert.That(File.Exists(run.BestCheckpointPath));
        Assert.That(run.Best!.Value.MeanReturn, Is.EqualTo(evaluations.Max()));

        // best.ckpt, re-evaluated on the same seeded episodes, scores exactly what was recorded
        using var best = TrainedPolicy.Load(result.RunDirectory, torch.CPU, best: true);
        Assert.That(best.Step, Is.EqualTo(run.Best.Value.Step));
        var again = Evaluator.Run(best, new VectorEnv([best.MakeEnvironment()]), config.EvalEpisodes, deterministic: true, TrainingRun.PeriodicEvaluationSeed);
        Assert.That(again.MeanReturn, Is.EqualTo(run.Best.Value.MeanReturn).Within(1e-9));
    }

    [TestCase("ppo")]
    [TestCase("sac")]
    public void ALongerRunNeverEndsWithAWorseBestModel(string algorithm)
    {
        var config = Config(algorithm);
        string directory;
        double shorter;
        using (var run = TrainingRun.Start(config, _root))
        {
            directory = run.Run().RunDirectory;
            shorter = run.Best!.Value.MeanReturn;
        }
        using var resumed = TrainingRun.Resume(directory, torch.CPU, config.PlannedSteps * 2);
        Assert.That(resumed.Best!.Value.MeanReturn, Is.EqualTo(shorter), "the resumed run knows the best so far");
        resumed.Run();
        Assert.That(resumed.Best!.Value.MeanReturn, Is.GreaterThanOrEqualTo(shorter));
        Assert.That(resumed.Best.Value.MeanReturn, Is.EqualTo(EvalReturns(directory).Max()), "the best of both sessions' evaluations");
        var step = Checkpoint.Read(resumed.BestCheckpointPath).Metadata.Step;
        Assert.That(step, Is.EqualTo(resumed.Best.Value.Step));
    }

    [Test]
    public void WithoutEvalEveryThereIsNoBestModelAndBestIsOneClearLine()
    {
        var config = Config("ppo");
        config.EvalEvery = 0;
        using var run = TrainingRun.Start(config, _root);
        var result = run.Run();
        Assert.That(File.Exists(run.BestCheckpointPath), Is.False);
        Assert.That(EvalReturns(result.RunDirectory), Is.Empty);
        var e = Assert.Throws<Core.Errors.UserFacingException>(() => TrainedPolicy.Load(result.RunDirectory, torch.CPU, best: true));
        Assert.That(e!.Message, Does.Contain("no best.ckpt").And.Contain("eval_every"));
        var file = Assert.Throws<Core.Errors.UsageException>(() => TrainingRun.ResolveCheckpoint(result.CheckpointPath, best: true));
        Assert.That(file!.Message, Does.Contain("takes a run directory"));
    }

    private static List<double> EvalReturns(string runDirectory)
    {
        var lines = File.ReadAllLines(Path.Combine(runDirectory, "metrics.csv"));
        var header = lines[0].Split(',');
        var tag = Array.IndexOf(header, "metric");
        var value = Array.IndexOf(header, "value");
        return lines.Skip(1).Select(l => l.Split(',')).Where(p => p[tag] == "eval/mean_return")
            .Select(p => double.Parse(p[value], CultureInfo.InvariantCulture)).ToList();
    }
}
