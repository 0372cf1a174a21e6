using System.Runtime.InteropServices;
using RLArena.Agents.Continuous;
using RLArena.Agents.Networks;
using RLArena.Agents.OffPolicy;
using RLArena.Agents.Training;
using RLArena.Core.Errors;
using RLArena.Core.Reproducibility;
using RLArena.Engine.Checkpoints;
using RLArena.Engine.Numerics;
using RLArena.Engine.Optimizers;
using RLArena.Environments;
using RLArena.Environments.Vector;
using TorchSharp;
using static TorchSharp.torch;

namespace RLArena.Agents.Sac;

/// <summary>
/// Soft Actor-Critic (Haarnoja et al. 2018; CleanRL's sac_continuous_action.py, with SB3's train_frequency ×
/// gradient_steps): uniformly random actions until learning_starts, then a tanh-squashed Gaussian actor; twin
/// critics trained on the soft Bellman target from Polyak-averaged targets; the actor (and, with autotune, the entropy
/// coefficient towards target entropy −dim(A)) updated every policy_frequency gradient steps, that many times.
/// Truncated transitions bootstrap from their final observation. Gaussian noise comes from the run's generator, so a
/// checkpoint (replay buffer included) resumes exactly. With use_sde the actor explores with gSDE as SB3's SAC does:
/// the acting exploration matrices are drawn at the start of each collection of train_frequency steps (and every
/// sde_sample_freq steps when positive), each gradient step draws one matrix shared by its batch (so the actor loss
/// reaches the learned log-std through it), and the deterministic action is tanh of the clipped mean. A training call whose losses, gradients or weights are NaN
/// or infinite throws <see cref="NonFiniteValueException"/> before the actor acts again.
/// </summary>
public sealed class SacTrainer : IAgentTrainer, IOffPolicyLearner
{
    /// <summary>The model kind stored in checkpoints.</summary>
    public const string Kind = "sac-actor-critic";

    /// <summary>Checkpoint section of the actor's optimizer.</summary>
    public const string ActorOptimizerSection = "actor_adam";

    /// <summary>Checkpoint section of the entropy coefficient's optimizer.</summary>
    public const string AlphaOptimizerSection = "alpha_adam";

    /// <summary>Checkpoint section of the replay buffer.</summary>
    public const string ReplaySection = "replay_buffer";

    /// <summary>Checkpoint section of gSDE's acting draws (with use_sde only).</summary>
    public const string ExplorationSection = "sde_noise";

    private readonly SacConfig _config;
    private readonly torch.Device _device;
    private readonly EnvironmentSession _session;
    private readonly SacNetworks _networks;
    private readonly FlatAdam _criticOptimizer;
    private readonly FlatAdam _actorOptimizer;
    private readonly FlatAdam _alphaOptimizer;
    private readonly BoxReplayBuffer _replay;
    private readonly BoxReplayBatch _batch;
    private readonly TrainerCheckpoint _checkpoint;
    private readonly FiniteCheck _finite;
    private readonly int _observationSize;
    private readonly int _actionSize;
    private readonly float[] _low;
    private readonly float[] _high;
    private readonly Tensor _scale;
    private readonly Tensor _bias;
    private readonly double _targetEntropy;
    private readonly OffPolicyLoop _loop;
    private Rng _rng;
    private long _gradientSteps;

    private readonly float[] _actions;
    private readonly float[] _actingNoise;
    private readonly float[] _batchNoise;

    // gSDE (use_sde): the acting matrices, the collection they were drawn in and the steps since, and the draws of
    // the current gradient step's matrix.
    private readonly StateDependentNoise? _exploration;
    private long _explorationWindow = -1;
    private long _explorationSteps;
    private readonly float[] _trainDraws = [];

    /// <param name="config">The settings.</param>
    /// <param name="device">The torch device.</param>
    /// <param name="makeEnvironment">Makes an environment from its id (tests pass their own); the registry when null.</param>
    public SacTrainer(SacConfig config, torch.Device device, Func<string, IEnvironment>? makeEnvironment = null)
    {
        var setup = new TrainerSetup(config, makeEnvironment);
        (_config, _device, _rng, _session) = (config, device, setup.Rng, setup.Session);
        var env = _session.Env;
        var box = env.ContinuousActionSpace
                  ?? throw new UsageException($"--algo sac: {config.Env} takes discrete actions ({env.ActionSpace}); SAC needs continuous (Box) actions, so use --algo ppo or dqn for it.");
        if (env.ObservationSpace.Shape.Length != 1)
            throw new UsageException($"--algo sac: {config.Env} has image observations ({env.ObservationSpace}); SAC here takes vector observations only.");
        _observationSize = env.ObservationSize;
        _actionSize = env.ActionSize;
        (_low, _high) = (box.Low, box.High);
        _targetEntropy = -_actionSize;

        _networks = new SacNetworks(_observationSize, _actionSize, config.Hidden, config.AlphaInit, SacExploration.Of(config));
        _networks.to(device);
        _criticOptimizer = new FlatAdam(_networks.CriticParameters, config.QLr);
        _actorOptimizer = new FlatAdam(_networks.Actor.parameters(), config.PolicyLr);
        _alphaOptimizer = new FlatAdam([_networks.LogAlpha], config.AlphaLr);
        _scale = TensorData.FromSpan(_low.Zip(_high, (l, h) => (h - l) / 2f).ToArray(), [_actionSize], device);
        _bias = TensorData.FromSpan(_low.Zip(_high, (l, h) => (h + l) / 2f).ToArray(), [_actionSize], device);
        _finite = new FiniteCheck(device);
        _replay = new BoxReplayBuffer(config.BufferSize, _observationSize, _actionSize);
        _batch = new BoxReplayBatch(config.BatchSize, _observationSize, _actionSize);
        _loop = new OffPolicyLoop(_session, config.LearningStarts, config.TrainFrequency, config.TotalTimesteps);
        Policy = new SacPolicy(_networks.Actor, device, _observationSize, _low, _high, TrainerSetup.ActingRandom(config.Seed));

        var n = config.NumEnvs;
        _actions = new float[n * _actionSize];
        _actingNoise = new float[n * _actionSize];
        _batchNoise = new float[config.BatchSize * _actionSize];
        if (config.UseSde)
        {
            _exploration = new StateDependentNoise(n, _networks.Actor.LatentSize, _actionSize);
            _trainDraws = new float[_networks.Actor.LatentSize * _actionSize];
        }
        _checkpoint = new TrainerCheckpoint(Kind, Algorithm, config.Env, config, _networks, _networks.Architecture,
            _criticOptimizer, _session, _actionSize);
    }

    /// <inheritdoc/>
    public string Algorithm => SacAlgorithm.Name;

    /// <inheritdoc/>
    public string EnvironmentId => _config.Env;

    /// <inheritdoc/>
    public int Seed => _config.Seed;

    /// <inheritdoc/>
    public long GlobalStep => _loop.GlobalStep;

    /// <inheritdoc/>
    public long TotalSteps { get => _loop.TotalSteps; set => _loop.TotalSteps = value; }

    /// <inheritdoc/>
    public int Updates => _loop.Updates;

    /// <inheritdoc/>
    public bool Finished => _loop.Finished;

    /// <inheritdoc/>
    public long CheckpointEvery => _config.CheckpointEvery;

    /// <inheritdoc/>
    public AgentConfig Config => _config;

    /// <inheritdoc/>
    public IActingPolicy Policy { get; }

    /// <summary>The actor, critics, targets and log α.</summary>
    public SacNetworks Networks => _networks;

    /// <summary>The replay buffer.</summary>
    public BoxReplayBuffer Replay => _replay;

    /// <summary>Gradient steps taken so far (what policy_frequency and target_network_frequency count).</summary>
    public long GradientSteps => _gradientSteps;

    /// <summary>The entropy coefficient in use: exp(log α) with autotune, else the fixed alpha.</summary>
    public double Alpha
    {
        get
        {
            if (!_config.Autotune) return _config.Alpha;
            using var scope = torch.NewDisposeScope();
            return _networks.LogAlpha.detach().exp().item<float>();
        }
    }

    /// <inheritdoc/>
    public UpdateReport RunUpdate() => _loop.RunUpdate(this);

    // ALGORITHM: random actions before learning starts, then a sample of the squashed Gaussian
    void IOffPolicyLearner.ActAndStep(VectorEnv env, ReadOnlySpan<float> observations, long globalStep)
    {
        if (globalStep < _config.LearningStarts) RandomActions();
        else SampleActions(observations, env.Count);
        env.Step(_actions);
    }

    void IOffPolicyLearner.Remember(VectorEnv env, int copy, ReadOnlySpan<float> observation, ReadOnlySpan<float> nextObservation) =>
        _replay.Add(observation, _actions.AsSpan(copy * _actionSize, _actionSize), env.Rewards[copy], nextObservation, env.Terminated[copy]);

    void IOffPolicyLearner.Train(Dictionary<string, double> scalars) => Train(scalars);

    // SAC updates its targets inside the gradient steps.
    void IOffPolicyLearner.AfterStep(long before, long after, bool learning, long trainingCalls, Dictionary<string, double> scalars)
    {
    }

    void IOffPolicyLearner.EndUpdate(Dictionary<string, double> scalars) => scalars["losses/alpha"] = Alpha;

    private void RandomActions()
    {
        for (var i = 0; i < _actions.Length; i++)
        {
            var j = i % _actionSize;
            _actions[i] = (float)(_low[j] + (_high[j] - (double)_low[j]) * _rng.NextDouble());
        }
    }

    private void SampleActions(ReadOnlySpan<float> observations, int n)
    {
        if (_exploration is null) GaussianNoise.Fill(_rng, _actingNoise);
        else ResampleExplorationWhenDue();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = TensorData.FromSpan(observations, [n, _observationSize], _device);
        var (mean, latent) = _networks.Actor.forward(input);
        var logStd = _networks.Actor.LogStd(latent);
        var (action, _) = _exploration is null
            ? SquashedGaussian.Sample(mean, logStd, TensorData.FromSpan(_actingNoise, [n, _actionSize], _device), _scale, _bias)
            : SquashedGaussian.Squash(mean, logStd, mean + _exploration.Noise(latent), _scale, _bias);
        TensorData.CopyTo(action, _actions);
    }

    // gSDE (SB3's collect_rollouts): new matrices at the start of each collection of train_frequency steps, and every
    // sde_sample_freq steps within it when that is positive.
    private void ResampleExplorationWhenDue()
    {
        var window = GlobalStep / _config.TrainFrequency;
        var due = window != _explorationWindow || (_config.SdeSampleFreq > 0 && _explorationSteps >= _config.SdeSampleFreq);
        if (due)
        {
            _exploration!.Resample(_rng, _networks.Actor.SdeLogStd!);
            (_explorationWindow, _explorationSteps) = (window, 0);
        }
        _explorationSteps++;
    }

    // A reparameterised sample of the current actor and its log-probability, for the gradient steps: fresh Gaussian
    // noise per call, or with gSDE latent · E for this gradient step's matrix E (gradients reach the log-std through E).
    private (Tensor Action, Tensor LogProb) SamplePolicy(Tensor observations)
    {
        var (mean, latent) = _networks.Actor.forward(observations);
        var logStd = _networks.Actor.LogStd(latent);
        if (_exploration is null) return SquashedGaussian.Sample(mean, logStd, Noise(), _scale, _bias);
        var draws = TensorData.FromSpan(_trainDraws, [1, _networks.Actor.LatentSize, _actionSize], _device);
        var matrix = StateDependentNoise.Matrices(draws, _networks.Actor.SdeLogStd!);
        return SquashedGaussian.Squash(mean, logStd, mean + StateDependentNoise.Apply(latent, matrix, SacActor.LearnsFeatures), _scale, _bias);
    }

    private Tensor Noise()
    {
        GaussianNoise.Fill(_rng, _batchNoise);
        return TensorData.FromSpan(_batchNoise, [_config.BatchSize, _actionSize], _device);
    }

    private void Train(Dictionary<string, double> scalars)
    {
        for (var g = 0; g < _config.GradientSteps; g++)
        {
            using var scope = torch.NewDisposeScope();
            _replay.Sample(_rng, _batch);
            // gSDE: one new matrix per gradient step (SB3's actor.reset_noise before its actor loss).
            if (_exploration is not null) GaussianNoise.Fill(_rng, _trainDraws);
            var size = _batch.Size;
            var observations = TensorData.FromSpan(_batch.Observations, [size, _observationSize], _device);
            var nextObservations = TensorData.FromSpan(_batch.NextObservations, [size, _observationSize], _device);
            var actions = TensorData.FromSpan(_batch.Actions, [size, _actionSize], _device);
            var rewards = TensorData.FromSpan(_batch.Rewards, [size], _device);
            var terminated = TensorData.FromSpan(_batch.Terminated, [size], _device);
            var alpha = Alpha;

            // Critics: regress both onto the soft target from the target critics.
            Tensor target;
            using (torch.no_grad())
            {
                var (nextActions, nextLogProb) = SamplePolicy(nextObservations);
                target = SacLoss.SoftTarget(rewards, terminated, _networks.Q1Target.forward(nextObservations, nextActions),
                    _networks.Q2Target.forward(nextObservations, nextActions), nextLogProb, alpha, _config.Gamma);
            }
            var q1 = _networks.Q1.forward(observations, actions);
            var q2 = _networks.Q2.forward(observations, actions);
            var q1Loss = torch.nn.functional.mse_loss(q1, target);
            var q2Loss = torch.nn.functional.mse_loss(q2, target);
            var criticLoss = q1Loss + q2Loss;
            _criticOptimizer.ZeroGrad();
            criticLoss.backward();
            _finite.AddLoss(criticLoss);
            _criticOptimizer.Step();
            _gradientSteps++;

            Tensor? actorLoss = null, alphaLoss = null;
            if (_gradientSteps % _config.PolicyFrequency == 0)
            {
                // Delayed actor updates, compensated by doing policy_frequency of them (CleanRL).
                for (var p = 0; p < _config.PolicyFrequency; p++)
                {
                    var (pi, logPi) = SamplePolicy(observations);
                    actorLoss = SacLoss.Actor(logPi, _networks.Q1.forward(observations, pi), _networks.Q2.forward(observations, pi), alpha);
                    _actorOptimizer.ZeroGrad();
                    actorLoss.backward();
                    _finite.AddLoss(actorLoss);
                    _actorOptimizer.Step();
                    if (_config.Autotune)
                    {
                        Tensor freshLogPi;
                        using (torch.no_grad()) freshLogPi = SamplePolicy(observations).LogProb;
                        alphaLoss = SacLoss.Alpha(_networks.LogAlpha, freshLogPi, _targetEntropy);
                        _alphaOptimizer.ZeroGrad();
                        alphaLoss.backward();
                        _alphaOptimizer.Step();
                        alpha = Alpha;
                    }
                }
            }
            if (_gradientSteps % _config.TargetNetworkFrequency == 0) _networks.UpdateTargets(_config.Tau);

            if (g == _config.GradientSteps - 1)
            {
                scalars["losses/qf1_values"] = q1.detach().mean().item<float>();
                scalars["losses/qf2_values"] = q2.detach().mean().item<float>();
                scalars["losses/qf1_loss"] = q1Loss.item<float>();
                scalars["losses/qf2_loss"] = q2Loss.item<float>();
                scalars["losses/qf_loss"] = criticLoss.item<float>() / 2.0;
                if (actorLoss is not null) scalars["losses/actor_loss"] = actorLoss.item<float>();
                if (alphaLoss is not null) scalars["losses/alpha_loss"] = alphaLoss.item<float>();
            }
        }
        // One host read per training call: NaN or infinity stops the run before the actor acts again.
        _finite.ThrowIfNotFinite([_criticOptimizer.FlatValues, _actorOptimizer.FlatValues, _alphaOptimizer.FlatValues], _criticOptimizer.FlatGradients);
    }

    /// <inheritdoc/>
    public IEnvironment? MakeEvaluationEnvironment() => _session.MakeEvaluationCopy();

    // PLUMBING: checkpoints

    /// <inheritdoc/>
    public void SaveCheckpoint(string path, double elapsedSeconds)
    {
        var sections = new Dictionary<string, byte[]>
        {
            [ActorOptimizerSection] = _actorOptimizer.SaveState(),
            [AlphaOptimizerSection] = _alphaOptimizer.SaveState(),
            [ReplaySection] = _replay.Serialize(),
        };
        var extra = new Dictionary<string, string> { ["gradient_steps"] = TrainerState.Format(_gradientSteps) };
        if (_exploration is not null)
        {
            sections[ExplorationSection] = MemoryMarshal.AsBytes(_exploration.Draws.AsSpan()).ToArray();
            extra["sde_window"] = TrainerState.Format(_explorationWindow);
            extra["sde_steps"] = TrainerState.Format(_explorationSteps);
        }
        _checkpoint.Save(path, new TrainerCheckpoint.Progress(_rng, Updates, GlobalStep, elapsedSeconds), extra: extra, sections: sections);
    }

    /// <inheritdoc/>
    public ResumeInfo Restore(Checkpoint checkpoint)
    {
        var (progress, notice) = _checkpoint.Restore(checkpoint, RestoreSections);
        (_rng, _loop.Updates, _loop.GlobalStep) = (progress.Rng, progress.Updates, progress.GlobalStep);
        _gradientSteps = TrainerState.GetLong(checkpoint.Metadata, "gradient_steps", checkpoint.Path);
        if (_exploration is not null)
        {
            _explorationWindow = TrainerState.GetLong(checkpoint.Metadata, "sde_window", checkpoint.Path);
            _explorationSteps = TrainerState.GetLong(checkpoint.Metadata, "sde_steps", checkpoint.Path);
            var draws = TrainerState.Section(checkpoint, ExplorationSection);
            if (draws.Length != _exploration.Draws.Length * sizeof(float))
                throw new UserFacingException($"checkpoint '{checkpoint.Path}': its gSDE noise has {draws.Length / sizeof(float)} values, but this run needs {_exploration.Draws.Length} (num_envs × hidden[-1] × action size); resume with the settings it was trained with.");
            MemoryMarshal.Cast<byte, float>(draws).CopyTo(_exploration.Draws);
            // The matrices are exp(log_std) ⊙ draws with the log-std they were drawn with: no gradient step happens
            // inside a collection, so that is the restored actor's log-std.
            if (_explorationWindow >= 0) _exploration.Rebuild(_networks.Actor.SdeLogStd!);
        }
        return new ResumeInfo(progress.ElapsedSeconds, notice);
    }

    private void RestoreSections(Checkpoint checkpoint)
    {
        var source = $"checkpoint '{checkpoint.Path}'";
        _actorOptimizer.LoadState(TrainerState.Section(checkpoint, ActorOptimizerSection), source);
        _alphaOptimizer.LoadState(TrainerState.Section(checkpoint, AlphaOptimizerSection), source);
        _replay.Restore(TrainerState.Section(checkpoint, ReplaySection), source);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _finite.Dispose();
        _criticOptimizer.Dispose();
        _actorOptimizer.Dispose();
        _alphaOptimizer.Dispose();
        _scale.Dispose();
        _bias.Dispose();
        _exploration?.Dispose();
        _networks.Dispose();
    }
}
