using RLArena.Agents.Evaluation;
using RLArena.Agents.Ppo;
using RLArena.Agents.Training;
using RLArena.Environments;
using RLArena.Environments.CartPole;
using RLArena.Environments.Wrappers;

namespace RLArena.Agents.Tests.Training;

/// <summary>The documented training-from-code path (README): register, configure, train, evaluate, load, act.</summary>
public class TrainingFromCodeTests
{
    private string _root = "";

    [SetUp]
    public void Folder() => Directory.CreateDirectory(_root = Path.Combine(Path.GetTempPath(), "rlarena-code-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void Clean() => Directory.Delete(_root, recursive: true);

    [Test]
    public void TrainEvaluateLoadAndActWithoutTheCli()
    {
        if (!EnvRegistry.IsRegistered("my-cartpole"))
            EnvRegistry.Register(new EnvRegistration("my-cartpole", "my game", _ => new TimeLimit(new CartPoleEnv(), 500, "my-cartpole")));

        // The README's example, line for line.
        var config = new PpoConfig { Env = "my-cartpole", TotalTimesteps = 4_096, Seed = 1 };
        using var run = TrainingRun.Start(config, runsRoot: _root);
        var steps = new List<long>();
        var result = run.Run(progress => steps.Add(progress.Step));
        var evaluation = run.Evaluate(episodes: 5);
        using var policy = TrainedPolicy.Load(result.CheckpointPath);
        var env = policy.MakeEnvironment();
        var observation = new float[env.ObservationSpace.Size];
        var mask = new bool[env.ActionSpace.N];
        var scores = new float[env.ActionSpace.N];
        env.Reset(seed: 1, observation);
        env.WriteActionMask(mask);
        int action = policy.Act(observation, mask, deterministic: true, scores);

        Assert.That(steps, Is.EqualTo(Enumerable.Range(1, 8).Select(u => u * 512L)), "one progress call per update of 4 × 128 steps");
        Assert.That((result.Steps, result.Interrupted), Is.EqualTo((4_096L, false)));
        Assert.That(action, Is.InRange(0, 1));
        Assert.That(scores.Sum(), Is.EqualTo(1f).Within(1e-5f));
        Assert.That(policy.EnvironmentId, Is.EqualTo("my-cartpole"));
        Assert.That(evaluation.Episodes, Is.EqualTo(5));
        Assert.That(File.ReadAllText(Path.Combine(result.RunDirectory, TrainingRun.EvaluationFileName)),
            Does.Contain("episodes: 5").And.Contain("deterministic: true").And.Contain("seed: 1000000"));

        // The in-memory evaluation is the checkpoint's: the same returns from the loaded policy.
        var fromCheckpoint = Evaluator.Run(policy, 5, deterministic: true, seed: TrainingRun.EvaluationSeed);
        Assert.That(fromCheckpoint.Returns, Is.EqualTo(evaluation.Returns));
    }
}
