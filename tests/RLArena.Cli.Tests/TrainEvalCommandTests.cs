using RLArena.Environments;
using RLArena.Environments.CartPole;
using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;

namespace RLArena.Cli.Tests;

/// <summary>`rlarena train` and `rlarena eval` end to end on tiny runs.</summary>
[NonParallelizable]
public class TrainEvalCommandTests
{
    private string _root = "";

    [SetUp]
    public void Folder() => Directory.CreateDirectory(_root = Path.Combine(Path.GetTempPath(), "rlarena-cli-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void Clean() => Directory.Delete(_root, recursive: true);

    private static (int Code, string Output) Run(params string[] args) => RecordingCli.RunCapturingStdout(300, args);

    [Test]
    public void TrainThenEvalPrintsStatistics()
    {
        var (code, output) = Run("train", "--algo", "dqn", "--env", "gridworld", "--steps", "1500", "--seed", "2", "--runs", _root,
            "--set", "learning_starts=500", "--set", "hidden=32", "--eval-episodes", "3");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("Training DQN on gridworld for 1,500 steps (seed 2"));
        Assert.That(output, Does.Contain("Done: 1,500 steps"));
        Assert.That(output, Does.Contain("Evaluation (3 deterministic episodes): return "));
        var run = Directory.GetDirectories(_root).Single();
        Assert.That(File.ReadAllText(Path.Combine(run, "eval.txt")), Does.Contain("episodes: 3"));

        (code, output) = Run("eval", "--checkpoint", Path.Combine(run, "checkpoint.ckpt"), "--episodes", "4", "--deterministic", "--seed", "7");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("DQN on gridworld"));
        Assert.That(output, Does.Contain("4 episodes, deterministic, seed 7:"));
        Assert.That(output, Does.Match(@"return\s+-?\d+\.\d\d ± \d+\.\d\d"));
        Assert.That(output, Does.Match(@"success\s+\d+\.\d%"), "GridWorld defines success");
    }

    [Test]
    public void SacOnPendulumKeepsTheBestModelAndEvalTakesIt()
    {
        var (code, output) = Run("train", "--algo", "sac", "--env", "pendulum", "--steps", "800", "--seed", "1", "--runs", _root,
            "--set", "learning_starts=400", "--set", "hidden=16", "--set", "batch_size=32", "--set", "eval_every=400",
            "--set", "eval_episodes=1", "--eval-episodes", "1");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("Training SAC on pendulum for 800 steps (seed 1"));
        Assert.That(output, Does.Match(@"Best model: .*best\.ckpt \(step (400|800), deterministic mean return -?\d+\.\d over 1 episodes\)"));
        var run = Directory.GetDirectories(_root).Single();

        (code, output) = Run("eval", "--checkpoint", run, "--best", "--episodes", "2", "--deterministic");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("SAC on pendulum"));
        Assert.That(output, Does.Contain("2 episodes, deterministic, seed 1:"));
        Assert.That(output, Does.Match(@"length\s+200\.00 ± 0\.00"), "Pendulum's episodes are cut at 200 steps");

        (code, output) = Run("eval", "--checkpoint", Path.Combine(run, "checkpoint.ckpt"), "--best");
        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("--best takes a run directory"));
    }

    [Test]
    public void WrongAlgorithmForTheActionSpaceIsOneLine()
    {
        var (code, output) = Run("train", "--algo", "dqn", "--env", "pendulum", "--steps", "20000", "--runs", _root);
        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("--algo dqn: pendulum takes continuous actions"));
        Assert.That(output.Trim().Split('\n').Count(l => l.StartsWith("rlarena: error:")), Is.EqualTo(1), output);
        Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
    }

    [TestCase("train", "--algo", "a2c")]
    [TestCase("train", "--set", "learning_rat=0.1")]
    [TestCase("train", "--env", "mars")]
    [TestCase("train", "--resume", "x", "--seed", "3")]
    [TestCase("eval")]
    public void BadFlagsAreUsageErrors(params string[] args)
    {
        var (code, output) = Run(args);
        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("rlarena: error:"));
        Assert.That(output, Does.Not.Contain("   at "));
    }

    [Test]
    public void EvalOfACorruptCheckpointIsOneLine()
    {
        var path = Path.Combine(_root, "broken.ckpt");
        File.WriteAllBytes(path, [1, 2, 3]);
        var (code, output) = Run("eval", "--checkpoint", path);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(output.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(output, Does.Contain("not a usable RLArena checkpoint"));
    }

    [Test]
    public void ResumingAnEnvironmentWithoutSnapshotsSaysSoOnce()
    {
        if (!EnvRegistry.IsRegistered(CartPoleWithoutSnapshots.Name))
            EnvRegistry.Register(new EnvRegistration(CartPoleWithoutSnapshots.Name, "CartPole that cannot save its state", _ => new CartPoleWithoutSnapshots()));
        var (code, output) = Run("train", "--algo", "ppo", "--env", CartPoleWithoutSnapshots.Name, "--steps", "512", "--runs", _root,
            "--set", "num_steps=32", "--set", "num_envs=2", "--eval-episodes", "0");
        Assert.That(code, Is.EqualTo(0), output);
        var run = Directory.GetDirectories(_root).Single();

        (code, output) = Run("train", "--resume", run, "--steps", "1024", "--eval-episodes", "1");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("Resuming"));
        var notices = output.Split('\n').Count(l => l.Contains("cannot save its state") && l.Contains("fresh episodes"));
        Assert.That(notices, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("Done: 1,024 steps"));
        Assert.That(File.ReadAllText(Path.Combine(run, "eval.txt")), Does.Contain("episodes: 1"), "the run layer writes eval.txt");
    }

    /// <summary>CartPole behind an environment that does not implement ISnapshotEnvironment.</summary>
    private sealed class CartPoleWithoutSnapshots : IEnvironment
    {
        public const string Name = "cartpole-no-snapshots";
        private readonly CartPoleEnv _inner = new();
        private int _steps;
        public string Id => Name;
        public BoxSpace ObservationSpace => _inner.ObservationSpace;
        public DiscreteSpace ActionSpace => _inner.ActionSpace;
        public void Reset(int? seed, Span<float> observation) { _steps = 0; _inner.Reset(seed, observation); }
        public StepOutcome Step(int action, Span<float> observation)
        {
            var outcome = _inner.Step(action, observation);
            return outcome with { Truncated = ++_steps >= 200 };
        }
        public void WriteActionMask(Span<bool> mask) => _inner.WriteActionMask(mask);
        public Scene Describe() => _inner.Describe();
    }
}
