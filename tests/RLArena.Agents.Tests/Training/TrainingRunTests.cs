using RLArena.Agents.Dqn;
using RLArena.Agents.Evaluation;
using RLArena.Agents.Ppo;
using RLArena.Agents.Training;
using RLArena.Core.Errors;
using TorchSharp;

namespace RLArena.Agents.Tests.Training;

/// <summary>A whole (tiny) run: files in the run directory, callbacks, Ctrl+C, resume, loading the policy, evaluation.</summary>
public class TrainingRunTests
{
    private string _root = "";

    [SetUp]
    public void Folder() => Directory.CreateDirectory(_root = Path.Combine(Path.GetTempPath(), "rlarena-runs-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void Clean() => Directory.Delete(_root, recursive: true);

    private static PpoConfig Tiny(long steps) => new()
    {
        Env = "cartpole", Seed = 5, TotalTimesteps = steps, NumEnvs = 4, NumSteps = 64, NumMinibatches = 2, UpdateEpochs = 2,
        CheckpointEvery = 512,
    };

    private sealed class Recorder(Action<TrainingProgress>? also = null) : ITrainingCallback
    {
        public List<TrainingProgress> Seen { get; } = [];
        public void OnUpdate(TrainingProgress progress)
        {
            Seen.Add(progress);
            also?.Invoke(progress);
        }
    }

    [Test]
    public void RunWritesConfigMetricsPlotAndCheckpointAndResumes()
    {
        var run = TrainingRun.Start(Tiny(1024), _root, torch.CPU);
        var recorder = new Recorder(p =>
        {
            var scores = new float[2];
            var action = p.Policy.Act([0f, 0f, 0.01f, 0f], [true, true], true, scores);
            Assert.That(action, Is.InRange(0, 1));
            Assert.That(scores.Sum(), Is.EqualTo(1f).Within(1e-5f), "PPO scores are probabilities");
        });
        var result = run.Run(recorder, CancellationToken.None);
        run.Trainer.Dispose();

        Assert.That(result.Interrupted, Is.False);
        Assert.That((result.Steps, result.Updates), Is.EqualTo((1024L, 4)));
        Assert.That(recorder.Seen.Select(p => p.Update), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        Assert.That(recorder.Seen[^1].Scalars.Keys, Is.SupersetOf(new[]
        {
            "losses/value_loss", "losses/policy_loss", "losses/entropy", "losses/approx_kl", "losses/clipfrac",
            "losses/explained_variance", "charts/learning_rate",
        }));
        Assert.That(Path.GetFileName(result.RunDirectory), Does.StartWith("cartpole__ppo__5__"));
        var config = File.ReadAllText(Path.Combine(result.RunDirectory, "config.yaml"));
        Assert.That(config, Does.Contain("algo: ppo").And.Contain("num_steps: 64").And.Contain("env: cartpole"));
        var metrics = File.ReadAllLines(Path.Combine(result.RunDirectory, "metrics.csv"));
        Assert.That(metrics[0], Is.EqualTo("step,wall_time,metric,value"));
        foreach (var name in new[] { "charts/episodic_return", "charts/episodic_length", "charts/SPS", "losses/value_loss" })
            Assert.That(metrics.Any(l => l.Split(',')[2] == name), name);
        Assert.That(new FileInfo(Path.Combine(result.RunDirectory, TrainingRun.ReturnPlotFileName)).Length, Is.GreaterThan(1000));
        Assert.That(Directory.GetFiles(result.RunDirectory, "events.out.tfevents.*"), Is.Not.Empty);

        // Resume to a larger budget: the same directory, counters go on, metrics are appended.
        var resumed = TrainingRun.Resume(result.RunDirectory, torch.CPU, 1536);
        Assert.That(resumed.Trainer.GlobalStep, Is.EqualTo(1024));
        var more = resumed.Run();
        resumed.Trainer.Dispose();
        Assert.That((more.Steps, more.Updates), Is.EqualTo((1536L, 6)));
        var after = File.ReadAllLines(Path.Combine(result.RunDirectory, "metrics.csv"));
        Assert.That(after.Length, Is.GreaterThan(metrics.Length));
        Assert.That(after.Count(l => l.StartsWith("step,")), Is.EqualTo(1));
        Assert.That(File.ReadAllText(Path.Combine(result.RunDirectory, "config.yaml")), Does.Contain("total_timesteps: 1536"));
    }

    [Test]
    public void CancellationFinishesTheUpdateAndSavesACheckpoint()
    {
        var run = TrainingRun.Start(Tiny(100_000), _root, torch.CPU);
        using var cancel = new CancellationTokenSource();
        var result = run.Run(new Recorder(_ => cancel.Cancel()), cancel.Token);
        run.Trainer.Dispose();
        Assert.That(result.Interrupted);
        Assert.That((result.Steps, result.Updates), Is.EqualTo((256L, 1)));
        using var policy = TrainedPolicy.Load(result.CheckpointPath);
        Assert.That(policy.Step, Is.EqualTo(256));
    }

    [Test]
    public void TrainedPolicyLoadsAndEvaluates()
    {
        var run = TrainingRun.Start(Tiny(512), _root, torch.CPU);
        var result = run.Run();
        run.Trainer.Dispose();

        using var policy = TrainedPolicy.Load(result.RunDirectory); // a run directory works too
        Assert.That((policy.Algorithm, policy.EnvironmentId, policy.ScoreLabel, policy.ActionCount), Is.EqualTo(("ppo", "cartpole", "probability", 2)));
        Assert.That(policy.Architecture, Is.EqualTo("actor MLP 4-64-64-2 (tanh); critic MLP 4-64-64-1 (tanh)"));
        var env = policy.MakeEnvironment();
        Assert.That(env.Id, Does.StartWith("cartpole"));

        var a = Evaluator.Run(policy, 5, deterministic: true, seed: 3);
        var b = Evaluator.Run(policy, 5, deterministic: true, seed: 3);
        Assert.That(a.Episodes, Is.EqualTo(5));
        Assert.That(b.Returns, Is.EqualTo(a.Returns), "seeded evaluation repeats");
        Assert.That(a.Lengths.Select(l => (double)l), Is.EqualTo(a.Returns), "CartPole pays 1 per step");
        Assert.That(a.SuccessRate, Is.Null, "CartPole defines no success");
        Assert.That(a.StdReturn, Is.EqualTo(Math.Sqrt(a.Returns.Select(r => (r - a.MeanReturn) * (r - a.MeanReturn)).Average())).Within(1e-9));
    }

    [Test]
    public void BadCheckpointsAreOneLineErrors()
    {
        var garbage = Path.Combine(_root, "garbage.ckpt");
        File.WriteAllText(garbage, "not a checkpoint");
        var e = Assert.Throws<UserFacingException>(() => TrainedPolicy.Load(garbage))!;
        Assert.That(e.Message, Does.Contain("not a usable RLArena checkpoint"));
        Assert.Throws<UserFacingException>(() => TrainedPolicy.Load(Path.Combine(_root, "missing.ckpt")));
        Assert.Throws<UserFacingException>(() => TrainingRun.Resume(_root, torch.CPU, null));
    }

    [Test]
    public void ConfigsBindStrictlyWithFlagsWinning()
    {
        var file = Path.Combine(_root, "ppo.yaml");
        File.WriteAllText(file, "\uFEFFnum_envs: 8\nlearning_rate: 0.001\nseed: 3\n");
        var config = (PpoConfig)AgentConfigs.Build("ppo", "cartpole", file, ["learning_rate=0.002", "seed=4"], [new("seed", "9")]);
        Assert.That((config.NumEnvs, config.LearningRate, config.Seed), Is.EqualTo((8, 0.002, 9)));

        File.WriteAllText(file, "learning_rat: 0.001\n");
        var e = Assert.Throws<UsageException>(() => AgentConfigs.Build("ppo", "cartpole", file, [], []))!;
        Assert.That(e.Message, Does.Contain("did you mean 'learning_rate'"));
        Assert.Throws<UsageException>(() => AgentConfigs.Build("a2c", "cartpole", null, [], []));
        Assert.Throws<UsageException>(() => TrainingRun.CreateTrainer(new PpoConfig { Env = "nowhere" }, torch.CPU));
    }

    [Test]
    public void TunedConfigFilesExistAndBind()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "configs");
        foreach (var (algo, env) in new[] { ("ppo", "cartpole"), ("ppo", "gridworld"), ("dqn", "cartpole"), ("dqn", "mountaincar"), ("dqn", "acrobot") })
        {
            var file = AgentConfigs.FindTunedFile(algo, env, [root]);
            Assert.That(file, Is.Not.Null, $"configs/{algo}/{env}.yaml");
            Assert.DoesNotThrow(() => AgentConfigs.Build(algo, env, null, [], [], [root]));
        }
        var tuned = (PpoConfig)AgentConfigs.Build("ppo", "cartpole", null, [], [], [root]);
        Assert.That((tuned.NumEnvs, tuned.NumSteps, tuned.UpdateEpochs, tuned.TotalTimesteps), Is.EqualTo((8, 32, 20, 100_000L)));
        var acrobot = (DqnConfig)AgentConfigs.Build("dqn", "acrobot", null, [], [], [root]);
        Assert.That((acrobot.TotalTimesteps, acrobot.LearningStarts, acrobot.TrainFrequency, acrobot.GradientSteps, acrobot.TargetNetworkFrequency),
            Is.EqualTo((100_000L, 0L, 4, 4, 250)), "the RL Zoo's Acrobot-v1 settings");
        var car = (DqnConfig)AgentConfigs.Build("dqn", "mountaincar", null, [], [], [root]);
        Assert.That((car.TotalTimesteps, car.Gamma, car.LearningRate, car.TargetNetworkFrequency, car.EndE),
            Is.EqualTo((120_000L, 0.99, 0.004, 600, 0.07)), "the RL Zoo's MountainCar-v0 settings, except gamma 0.99 (see the config's header)");
    }
}
