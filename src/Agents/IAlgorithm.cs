using RLArena.Agents.Training;
using RLArena.Engine.Checkpoints;
using RLArena.Environments;
using TorchSharp;

namespace RLArena.Agents;

/// <summary>
/// One reinforcement-learning algorithm, as <see cref="AlgorithmRegistry"/> knows it: its name, a one-line
/// description, its settings, how to make its trainer, and how to turn one of its checkpoints back into an acting
/// policy. Adding an algorithm is one folder (config, trainer, policy, this) and one line in the registry.
/// </summary>
public interface IAlgorithm
{
    /// <summary>What <c>--algo</c> takes and checkpoints store: "ppo", "dqn".</summary>
    string Name { get; }

    /// <summary>One line for help texts.</summary>
    string Description { get; }

    /// <summary>A fresh config with this algorithm's defaults.</summary>
    AgentConfig CreateConfig();

    /// <summary>
    /// A trainer for <paramref name="config"/> (this algorithm's config type) on <paramref name="device"/>.
    /// <paramref name="makeEnvironment"/> makes one environment copy from the config's env id; the registry when null.
    /// </summary>
    IAgentTrainer CreateTrainer(AgentConfig config, torch.Device device, Func<string, IEnvironment>? makeEnvironment = null);

    /// <summary>
    /// The acting policy stored in <paramref name="checkpoint"/>, trained with <paramref name="config"/> on an environment
    /// like <paramref name="environment"/>, with the network it runs (which the caller disposes).
    /// </summary>
    LoadedPolicy LoadPolicy(Checkpoint checkpoint, AgentConfig config, IEnvironment environment, torch.Device device);
}

/// <summary>A policy read from a checkpoint and the torch module that holds its weights.</summary>
public sealed record LoadedPolicy(torch.nn.Module Module, IActingPolicy Policy);
