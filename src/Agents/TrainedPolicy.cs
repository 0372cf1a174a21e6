using RLArena.Agents.Training;
using RLArena.Engine.Checkpoints;
using RLArena.Engine.Devices;
using RLArena.Environments;
using TorchSharp;

namespace RLArena.Agents;

/// <summary>
/// A trained agent loaded from a checkpoint written by <c>rlarena train</c> or <see cref="TrainingRun"/>, ready to act:
/// what the viewer, <c>rlarena eval</c> and programs that use a trained agent use. The checkpoint names its algorithm,
/// and <see cref="AlgorithmRegistry"/> rebuilds the network.
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
/// When the environment came from a plugin that is not loaded, the plugin the checkpoint records is loaded from its
/// recorded path (see <see cref="EnvironmentPlugins"/>).
/// A run directory may be passed instead of the file (its checkpoint.ckpt is used). A file that is not an agent
/// checkpoint, or one for another network, is a <see cref="Core.Errors.UserFacingException"/> with one line.
/// </summary>
public sealed class TrainedPolicy : IActingPolicy, IDisposable
{
    private readonly torch.nn.Module _module;
    private readonly IActingPolicy _policy;

    private TrainedPolicy(torch.nn.Module module, IActingPolicy policy, CheckpointMetadata metadata, AgentConfig config, string path)
    {
        _module = module;
        _policy = policy;
        Metadata = metadata;
        Config = config;
        CheckpointPath = path;
    }

    /// <summary>The algorithm's registry name: "ppo", "dqn".</summary>
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

    /// <summary>The training settings (the algorithm's own config type, such as <see cref="Ppo.PpoConfig"/>).</summary>
    public AgentConfig Config { get; }

    public string CheckpointPath { get; }

    /// <summary>The torch module holding the weights (an <see cref="Networks.ActorCritic"/> or <see cref="Networks.QNetwork"/>), for exporters.</summary>
    public torch.nn.Module Network => _module;

    /// <summary>Loads a checkpoint (or a run directory's checkpoint.ckpt) onto <paramref name="device"/> (CPU when null).</summary>
    public static TrainedPolicy Load(string checkpointPath, torch.Device? device = null)
    {
        TorchRuntime.EnsureLoaded();
        device ??= torch.CPU;
        var path = Directory.Exists(checkpointPath) ? Path.Combine(checkpointPath, TrainingRun.CheckpointFileName) : checkpointPath;
        var checkpoint = Checkpoint.Read(path);
        var (algorithm, config) = TrainingRun.ConfigFromCheckpoint(checkpoint);
        var env = EnvironmentSession.MakeEnvironment(checkpoint.Metadata.Environment);
        var loaded = algorithm.LoadPolicy(checkpoint, config, env, device);
        return new TrainedPolicy(loaded.Module, loaded.Policy, checkpoint.Metadata, config, path);
    }

    /// <summary>A fresh environment with the id and options the agent was trained on (truncation applied).</summary>
    public IEnvironment MakeEnvironment() => EnvironmentSession.MakeEnvironment(EnvironmentId);

    /// <inheritdoc/>
    public int Act(ReadOnlySpan<float> observation, ReadOnlySpan<bool> mask, bool deterministic, Span<float> scores) =>
        _policy.Act(observation, mask, deterministic, scores);

    /// <inheritdoc/>
    public void Reseed(int seed) => _policy.Reseed(seed);

    public void Dispose() => _module.Dispose();
}
