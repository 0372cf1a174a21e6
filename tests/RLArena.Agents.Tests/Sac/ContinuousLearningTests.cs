using RLArena.Agents.Evaluation;
using RLArena.Agents.Ppo;
using RLArena.Agents.Sac;
using RLArena.Environments.Vector;
using TorchSharp;

namespace RLArena.Agents.Tests.Sac;

/// <summary>
/// Short seeded runs on the continuous target task (reach the shown value; best return 0, random about −9.4) that
/// SAC and Gaussian PPO must solve, and what PPO sends to the environment (clipped) against what it learns from
/// (unclipped).
/// </summary>
public class ContinuousLearningTests
{
    /// <summary>Mean |action − target| below 0.1 per step.</summary>
    private const double Solved = -0.1 * TargetEnv.Length;

    [OneTimeSetUp]
    public void OneThread() => Engine.Devices.DeviceSelector.SetThreads(1);

    internal static SacConfig SmallSac(long steps = 2_000) => new()
    {
        Env = "target", Seed = 4, TotalTimesteps = steps, LearningStarts = 200, BufferSize = 5_000, BatchSize = 64,
        Hidden = [32, 32], PolicyLr = 3e-3, QLr = 3e-3, AlphaLr = 3e-3, Gamma = 0.5, PolicyFrequency = 1, Tau = 0.05,
    };

    [TestCase(false)]
    [TestCase(true)]
    public void SacSolvesTheTargetTask(bool sde)
    {
        var config = SmallSac();
        if (sde) (config.UseSde, config.LogStdInit, config.TrainFrequency, config.GradientSteps) = (true, -1, 8, 8);
        using var trainer = new SacTrainer(config, torch.CPU, _ => new TargetEnv());
        while (!trainer.Finished) trainer.RunUpdate();
        var result = Evaluator.Run(trainer.Policy, new VectorEnv([new TargetEnv()]), 20, deterministic: true, seed: 99);
        Assert.That(result.MeanReturn, Is.GreaterThan(Solved), "the deterministic actor must track the target");
        Assert.That(trainer.Networks.Actor.StateDependentExploration, Is.EqualTo(sde));
        Assert.That(trainer.Alpha, Is.LessThan(1.0), "entropy tuning lowers α from its start of 1 on a task this easy");
    }

    internal static PpoConfig SmallPpo(bool sde) => new()
    {
        Env = "target", Seed = 3, TotalTimesteps = 16_384, NumEnvs = 4, NumSteps = 64, NumMinibatches = 4, UpdateEpochs = 8,
        LearningRate = 3e-3, EntCoef = 0.0, Hidden = [32], Gamma = 0.5, UseSde = sde, SdeSampleFreq = sde ? 4 : -1,
        LogStdInit = sde ? -1 : 0, AnnealLr = false,
    };

    [TestCase(false)]
    [TestCase(true)]
    public void GaussianPpoSolvesTheTargetTask(bool sde)
    {
        using var trainer = new PpoTrainer(SmallPpo(sde), torch.CPU, _ => new TargetEnv());
        while (!trainer.Finished) trainer.RunUpdate();
        Assert.That(trainer.GaussianNetwork!.StateDependentExploration, Is.EqualTo(sde));
        var result = Evaluator.Run(trainer.Policy, new VectorEnv([new TargetEnv()]), 20, deterministic: true, seed: 99);
        Assert.That(result.MeanReturn, Is.GreaterThan(Solved), "the Gaussian's mean must track the target");
    }

    [Test]
    public void PpoSendsClippedActionsButLearnsFromTheSampledOnes()
    {
        var config = SmallPpo(sde: false);
        config.LogStdInit = 1.5; // std 4.5: many samples fall outside [−2, 2]
        config.TotalTimesteps = 256;
        var envs = new List<TargetEnv>();
        using var trainer = new PpoTrainer(config, torch.CPU, _ => { var e = new TargetEnv(); envs.Add(e); return e; });
        var field = typeof(PpoTrainer).GetField("_buffer", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        var buffer = (RolloutBuffer)field.GetValue(trainer)!;
        trainer.RunUpdate();
        var sampled = buffer.ContinuousActions;
        Assert.That(sampled.Any(a => Math.Abs(a) > 2), "some sampled actions lie outside the bounds");
        // row t * n + i went to env i at step t
        for (var t = 0; t < config.NumSteps; t++)
        for (var i = 0; i < config.NumEnvs; i++)
            Assert.That(envs[i].Actions[t], Is.EqualTo(Math.Clamp(sampled[t * config.NumEnvs + i], -2f, 2f)));
    }

    [Test]
    public void SacActionsStayInsideTheBoundsAndWarmUpIsUniform()
    {
        var envs = new List<TargetEnv>();
        using var trainer = new SacTrainer(SmallSac(1_000), torch.CPU, _ => { var e = new TargetEnv(); envs.Add(e); return e; });
        trainer.RunUpdate();
        var actions = envs[0].Actions;
        Assert.That(actions, Has.All.InRange(-2f, 2f));
        var warmUp = actions.Take(200).ToList();
        Assert.That(warmUp.Min(), Is.LessThan(-1.5f));
        Assert.That(warmUp.Max(), Is.GreaterThan(1.5f), "random warm-up actions cover the whole range");
    }

    [Test]
    public void SacRefusesDiscreteEnvironments()
    {
        var config = SmallSac();
        config.Env = "cartpole";
        var e = Assert.Throws<Core.Errors.UsageException>(() => new SacTrainer(config, torch.CPU).Dispose());
        Assert.That(e!.Message, Does.Contain("discrete actions").And.Contain("--algo ppo or dqn"));
    }

    [Test]
    public void DqnRefusesContinuousEnvironments()
    {
        var config = new RLArena.Agents.Dqn.DqnConfig { Env = "target", TotalTimesteps = 20_000 };
        var e = Assert.Throws<Core.Errors.UsageException>(() => new RLArena.Agents.Dqn.DqnTrainer(config, torch.CPU, _ => new TargetEnv()).Dispose());
        Assert.That(e!.Message, Does.Contain("continuous actions").And.Contain("--algo sac or ppo"));
    }
}
