using RLArena.Engine.Numerics;
using RLArena.Engine.Optimizers;
using System.Diagnostics;
using RLArena.Agents.Continuous;
using RLArena.Agents.Networks;
using RLArena.Agents.Policies;
using RLArena.Agents.Schedules;
using RLArena.Agents.Training;
using RLArena.Engine.Checkpoints;
using RLArena.Core.Reproducibility;
using RLArena.Engine.Reproducibility;
using RLArena.Environments;
using RLArena.Environments.Vector;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RLArena.Agents.Ppo;

/// <summary>
/// Proximal Policy Optimization (CleanRL's ppo.py, with truncation bootstrapped): each update collects
/// num_steps × num_envs transitions with one batched policy call per vector step, computes GAE, then runs
/// update_epochs passes of shuffled minibatches of the clipped objective. An update whose loss, gradients or weights
/// are NaN or infinite throws <see cref="NonFiniteValueException"/> before the policy acts again.
/// </summary>
public sealed class PpoTrainer : IAgentTrainer
{
    /// <summary>The model kind written into PPO checkpoints.</summary>
    public const string Kind = "ppo-actor-critic";

    private readonly PpoConfig _config;
    private readonly torch.Device _device;
    private readonly EnvironmentSession _session;
    private readonly ActorCritic? _network;
    private readonly GaussianActorCritic? _gaussian;
    private readonly FlatAdam _optimizer;
    private readonly ActorCriticRunner? _runner;
    private readonly RolloutBuffer _buffer;
    private readonly int _observationSize;
    private readonly int _actionCount;
    private readonly long[] _observationShape;
    private readonly TrainerCheckpoint _checkpoint;
    private readonly FiniteCheck _finite;
    private Rng _rng;

    // per-step scratch, allocated once
    private readonly float[] _logits;
    private readonly float[] _values;
    private readonly float[] _probabilities;
    private readonly int[] _actions;
    private readonly float[] _finalObservations;
    private readonly float[] _finalValues;
    private readonly int[] _finalRows;
    private readonly int[] _indices;
    private readonly long[] _minibatch;

    // Box actions: bounds, the clipped actions sent to the environments, noise, and gSDE's exploration matrices
    private readonly int _actionSize;
    private readonly float[] _low = [];
    private readonly float[] _high = [];
    private readonly float[] _envActions = [];
    private readonly float[] _noise = [];
    // gSDE: one exploration matrix per environment copy, drawn at the start of each rollout (SB3's reset_noise).
    private readonly StateDependentNoise? _exploration;

    /// <param name="config">The PPO settings (checked before use).</param>
    /// <param name="device">The device the networks learn on.</param>
    /// <param name="makeEnvironment">Makes an environment from its id (tests pass their own); the registry when null.</param>
    public PpoTrainer(PpoConfig config, torch.Device device, Func<string, IEnvironment>? makeEnvironment = null)
    {
        var setup = new TrainerSetup(config, makeEnvironment);
        (_config, _device, _rng, _session) = (config, device, setup.Rng, setup.Session);
        var env = _session.Env;
        _observationSize = env.ObservationSize;
        _actionCount = env.ActionCount;
        var shape = env.ObservationSpace.Shape;
        _observationShape = shape.Select(s => (long)s).ToArray();
        _actionSize = env.ActionSize;
        torch.nn.Module model;
        if (env.ContinuousActionSpace is { } box)
        {
            if (shape.Length != 1)
                throw new Core.Errors.UsageException($"--algo ppo: {config.Env} has image observations and continuous actions; PPO's Gaussian policy here takes vector observations only.");
            (_low, _high) = (box.Low, box.High);
            _gaussian = new GaussianActorCritic(_observationSize, _actionSize, config.Hidden, config.Activation, config.UseSde, config.LogStdInit);
            _gaussian.to(device);
            model = _gaussian;
            _envActions = new float[config.NumEnvs * _actionSize];
            _noise = new float[config.NumEnvs * _actionSize];
            if (config.UseSde) _exploration = new StateDependentNoise(config.NumEnvs, _gaussian.LatentSize, _actionSize);
            Policy = new GaussianPpoPolicy(_gaussian, device, _observationSize, _low, _high, TrainerSetup.ActingRandom(config.Seed));
        }
        else
        {
            if (config.UseSde)
                throw new Core.Errors.UsageException($"use_sde=true: {config.Env} takes discrete actions ({env.ActionSpace}); gSDE is for continuous (Box) actions, so drop use_sde.");
            _network = new ActorCritic(shape, _actionCount, config.Hidden, config.Activation);
            _network.to(device);
            model = _network;
            _runner = new ActorCriticRunner(_network, device, _observationSize);
            Policy = new PpoPolicy(_runner, _actionCount, TrainerSetup.ActingRandom(config.Seed));
        }
        _optimizer = new FlatAdam(model.parameters().ToList(), config.LearningRate, eps: config.AdamEps);
        _finite = new FiniteCheck(device);
        _buffer = new RolloutBuffer(config.NumSteps, config.NumEnvs, _observationSize, _actionCount, _actionSize);

        var n = config.NumEnvs;
        _logits = new float[n * _actionCount];
        _values = new float[n];
        _probabilities = new float[_actionCount];
        _actions = new int[n];
        _finalObservations = new float[n * _observationSize];
        _finalValues = new float[n];
        _finalRows = new int[n];
        _indices = Enumerable.Range(0, config.BatchSize).ToArray();
        _minibatch = new long[config.MinibatchSize];
        TotalSteps = config.TotalTimesteps;
        _checkpoint = new TrainerCheckpoint(Kind, Algorithm, config.Env, config, model, Architecture, _optimizer, _session,
            _gaussian is null ? _actionCount : _actionSize);
    }

    /// <inheritdoc />
    public string Algorithm => PpoAlgorithm.Name;
    /// <inheritdoc />
    public string EnvironmentId => _config.Env;
    /// <inheritdoc />
    public int Seed => _config.Seed;
    /// <inheritdoc />
    public long GlobalStep { get; private set; }
    /// <inheritdoc />
    public long TotalSteps { get; set; }
    /// <inheritdoc />
    public int Updates { get; private set; }
    /// <inheritdoc />
    public long CheckpointEvery => _config.CheckpointEvery;
    /// <inheritdoc />
    public AgentConfig Config => _config;
    /// <inheritdoc />
    public IActingPolicy Policy { get; }
    /// <summary>The discrete actor-critic (environments with discrete actions).</summary>
    public ActorCritic Network => _network ?? throw new InvalidOperationException("this PPO trainer has Box actions; its network is GaussianNetwork.");

    /// <summary>The Gaussian actor-critic (environments with Box actions), else null.</summary>
    public GaussianActorCritic? GaussianNetwork => _gaussian;

    /// <summary>The network's shape, as checkpoints store it.</summary>
    public string Architecture => _network?.Architecture ?? _gaussian!.Architecture;

    /// <summary>Updates in the whole run: total steps / rollout size (CleanRL's num_iterations), at least 1.</summary>
    public int TotalUpdates => (int)Math.Max(1, TotalSteps / _config.BatchSize);

    /// <summary>Done after <see cref="TotalUpdates"/> updates, so a run never exceeds its step budget.</summary>
    public bool Finished => Updates >= TotalUpdates;

    /// <inheritdoc />
    public UpdateReport RunUpdate()
    {
        var episodes = new List<(long, EpisodeRecord)>();
        // ALGORITHM: schedules (CleanRL: frac = 1 - (iteration - 1) / num_iterations)
        var frac = 1.0 - (double)Updates / TotalUpdates;
        var learningRate = _config.AnnealLr ? Math.Max(0, frac) * _config.LearningRate : _config.LearningRate;
        var clip = _config.AnnealClip ? Math.Max(0, frac) * _config.ClipCoef : _config.ClipCoef;
        _optimizer.LearningRate = learningRate;

        if (_gaussian is null) Collect(episodes);
        else CollectContinuous(episodes);
        _buffer.ComputeAdvantages(_config.Gamma, _config.GaeLambda);
        var scalars = Learn(clip);
        scalars["charts/learning_rate"] = learningRate;
        if (_config.AnnealClip) scalars["charts/clip_coef"] = clip;
        Updates++;
        _runner?.Refresh();
        return new UpdateReport(episodes, scalars);
    }

    private void Collect(List<(long, EpisodeRecord)> episodes)
    {
        var env = _session.Env;
        var n = env.Count;
        for (var t = 0; t < _config.NumSteps; t++)
        {
            var observations = env.Observations.AsSpan(0, n * _observationSize);
            var masks = env.ActionMasks.AsSpan(0, n * _actionCount);
            observations.CopyTo(_buffer.ObservationsAt(t));
            masks.CopyTo(_buffer.MasksAt(t));
            _runner!.Evaluate(observations, n, _logits, _values);
            for (var i = 0; i < n; i++)
            {
                var k = t * n + i;
                var action = ActionSampler.SampleCategorical(_logits.AsSpan(i * _actionCount, _actionCount),
                    masks.Slice(i * _actionCount, _actionCount), _rng, false, _probabilities, out var logProb);
                _actions[i] = action;
                _buffer.Actions[k] = action;
                _buffer.LogProbs[k] = logProb;
                _buffer.Values[k] = _values[i];
            }

            env.Step(_actions);
            GlobalStep += n;

            RecordStep(t);
            _session.AddCompletedEpisodes(GlobalStep, episodes);
        }
        _runner!.Values(env.Observations.AsSpan(0, n * _observationSize), n, _buffer.LastValues);
    }

    /// <summary>Writes step <paramref name="t"/>'s rewards and episode ends into the buffer, and bootstraps the episodes
    /// cut off by the time limit from V(final observation), in one batched call to the critic.</summary>
    private void RecordStep(int t)
    {
        var env = _session.Env;
        var n = env.Count;
        var truncatedRows = 0;
        for (var i = 0; i < n; i++)
        {
            var k = t * n + i;
            _buffer.Rewards[k] = env.Rewards[i];
            _buffer.Terminated[k] = env.Terminated[i];
            _buffer.Truncated[k] = env.Truncated[i];
            _buffer.FinalValues[k] = 0;
            if (env.Truncated[i] && !env.Terminated[i])
            {
                env.FinalObservations.AsSpan(i * _observationSize, _observationSize)
                    .CopyTo(_finalObservations.AsSpan(truncatedRows * _observationSize));
                _finalRows[truncatedRows++] = i;
            }
        }
        if (truncatedRows == 0) return;
        var finals = _finalObservations.AsSpan(0, truncatedRows * _observationSize);
        if (_gaussian is null) _runner!.Values(finals, truncatedRows, _finalValues);
        else GaussianValues(finals, truncatedRows, _finalValues);
        for (var r = 0; r < truncatedRows; r++) _buffer.FinalValues[t * n + _finalRows[r]] = _finalValues[r];
    }

    /// <summary>
    /// The Box-action rollout: actions sampled from the Gaussian (with gSDE, mean + latent · E), stored unclipped
    /// for the loss and sent to the environments clipped to the bounds (CleanRL, SB3).
    /// </summary>
    private void CollectContinuous(List<(long, EpisodeRecord)> episodes)
    {
        var env = _session.Env;
        var n = env.Count;
        var gaussian = _gaussian!;
        var values = new float[n];
        for (var t = 0; t < _config.NumSteps; t++)
        {
            if (gaussian.StateDependentExploration && (t == 0 || (_config.SdeSampleFreq > 0 && t % _config.SdeSampleFreq == 0)))
                _exploration!.Resample(_rng, gaussian.LogStd);
            var observations = env.Observations.AsSpan(0, n * _observationSize);
            observations.CopyTo(_buffer.ObservationsAt(t));
            var sampledRows = _buffer.ContinuousActions.AsSpan(t * n * _actionSize, n * _actionSize);
            if (!gaussian.StateDependentExploration) GaussianNoise.Fill(_rng, _noise);
            using (var scope = torch.NewDisposeScope())
            using (torch.no_grad())
            {
                var input = TensorData.FromSpan(observations, [n, _observationSize], _device);
                var (mean, latent) = gaussian.Actor(input);
                var noise = gaussian.StateDependentExploration
                    ? _exploration!.Noise(latent)
                    : gaussian.LogStd.exp() * TensorData.FromSpan(_noise, [n, _actionSize], _device);
                var sampled = mean + noise;
                var (logProb, _) = gaussian.Evaluate(mean, latent, sampled);
                TensorData.CopyTo(sampled, sampledRows);
                TensorData.CopyTo(logProb, _buffer.LogProbs.AsSpan(t * n, n));
                TensorData.CopyTo(gaussian.Values(input), values);
            }
            values.CopyTo(_buffer.Values.AsSpan(t * n, n));
            sampledRows.CopyTo(_envActions);
            ActionBounds.Clip(_envActions, _low, _high);

            env.Step((ReadOnlySpan<float>)_envActions);
            GlobalStep += n;

            RecordStep(t);
            _session.AddCompletedEpisodes(GlobalStep, episodes);
        }
        GaussianValues(env.Observations.AsSpan(0, n * _observationSize), n, _buffer.LastValues);
    }

    private void GaussianValues(ReadOnlySpan<float> observations, int batch, Span<float> values)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        TensorData.CopyTo(_gaussian!.Values(TensorData.FromSpan(observations, [batch, _observationSize], _device)), values[..batch]);
    }

    private Dictionary<string, double> Learn(double clip)
    {
        var batch = _buffer.Size;
        var minibatchSize = _config.MinibatchSize;
        using var scope = torch.NewDisposeScope();
        var observations = TensorData.FromSpan(_buffer.Observations, [batch, _observationSize], _device);
        var actions = _gaussian is null
            ? TensorData.FromSpan(_buffer.Actions, [batch], _device)
            : TensorData.FromSpan(_buffer.ContinuousActions, [batch, _actionSize], _device);
        var oldLogProbs = TensorData.FromSpan(_buffer.LogProbs, [batch], _device);
        var advantages = TensorData.FromSpan(_buffer.Advantages, [batch], _device);
        var returns = TensorData.FromSpan(_buffer.Returns, [batch], _device);
        var oldValues = TensorData.FromSpan(_buffer.Values, [batch], _device);
        var masks = _buffer.AnyMasked() ? TensorData.FromSpan(_buffer.ActionMasks, [batch, _actionCount], _device) : null;

        Tensor? policyLoss = null, valueLoss = null, entropy = null, approxKl = null;
        var clipFractions = new List<Tensor>(); // one per minibatch of every epoch: CleanRL's clipfracs
        for (var i = 0; i < batch; i++) _indices[i] = i; // each update starts from the same order (resume-exact)
        var epochsDone = 0;
        for (var epoch = 0; epoch < _config.UpdateEpochs; epoch++)
        {
            _rng.Shuffle(_indices.AsSpan());
            for (var start = 0; start + minibatchSize <= batch; start += minibatchSize)
            {
                using var step = torch.NewDisposeScope();
                for (var j = 0; j < minibatchSize; j++) _minibatch[j] = _indices[start + j];
                var index = TensorData.FromSpan(_minibatch, [minibatchSize], _device);
                var (newLogProb, entropyPerRow, newValues) = Evaluate(observations.index_select(0, index), actions.index_select(0, index),
                    masks?.index_select(0, index));
                var mbAdvantages = advantages.index_select(0, index);
                if (_config.NormAdv) mbAdvantages = PpoLoss.Normalize(mbAdvantages);
                // approx-KL (for target_kl and the log) on the last minibatch of each epoch, as CleanRL reads it; the
                // clip fraction on every minibatch, as CleanRL averages it.
                var last = start + 2 * minibatchSize > batch;
                var (pg, kl, cf) = PpoLoss.ClippedSurrogate(newLogProb, oldLogProbs.index_select(0, index), mbAdvantages, clip, approxKl: last);
                clipFractions.Add(cf.MoveToOuterDisposeScope());
                var v = PpoLoss.ValueLoss(newValues, oldValues.index_select(0, index), returns.index_select(0, index),
                    _config.ClipVloss ? clip : null);
                var ent = entropyPerRow.mean();
                var loss = PpoLoss.Total(pg, ent, v, _config.EntCoef, _config.VfCoef);

                _optimizer.ZeroGrad();
                loss.backward();
                _finite.AddLoss(loss);
                if (_config.MaxGradNorm > 0) _optimizer.ClipGradNorm(_config.MaxGradNorm);
                _optimizer.Step();

                if (last)
                {
                    policyLoss = pg.detach().MoveToOuterDisposeScope();
                    valueLoss = v.detach().MoveToOuterDisposeScope();
                    entropy = ent.detach().MoveToOuterDisposeScope();
                    approxKl = kl!.MoveToOuterDisposeScope();
                }
            }
            epochsDone++;
            if (_config.TargetKl > 0 && approxKl is not null && approxKl.item<float>() > _config.TargetKl) break;
        }
        // One host read per update: NaN or infinity stops the run here, before the policy acts or is saved.
        _finite.ThrowIfNotFinite([_optimizer.FlatValues], _optimizer.FlatGradients);

        var scalars = new Dictionary<string, double>();
        if (policyLoss is not null)
        {
            scalars["losses/policy_loss"] = policyLoss.item<float>();
            scalars["losses/value_loss"] = valueLoss!.item<float>();
            scalars["losses/entropy"] = entropy!.item<float>();
            scalars["losses/approx_kl"] = approxKl!.item<float>();
            scalars["losses/clipfrac"] = torch.stack(clipFractions).mean().item<float>();
        }
        scalars["losses/explained_variance"] = PpoLoss.ExplainedVariance(_buffer.Values, _buffer.Returns);
        scalars["losses/epochs"] = epochsDone;
        return scalars;
    }

    /// <summary>log π(a|s), the entropy and V(s) of a minibatch under the current network, either head.</summary>
    private (Tensor LogProb, Tensor Entropy, Tensor Values) Evaluate(Tensor observations, Tensor actions, Tensor? masks)
    {
        if (_gaussian is { } gaussian)
        {
            var (mean, latent) = gaussian.Actor(observations);
            var (logProb, entropy) = gaussian.Evaluate(mean, latent, actions);
            return (logProb, entropy, gaussian.Values(observations));
        }
        var (logits, values) = _network!.Forward(observations);
        var masked = MaskedCategorical.Apply(logits, masks);
        var (discreteLogProb, discreteEntropy) = MaskedCategorical.LogProbAndEntropy(masked, actions);
        return (discreteLogProb, discreteEntropy, values);
    }

    /// <inheritdoc/>
    public IEnvironment? MakeEvaluationEnvironment() => _session.MakeEvaluationCopy();

    // PLUMBING: checkpoints

    /// <inheritdoc />
    public void SaveCheckpoint(string path, double elapsedSeconds) =>
        _checkpoint.Save(path, new TrainerCheckpoint.Progress(_rng, Updates, GlobalStep, elapsedSeconds), extra: new Dictionary<string, string>
        {
            ["observation_shape"] = string.Join(",", _observationShape),
        });

    /// <inheritdoc />
    public ResumeInfo Restore(Checkpoint checkpoint)
    {
        var (progress, notice) = _checkpoint.Restore(checkpoint);
        (_rng, Updates, GlobalStep) = (progress.Rng, progress.Updates, progress.GlobalStep);
        _runner?.Refresh();
        return new ResumeInfo(progress.ElapsedSeconds, notice);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _finite.Dispose();
        _optimizer.Dispose();
        _exploration?.Dispose();
        _network?.Dispose();
        _gaussian?.Dispose();
    }
}
