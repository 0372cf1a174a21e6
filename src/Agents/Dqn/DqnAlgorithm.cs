using RLArena.Agents.Networks;
using RLArena.Agents.Training;
using RLArena.Engine.Checkpoints;
using RLArena.Environments;
using TorchSharp;

namespace RLArena.Agents.Dqn;

/// <summary>DQN in <see cref="AlgorithmRegistry"/>: <see cref="DqnConfig"/>, <see cref="DqnTrainer"/>, <see cref="DqnPolicy"/>.</summary>
public sealed class DqnAlgorithm : IAlgorithm
{
    /// <summary>The registry name.</summary>
    public const string Name = "dqn";

    string IAlgorithm.Name => Name;

    /// <inheritdoc/>
    public string Description => "Deep Q-Network (CleanRL's dqn.py, SB3's options): off-policy, replay buffer, target network";

    /// <inheritdoc/>
    public AgentConfig CreateConfig() => new DqnConfig();

    /// <inheritdoc/>
    public IAgentTrainer CreateTrainer(AgentConfig config, torch.Device device, Func<string, IEnvironment>? makeEnvironment = null) =>
        new DqnTrainer(TrainerSetup.As<DqnConfig>(config), device, makeEnvironment);

    /// <inheritdoc/>
    public LoadedPolicy LoadPolicy(Checkpoint checkpoint, AgentConfig config, IEnvironment environment, torch.Device device)
    {
        var dqn = TrainerSetup.As<DqnConfig>(config);
        var network = new QNetwork(environment.ObservationSpace.Shape, environment.ActionSpace.N, dqn.Hidden);
        try
        {
            network.to(device);
            checkpoint.LoadModel(network, network.Architecture);
            network.eval();
            var runner = new QNetworkRunner(network, device, environment.ObservationSpace.Size);
            return new LoadedPolicy(network, new DqnPolicy(runner, environment.ActionSpace.N, dqn.EndE, TrainerSetup.ActingRandom(dqn.Seed)));
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }
}
