using RLArena.Agents.Dqn;
using RLArena.Agents.Networks;
using RLArena.Agents.Ppo;
using RLArena.Agents.Training;
using RLArena.Engine.Checkpoints;
using RLArena.Engine.Devices;
using RLArena.Engine.Networks;
using RLArena.Core.Reproducibility;
using RLArena.Engine.Reproducibility;
using RLArena.Environments;
using TorchSharp;

namespace RLArena.Agents;

/// <summary>
/// A trained agent loaded from a checkpoint written by <c>rlarena train</c>, ready to act: what the viewer and
/// <c>rlarena eval</c> use.
/// <code>
/// using var policy = TrainedPolicy.Load("runs/cartpole__ppo__1__.../checkpoint.ckpt", torch.CPU);
/// var env = policy.MakeEnvironment();            // same id and options as in training
/// var obs = new float[env.ObservationSpace.Size];
/// var mask = new bool[env.ActionSpace.N];
/// var scores = new float[env.ActionSpace.N];
/// env.Reset(seed: 1, obs);
/// env.WriteActionMask(mask);
/// int action = policy.Act(obs, mask, deterministic: true, scores); // scores: probabilities or Q-values
/// </code>
/// A run directory may be passed instead of the file (its checkpoint.ckpt is used). A file that is not an agent
/// checkpoint, or one for another network, is a <see cref="Core.Errors.UserFacingException"/> with one line.
/// </summary>
public sealed class TrainedPolicy : IActingPolicy, IDisposable
{
    private readonly torch.nn.Module _module;
    private readonly IActingPolicy _policy;

    private TrainedPolicy(torch.nn.Module module, IActingPolicy policy, CheckpointMetadata metadata, object config, string path)
    {
        _module = module;
        _policy = policy;
        Metadata = metadata;
        Config = config;
        CheckpointPath = path;
    }

    /// <summary>"ppo" or "dqn".</summary>
    public string Algorithm => _policy.Algorithm;

    /// <summary>"probability" (PPO) or "Q-value" (DQN): what <see cref="Act"/> writes into its scores.</summary>
    public string ScoreLabel => _policy.ScoreLabel;

    public int ActionCount => _policy.ActionCount;

    /// <summary>The environment id with options it was trained on, for example "gridworld:obs=visual".</summary>
    public string EnvironmentId => Metadata.Environment;

    /// <summary>Environment steps it was trained for.</summary>
    public long Step => Metadata.Step;

    public string Architecture => Metadata.Architecture;

    public CheckpointMetadata Metadata { get; }

    /// <summary>The training settings (a <see cref="PpoConfig"/> or <see cref="DqnConfig"/>).</summary>
    public object Config { get; }

    public string CheckpointPath { get; }

    /// <summary>Loads a checkpoint (or a run directory's checkpoint.ckpt) onto <paramref name="device"/> (CPU when null).</summary>
    public static TrainedPolicy Load(string checkpointPath, torch.Device? device = null)
    {
        TorchRuntime.EnsureLoaded();
        device ??= torch.CPU;
        var path = Directory.Exists(checkpointPath) ? Path.Combine(checkpointPath, TrainingRun.CheckpointFileName) : checkpointPath;
        var checkpoint = Checkpoint.Read(path);
        var config = TrainingRun.ConfigFromCheckpoint(checkpoint);
        var env = EnvironmentSession.MakeEnvironment(checkpoint.Metadata.Environment);
        var shape = env.ObservationSpace.Shape;
        var actions = env.ActionSpace.N;
        var size = env.ObservationSpace.Size;
        var rng = new Rng(0);
        switch (config)
        {
            case PpoConfig ppo:
            {
                var network = new ActorCritic(shape, actions, ppo.Hidden, ActivationNames.Parse(ppo.Activation));
                network.to(device);
                checkpoint.LoadModel(network, network.Architecture);
                network.eval();
                var policy = new PpoPolicy(new ActorCriticRunner(network, device, size), actions, rng);
                return new TrainedPolicy(network, policy, checkpoint.Metadata, config, path);
            }
            case DqnConfig dqn:
            {
                var network = new QNetwork(shape, actions, dqn.Hidden);
                network.to(device);
                checkpoint.LoadModel(network, network.Architecture);
                network.eval();
                var policy = new DqnPolicy(new QNetworkRunner(network, device, size), actions, dqn.EndE, rng);
                return new TrainedPolicy(network, policy, checkpoint.Metadata, config, path);
            }
            default:
                throw new InvalidOperationException("unreachable");
        }
    }

    /// <summary>A fresh environment with the id and options the agent was trained on (truncation applied).</summary>
    public IEnvironment MakeEnvironment() => EnvironmentSession.MakeEnvironment(EnvironmentId);

    /// <inheritdoc/>
    public int Act(ReadOnlySpan<float> observation, ReadOnlySpan<bool> mask, bool deterministic, Span<float> scores) =>
        _policy.Act(observation, mask, deterministic, scores);

    /// <summary>Re-seeds the generator used for stochastic acting (sampling, or DQN's epsilon).</summary>
    public void Reseed(int seed)
    {
        switch (_policy)
        {
            case PpoPolicy p: p.Random = new Rng(seed); break;
            case DqnPolicy d: d.Random = new Rng(seed); break;
        }
    }

    public void Dispose() => _module.Dispose();
}
