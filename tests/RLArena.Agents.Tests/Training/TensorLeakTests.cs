using RLArena.Agents.Dqn;
using RLArena.Agents.Ppo;
using RLArena.Agents.Sac;
using RLArena.Agents.Training;
using TorchSharp;

namespace RLArena.Agents.Tests.Training;

/// <summary>
/// Every trainer's update leaves no tensor alive behind it: the count of live tensors on this thread is the same after
/// a few more updates. A tensor that escaped its dispose scope would hold native memory until the garbage collector
/// happened to finalize it, so resident memory would follow the collector's rhythm instead of staying flat.
/// </summary>
public class TensorLeakTests
{
    [OneTimeSetUp]
    public void OneThread() => Engine.Devices.DeviceSelector.SetThreads(1);

    private static IAgentTrainer Trainer(string kind) => kind switch
    {
        "ppo" => new PpoTrainer(new PpoConfig
        {
            Env = "identity", Seed = 3, TotalTimesteps = 100_000, NumEnvs = 4, NumSteps = 32, NumMinibatches = 4, Hidden = [32],
        }, torch.CPU, _ => new IdentityEnv()),
        "ppo-gaussian" => new PpoTrainer(Gaussian(sde: false), torch.CPU, _ => new TargetEnv()),
        "ppo-gsde" => new PpoTrainer(Gaussian(sde: true), torch.CPU, _ => new TargetEnv()),
        "dqn" => new DqnTrainer(new DqnConfig
        {
            Env = "identity", Seed = 2, TotalTimesteps = 100_000, LearningStarts = 50, BufferSize = 2_000, BatchSize = 32,
            TrainFrequency = 1, TargetNetworkFrequency = 20, Hidden = [32],
        }, torch.CPU, _ => new IdentityEnv()),
        _ => new SacTrainer(Sac.ContinuousLearningTests.SmallSac(100_000), torch.CPU, _ => new TargetEnv()),
    };

    private static PpoConfig Gaussian(bool sde)
    {
        var config = Sac.ContinuousLearningTests.SmallPpo(sde);
        config.TotalTimesteps = 100_000;
        return config;
    }

    [TestCase("ppo")]
    [TestCase("ppo-gaussian")]
    [TestCase("ppo-gsde")]
    [TestCase("dqn")]
    [TestCase("sac")]
    public void UpdatesLeaveNoTensorsBehind(string kind)
    {
        using var trainer = Trainer(kind);
        // warm-up: past learning_starts, so the later updates learn (targets, optimizer state and buffers exist)
        while (trainer.GlobalStep < 400) trainer.RunUpdate();
        var statistics = DisposeScopeManager.Statistics;
        var live = statistics.ThreadTotalLiveCount;
        var stepBefore = trainer.GlobalStep;
        // PPO: 20 rollouts and their epochs; DQN and SAC: one update is 1,000 environment steps, each with a gradient step
        var updates = trainer is PpoTrainer ? 20 : 1;
        for (var i = 0; i < updates; i++) trainer.RunUpdate();
        Assert.That(trainer.GlobalStep, Is.GreaterThan(stepBefore), "the updates ran");
        Assert.That(statistics.ThreadTotalLiveCount, Is.EqualTo(live), $"{kind}: tensors left alive by {updates} update(s)");
    }
}
