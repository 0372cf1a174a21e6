using RLArena.Core.Errors;
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

    private readonly byte[]? _statistics;

    private TrainedPolicy(torch.nn.Module module, IActingPolicy policy, CheckpointMetadata metadata, AgentConfig config, string path, byte[]? statistics)
    {
        _statistics = statistics;
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

    /// <inheritdoc />
    public int ActionCount => _policy.ActionCount;

    /// <summary>The environment id with options it was trained on, for example "gridworld:obs=visual".</summary>
    public string EnvironmentId => Metadata.Environment;

    /// <summary>Environment steps it was trained for.</summary>
    public long Step => Metadata.Step;

    /// <summary>A one-line description of the network, from the checkpoint.</summary>
    public string Architecture => Metadata.Architecture;

    /// <summary>The checkpoint's metadata (algorithm, environment, step, versions).</summary>
    public CheckpointMetadata Metadata { get; }

    /// <summary>The training settings (the algorithm's own config type, such as <see cref="Ppo.PpoConfig"/>).</summary>
    public AgentConfig Config { get; }

    /// <summary>The checkpoint file the policy was loaded from.</summary>
    public string CheckpointPath { get; }

    /// <summary>The torch module holding the weights (an <see cref="Networks.ActorCritic"/> or <see cref="Networks.QNetwork"/>), for exporters.</summary>
    public torch.nn.Module Network => _module;

    /// <summary>
    /// Loads a checkpoint (or a run directory's checkpoint.ckpt, or its best.ckpt with <paramref name="best"/>) onto
    /// <paramref name="device"/> (CPU when null).
    /// </summary>
    /// <param name="checkpointPath">A checkpoint file or a run directory.</param>
    /// <param name="device">The torch device; the CPU when null.</param>
    /// <param name="best">With a run directory: its best.ckpt (kept by eval_every) instead of checkpoint.ckpt.</param>
    public static TrainedPolicy Load(string checkpointPath, torch.Device? device = null, bool best = false)
    {
        TorchRuntime.EnsureLoaded();
        device ??= torch.CPU;
        var path = TrainingRun.ResolveCheckpoint(checkpointPath, best);
        var checkpoint = Checkpoint.Read(path);
        var (algorithm, config) = TrainingRun.ConfigFromCheckpoint(checkpoint);
        var env = EnvironmentSession.MakeEnvironment(checkpoint.Metadata.Environment);
        var loaded = algorithm.LoadPolicy(checkpoint, config, env, device);
        var statistics = checkpoint.HasSection(TrainerState.NormalizationSection) ? checkpoint.GetSection(TrainerState.NormalizationSection) : null;
        if (config.NormalizeObservation && statistics is null)
            throw new UserFacingException($"'{path}' was trained with normalize_observation but holds no normalisation statistics; it is damaged or was not written by 'rlarena train'.");
        return new TrainedPolicy(loaded.Module, loaded.Policy, checkpoint.Metadata, config, path, statistics);
    }

    /// <summary>
    /// A fresh environment with the id and options the agent was trained on (truncation applied); where it was
    /// trained with normalize_observation, wrapped in <see cref="Environments.Wrappers.NormalizeObservation"/> with the
    /// checkpoint's statistics, frozen (rewards are never normalised here: returns are the environment's own).
    /// </summary>
    public IEnvironment MakeEnvironment()
    {
        var env = EnvironmentSession.MakeEnvironment(EnvironmentId);
        if (!Config.NormalizeObservation) return env;
        var normalized = new Environments.Wrappers.NormalizeObservation(env);
        EnvironmentSession.LoadStatistics(normalized, _statistics!, $"checkpoint '{CheckpointPath}'");
        normalized.Frozen = true;
        return normalized;
    }

    /// <inheritdoc/>
    public int Act(ReadOnlySpan<float> observation, ReadOnlySpan<bool> mask, bool deterministic, Span<float> scores) =>
        _policy.Act(observation, mask, deterministic, scores);

    /// <inheritdoc/>
    public int ActionSize => _policy.ActionSize;

    /// <summary>True when the agent acts with real-valued actions (call <see cref="ActContinuous"/>).</summary>
    public bool IsContinuous => _policy.IsContinuous;

    /// <inheritdoc/>
    public void ActContinuous(ReadOnlySpan<float> observation, bool deterministic, Span<float> action) =>
        _policy.ActContinuous(observation, deterministic, action);

    /// <inheritdoc/>
    public void Reseed(int seed) => _policy.Reseed(seed);

    /// <summary>Frees the network.</summary>
    public void Dispose() => _module.Dispose();
}
