using RLArena.Agents.Networks;
using RLArena.Agents.Training;
using RLArena.Engine.Checkpoints;
using RLArena.Environments;
using TorchSharp;

namespace RLArena.Agents.Ppo;

/// <summary>PPO in <see cref="AlgorithmRegistry"/>: <see cref="PpoConfig"/>, <see cref="PpoTrainer"/>, <see cref="PpoPolicy"/>.</summary>
public sealed class PpoAlgorithm : IAlgorithm
{
    /// <summary>The registry name.</summary>
    public const string Name = "ppo";

    string IAlgorithm.Name => Name;

    /// <inheritdoc/>
    public string Description => "Proximal Policy Optimization (CleanRL's ppo.py, ppo_continuous_action.py): on-policy, clipped surrogate, GAE; discrete or Box actions (optional gSDE)";

    /// <inheritdoc/>
    public AgentConfig CreateConfig() => new PpoConfig();

    /// <inheritdoc/>
    public IAgentTrainer CreateTrainer(AgentConfig config, torch.Device device, Func<string, IEnvironment>? makeEnvironment = null) =>
        new PpoTrainer(TrainerSetup.As<PpoConfig>(config), device, makeEnvironment);

    /// <inheritdoc/>
    public LoadedPolicy LoadPolicy(Checkpoint checkpoint, AgentConfig config, IEnvironment environment, torch.Device device)
    {
        var ppo = TrainerSetup.As<PpoConfig>(config);
        if (environment.ContinuousActionSpace is { } box) return LoadGaussian(checkpoint, ppo, environment, box, device);
        var network = new ActorCritic(environment.ObservationSpace.Shape, environment.ActionSpace.N, ppo.Hidden, ppo.Activation);
        try
        {
            network.to(device);
            checkpoint.LoadModel(network, network.Architecture);
            network.eval();
            var runner = new ActorCriticRunner(network, device, environment.ObservationSpace.Size);
            return new LoadedPolicy(network, new PpoPolicy(runner, environment.ActionSpace.N, TrainerSetup.ActingRandom(ppo.Seed)));
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private static LoadedPolicy LoadGaussian(Checkpoint checkpoint, PpoConfig ppo, IEnvironment environment, Environments.Spaces.BoxSpace box, torch.Device device)
    {
        var size = environment.ObservationSpace.Size;
        var network = new GaussianActorCritic(size, box.Size, ppo.Hidden, ppo.Activation, ppo.UseSde, ppo.LogStdInit);
        try
        {
            network.to(device);
            checkpoint.LoadModel(network, network.Architecture);
            network.eval();
            return new LoadedPolicy(network, new GaussianPpoPolicy(network, device, size, box.Low, box.High, TrainerSetup.ActingRandom(ppo.Seed)));
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }
}
