using RLArena.Agents.Training;
using RLArena.Core.Errors;
using RLArena.Engine.Checkpoints;
using RLArena.Environments;
using TorchSharp;

namespace RLArena.Agents.Sac;

/// <summary>SAC in <see cref="AlgorithmRegistry"/>: <see cref="SacConfig"/>, <see cref="SacTrainer"/>, <see cref="SacPolicy"/>.</summary>
public sealed class SacAlgorithm : IAlgorithm
{
    /// <summary>The registry name.</summary>
    public const string Name = "sac";

    string IAlgorithm.Name => Name;

    /// <inheritdoc/>
    public string Description => "Soft Actor-Critic (CleanRL's sac_continuous_action.py): off-policy, continuous actions, twin critics, entropy tuning";

    /// <inheritdoc/>
    public AgentConfig CreateConfig() => new SacConfig();

    /// <inheritdoc/>
    public IAgentTrainer CreateTrainer(AgentConfig config, torch.Device device, Func<string, IEnvironment>? makeEnvironment = null) =>
        new SacTrainer(TrainerSetup.As<SacConfig>(config), device, makeEnvironment);

    /// <inheritdoc/>
    public LoadedPolicy LoadPolicy(Checkpoint checkpoint, AgentConfig config, IEnvironment environment, torch.Device device)
    {
        var sac = TrainerSetup.As<SacConfig>(config);
        var box = environment.ContinuousActionSpace
                  ?? throw new UserFacingException($"checkpoint '{checkpoint.Path}' is a SAC agent, but {environment.Id} takes discrete actions; it was trained on another environment.");
        var networks = new SacNetworks(environment.ObservationSpace.Size, box.Size, sac.Hidden, sac.AlphaInit, SacExploration.Of(sac));
        try
        {
            networks.to(device);
            checkpoint.LoadModel(networks, networks.Architecture);
            networks.eval();
            var policy = new SacPolicy(networks.Actor, device, environment.ObservationSpace.Size, box.Low, box.High,
                TrainerSetup.ActingRandom(sac.Seed));
            return new LoadedPolicy(networks, policy);
        }
        catch
        {
            networks.Dispose();
            throw;
        }
    }
}
