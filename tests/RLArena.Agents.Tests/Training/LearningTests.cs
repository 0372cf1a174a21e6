using RLArena.Agents.Dqn;
using RLArena.Agents.Evaluation;
using RLArena.Agents.Ppo;
using RLArena.Environments.Vector;
using TorchSharp;

namespace RLArena.Agents.Tests.Training;

/// <summary>Short seeded runs on the identity task, whose optimum (return 8) is known, must reach it.</summary>
public class LearningTests
{
    [OneTimeSetUp]
    public void OneThread() => Engine.Devices.DeviceSelector.SetThreads(1);

    [TestCase(false)]
    [TestCase(true)]
    public void PpoSolvesTheIdentityTask(bool masked)
    {
        var config = new PpoConfig
        {
            Env = "identity", Seed = 3, TotalTimesteps = 6_144, NumEnvs = 4, NumSteps = 32, NumMinibatches = 4,
            UpdateEpochs = 4, LearningRate = 3e-3, EntCoef = 0.0, Hidden = [32], Gamma = 0.5,
        };
        using var trainer = new PpoTrainer(config, torch.CPU, _ => new IdentityEnv(3, masked));
        while (!trainer.Finished) trainer.RunUpdate(); // a masked action taken would throw
        Assert.That(trainer.GlobalStep, Is.EqualTo(6_144));
        var result = Evaluator.Run(trainer.Policy, new VectorEnv([new IdentityEnv(3, masked)]), 20, deterministic: true, seed: 99);
        Assert.That(result.MeanReturn, Is.EqualTo(IdentityEnv.Length), "the deterministic policy must pick the shown state every time");
    }

    [Test]
    public void DqnSolvesTheIdentityTask()
    {
        var config = new DqnConfig
        {
            Env = "identity", Seed = 2, TotalTimesteps = 3_000, LearningStarts = 200, BufferSize = 2_000, BatchSize = 32,
            TrainFrequency = 1, TargetNetworkFrequency = 50, ExplorationFraction = 0.3, EndE = 0.02, LearningRate = 1e-3,
            Hidden = [32], Gamma = 0.5,
        };
        using var trainer = new DqnTrainer(config, torch.CPU, _ => new IdentityEnv(3, masked: true));
        while (!trainer.Finished) trainer.RunUpdate();
        var result = Evaluator.Run(trainer.Policy, new VectorEnv([new IdentityEnv(3, masked: true)]), 20, deterministic: true, seed: 99);
        Assert.That(result.MeanReturn, Is.EqualTo(IdentityEnv.Length));
    }
}
