using RLArena.Engine.Numerics;
using RLArena.Engine.Optimizers;
using RLArena.Agents.Networks;
using RLArena.Agents.OffPolicy;
using RLArena.Agents.Policies;
using RLArena.Agents.Schedules;
using RLArena.Agents.Training;
using RLArena.Engine.Checkpoints;
using RLArena.Core.Errors;
using RLArena.Core.Reproducibility;
using RLArena.Engine.Reproducibility;
using RLArena.Environments;
using RLArena.Environments.Vector;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RLArena.Agents.Dqn;

/// <summary>
/// Deep Q-learning (CleanRL's dqn.py, with SB3's options): epsilon-greedy acting with a linear schedule, a replay
/// buffer, learning after learning_starts every train_frequency steps for gradient_steps minibatches, a target
/// network copied (tau = 1) or averaged (tau &lt; 1) every target_network_frequency steps, MSE or Huber loss,
/// optional Double DQN and gradient clipping. Truncated transitions bootstrap from their final observation. A training
/// call whose loss, gradients or weights are NaN or infinite throws <see cref="NonFiniteValueException"/> before the
/// Q-network acts again.
/// </summary>
public sealed class DqnTrainer : IAgentTrainer, IOffPolicyLearner
{
    /// <summary>The model kind written into DQN checkpoints.</summary>
    public const string Kind = "dqn-q-network";
    /// <summary>The checkpoint section with the target network's weights.</summary>
    public const string TargetSection = "target_network";
    /// <summary>The checkpoint section with the replay buffer.</summary>
    public const string ReplaySection = "replay_buffer";

    private readonly DqnConfig _config;
    private readonly torch.Device _device;
    private readonly EnvironmentSession _session;
    private readonly QNetwork _network;
    private readonly QNetwork _target;
    private readonly FlatAdam _optimizer;
    private readonly QNetworkRunner _runner;
    private readonly ReplayBuffer _replay;
    private readonly ReplayBatch _batch;
    private readonly LinearSchedule _epsilon;
    private readonly int _observationSize;
    private readonly int _actionCount;
    private readonly bool _huber;
    private readonly TrainerCheckpoint _checkpoint;
    private readonly FiniteCheck _finite;
    private readonly OffPolicyLoop _loop;
    private Rng _rng;
    private double _stepEpsilon;

    private readonly float[] _qValues;
    private readonly int[] _actions;
    private readonly bool[] _allAllowed;

    /// <param name="config">The DQN settings (checked before use).</param>
    /// <param name="device">The device the networks learn on.</param>
    /// <param name="makeEnvironment">Makes an environment from its id (tests pass their own); the registry when null.</param>
    public DqnTrainer(DqnConfig config, torch.Device device, Func<string, IEnvironment>? makeEnvironment = null)
    {
        var setup = new TrainerSetup(config, makeEnvironment);
        (_config, _device, _rng, _session) = (config, device, setup.Rng, setup.Session);
        _huber = config.Loss == TdLoss.Huber;
        var env = _session.Env;
        if (env.ContinuousActionSpace is { } box)
            throw new UsageException($"--algo dqn: {config.Env} takes continuous actions ({box.Describe()}); DQN needs discrete actions, so use --algo sac or ppo for it.");
        _observationSize = env.ObservationSize;
        _actionCount = env.ActionCount;
        var shape = env.ObservationSpace.Shape;
        _network = new QNetwork(shape, _actionCount, config.Hidden);
        _target = new QNetwork(shape, _actionCount, config.Hidden);
        _network.to(device);
        _target.to(device);
        CopyToTarget(1.0);
        _optimizer = new FlatAdam(_network.parameters().ToList(), config.LearningRate, eps: config.AdamEps);
        _runner = new QNetworkRunner(_network, device, _observationSize);
        _finite = new FiniteCheck(device);
        _replay = new ReplayBuffer(config.BufferSize, _observationSize, _actionCount);
        _batch = new ReplayBatch(config.BatchSize, _observationSize, _actionCount);
        _loop = new OffPolicyLoop(_session, config.LearningStarts, config.TrainFrequency, config.TotalTimesteps);
        _epsilon = new LinearSchedule(config.StartE, config.EndE, config.ExplorationFraction);
        Policy = new DqnPolicy(_runner, _actionCount, config.EndE, TrainerSetup.ActingRandom(config.Seed));

        var n = config.NumEnvs;
        _qValues = new float[n * _actionCount];
        _actions = new int[n];
        _allAllowed = Enumerable.Repeat(true, _actionCount).ToArray();
        _checkpoint = new TrainerCheckpoint(Kind, Algorithm, config.Env, config, _network, _network.Architecture, _optimizer, _session, _actionCount);
    }

    /// <inheritdoc />
    public string Algorithm => DqnAlgorithm.Name;
    /// <inheritdoc />
    public string EnvironmentId => _config.Env;
    /// <inheritdoc />
    public int Seed => _config.Seed;
    /// <inheritdoc />
    public long GlobalStep => _loop.GlobalStep;
    /// <inheritdoc />
    public long TotalSteps { get => _loop.TotalSteps; set => _loop.TotalSteps = value; }
    /// <inheritdoc />
    public int Updates => _loop.Updates;
    /// <inheritdoc />
    public bool Finished => _loop.Finished;
    /// <inheritdoc />
    public long CheckpointEvery => _config.CheckpointEvery;
    /// <inheritdoc />
    public AgentConfig Config => _config;
    /// <inheritdoc />
    public IActingPolicy Policy { get; }
    /// <summary>The online Q-network.</summary>
    public QNetwork Network => _network;
    /// <summary>The replay buffer.</summary>
    public ReplayBuffer Replay => _replay;

    /// <inheritdoc />
    public UpdateReport RunUpdate() => _loop.RunUpdate(this);

    // ALGORITHM: epsilon-greedy over the allowed actions, one batched Q call for all envs
    void IOffPolicyLearner.ActAndStep(VectorEnv env, ReadOnlySpan<float> observations, long globalStep)
    {
        var n = env.Count;
        _stepEpsilon = _epsilon.ValueAt(globalStep, TotalSteps);
        var masks = env.ActionMasks;
        _runner.Evaluate(observations, n, _qValues);
        for (var i = 0; i < n; i++)
        {
            var mask = masks.AsSpan(i * _actionCount, _actionCount);
            _actions[i] = _rng.NextDouble() < _stepEpsilon
                ? ActionSampler.RandomAllowed(mask, _actionCount, _rng)
                : ActionSampler.ArgMax(_qValues.AsSpan(i * _actionCount, _actionCount), mask);
        }
        env.Step(_actions);
    }

    void IOffPolicyLearner.Remember(VectorEnv env, int copy, ReadOnlySpan<float> observation, ReadOnlySpan<float> nextObservation)
    {
        // After an autoreset the mask is the new episode's; a truncated final state's own mask is not reported, so
        // all actions count there (terminated rows do not bootstrap at all).
        var ended = env.Terminated[copy] || env.Truncated[copy];
        var nextMask = ended ? _allAllowed : env.ActionMasks.AsSpan(copy * _actionCount, _actionCount);
        _replay.Add(observation, _actions[copy], env.Rewards[copy], nextObservation, env.Terminated[copy], nextMask);
    }

    void IOffPolicyLearner.Train(Dictionary<string, double> scalars) => Train(scalars);

    void IOffPolicyLearner.AfterStep(long before, long after, bool learning, long trainingCalls, Dictionary<string, double> scalars)
    {
        if (learning)
        {
            if (trainingCalls > 0) _runner.Refresh();
            if (OffPolicyLoop.Crossings(before, after, _config.TargetNetworkFrequency) > 0) CopyToTarget(_config.Tau);
        }
        scalars["charts/epsilon"] = _stepEpsilon;
    }

    void IOffPolicyLearner.EndUpdate(Dictionary<string, double> scalars) => scalars["charts/learning_rate"] = _config.LearningRate;

    private void Train(Dictionary<string, double> scalars)
    {
        for (var g = 0; g < _config.GradientSteps; g++)
        {
            using var scope = torch.NewDisposeScope();
            _replay.Sample(_rng, _batch);
            var size = _batch.Size;
            var observations = TensorData.FromSpan(_batch.Observations, [size, _observationSize], _device);
            var nextObservations = TensorData.FromSpan(_batch.NextObservations, [size, _observationSize], _device);
            var actions = TensorData.FromSpan(_batch.Actions, [size], _device);
            var rewards = TensorData.FromSpan(_batch.Rewards, [size], _device);
            var terminated = TensorData.FromSpan(_batch.Terminated, [size], _device);
            var nextMasks = AnyMasked(_batch.NextMasks) ? TensorData.FromSpan(_batch.NextMasks, [size, _actionCount], _device) : null;

            Tensor target;
            using (torch.no_grad())
            {
                var targetNext = _target.forward(nextObservations);
                var onlineNext = _config.DoubleQ ? _network.forward(nextObservations) : null;
                target = TdTarget.Compute(rewards, terminated, targetNext, onlineNext, nextMasks, _config.Gamma);
            }
            var q = _network.forward(observations).gather(-1, actions.unsqueeze(-1)).squeeze(-1);
            var loss = _huber ? torch.nn.functional.smooth_l1_loss(q, target) : torch.nn.functional.mse_loss(q, target);
            _optimizer.ZeroGrad();
            loss.backward();
            _finite.AddLoss(loss);
            if (_config.MaxGradNorm > 0) _optimizer.ClipGradNorm(_config.MaxGradNorm);
            _optimizer.Step();
            if (g == _config.GradientSteps - 1)
            {
                scalars["losses/td_loss"] = loss.item<float>();
                scalars["losses/q_values"] = q.detach().mean().item<float>();
            }
        }
        // One host read per training call: NaN or infinity stops the run before the Q-network acts again.
        _finite.ThrowIfNotFinite([_optimizer.FlatValues], _optimizer.FlatGradients);
    }

    private static bool AnyMasked(bool[] masks)
    {
        foreach (var allowed in masks) if (!allowed) return true;
        return false;
    }

    private void CopyToTarget(double tau)
    {
        using var noGrad = torch.no_grad();
        var source = _network.parameters().ToList();
        var target = _target.parameters().ToList();
        for (var i = 0; i < source.Count; i++)
        {
            if (tau >= 1.0) target[i].copy_(source[i]);
            else target[i].mul_(1.0 - tau).add_(source[i], alpha: tau);
        }
    }

    /// <inheritdoc/>
    public IEnvironment? MakeEvaluationEnvironment() => _session.MakeEvaluationCopy();

    // PLUMBING: checkpoints

    /// <inheritdoc />
    public void SaveCheckpoint(string path, double elapsedSeconds)
    {
        using var targetBytes = new MemoryStream();
        using (var writer = new BinaryWriter(targetBytes, System.Text.Encoding.UTF8, leaveOpen: true)) _target.save(writer);
        _checkpoint.Save(path, new TrainerCheckpoint.Progress(_rng, Updates, GlobalStep, elapsedSeconds), sections: new Dictionary<string, byte[]>
        {
            [TargetSection] = targetBytes.ToArray(),
            [ReplaySection] = _replay.Serialize(),
        });
    }

    /// <inheritdoc />
    public ResumeInfo Restore(Checkpoint checkpoint)
    {
        var (progress, notice) = _checkpoint.Restore(checkpoint, RestoreTargetAndReplay);
        (_rng, _loop.Updates, _loop.GlobalStep) = (progress.Rng, progress.Updates, progress.GlobalStep);
        _runner.Refresh();
        return new ResumeInfo(progress.ElapsedSeconds, notice);
    }

    private void RestoreTargetAndReplay(Checkpoint checkpoint)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(TrainerState.Section(checkpoint, TargetSection)));
            _target.load(reader);
        }
        catch (Exception e) when (e is not UserFacingException)
        {
            throw new UserFacingException($"checkpoint '{checkpoint.Path}': its target network cannot be read ({e.Message.ReplaceLineEndings(" ")}).");
        }
        _replay.Restore(TrainerState.Section(checkpoint, ReplaySection), $"checkpoint '{checkpoint.Path}'");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _finite.Dispose();
        _optimizer.Dispose();
        _network.Dispose();
        _target.Dispose();
    }
}
