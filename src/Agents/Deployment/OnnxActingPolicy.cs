using RLArena.Agents.Policies;
using RLArena.Agents.Training;
using RLArena.Core.Errors;
using RLArena.Environments;
using RLArena.Core.Reproducibility;
using RLArena.Onnx;

namespace RLArena.Agents.Deployment;

/// <summary>
/// An exported ONNX policy as an <see cref="IActingPolicy"/>, for <c>rlarena eval --policy</c> and
/// <c>rlarena watch --policy</c>: every network call goes through ONNX Runtime (<see cref="OnnxPolicy"/>), none through
/// TorchSharp. Deterministic acting takes the graph's <c>deterministic_discrete_actions</c>; stochastic acting samples
/// from its probabilities (PPO) or is epsilon-greedy with the epsilon the file records (DQN), with this class's own
/// seeded generator, as the checkpoint's policy does. A Box-action policy (Gaussian PPO, SAC) acts with the graph's
/// <c>deterministic_continuous_actions</c>, or stochastically with its <c>continuous_actions</c>, sampled by ONNX
/// Runtime's own generator (so stochastic Box-action runs through ONNX do not repeat with a seed; deterministic ones do).
/// </summary>
public sealed class OnnxActingPolicy : IActingPolicy, IDisposable
{
    private readonly float[] _logProbabilities;
    private Rng _random;

    /// <summary>Wraps a loaded ONNX policy.</summary>
    /// <param name="policy">The policy (disposed with this object).</param>
    /// <param name="seed">The seed of the generator for stochastic acting.</param>
    public OnnxActingPolicy(OnnxPolicy policy, int seed = 1)
    {
        Onnx = policy;
        _random = new Rng(seed);
        _logProbabilities = new float[policy.ActionCount];
    }

    /// <summary>The ONNX Runtime policy underneath.</summary>
    public OnnxPolicy Onnx { get; }

    /// <summary>The algorithm the file records ("ppo", "dqn"; "onnx" when none).</summary>
    public string Algorithm => Onnx.Algorithm;

    /// <inheritdoc/>
    public string ScoreLabel => Onnx.ScoreLabel;

    /// <inheritdoc/>
    public int ActionCount => Onnx.ActionCount;

    /// <inheritdoc/>
    public int ActionSize => Onnx.ActionSize;

    /// <summary>True for a Box-action policy (it acts with <see cref="ActContinuous"/>).</summary>
    public bool IsContinuous => Onnx.IsContinuous;

    /// <summary>Loads an exported policy file.</summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="seed">The seed for stochastic acting.</param>
    /// <returns>The acting policy.</returns>
    public static OnnxActingPolicy Load(string path, int seed = 1) => new(OnnxPolicy.Load(path), seed);

    /// <summary>
    /// The environment to act in: <paramref name="environmentSpec"/> when given, else the one the file records, made
    /// as training made it (time limit applied). An environment whose observation size or action count differs from
    /// the policy's is a one-line error.
    /// </summary>
    /// <param name="environmentSpec">An environment spec (<c>--env</c>), or null for the file's own.</param>
    /// <returns>A fresh environment.</returns>
    public IEnvironment MakeEnvironment(string? environmentSpec)
    {
        var spec = string.IsNullOrWhiteSpace(environmentSpec) ? Onnx.EnvironmentId : environmentSpec;
        if (string.IsNullOrWhiteSpace(spec))
            throw new UsageException($"{Onnx.Path} does not record the environment it was trained on; pass --env ENV (see rlarena envs).");
        var environment = EnvironmentSession.MakeEnvironment(spec);
        Onnx.CheckFits(environment.Id, environment.ObservationSpace.Size, environment.ActionSpace.N, environment.ContinuousActionSpace?.Size ?? 0);
        return environment;
    }

    /// <inheritdoc/>
    public int Act(ReadOnlySpan<float> observation, ReadOnlySpan<bool> mask, bool deterministic, Span<float> scores)
    {
        if (scores.Length < ActionCount) throw new ArgumentException($"scores needs room for {ActionCount} actions", nameof(scores));
        var outputs = Onnx.Evaluate(observation, 1, mask.Length == ActionCount ? mask : ReadOnlySpan<bool>.Empty);
        outputs.Scores.AsSpan(0, ActionCount).CopyTo(scores);
        var greedy = (int)outputs.DeterministicActions[0];
        if (deterministic) return greedy;
        if (Onnx.ScoreLabel == "probability")
        {
            for (var a = 0; a < ActionCount; a++) _logProbabilities[a] = MathF.Log(outputs.Scores[a]);
            return ActionSampler.SampleCategorical(_logProbabilities, mask, _random, deterministic: false, scores, out _);
        }
        if (_random.NextDouble() < Onnx.Epsilon) return ActionSampler.RandomAllowed(mask, ActionCount, _random);
        return greedy;
    }

    /// <inheritdoc/>
    public void ActContinuous(ReadOnlySpan<float> observation, bool deterministic, Span<float> action)
    {
        if (!Onnx.IsContinuous) throw new NotSupportedException($"{Onnx.Path} acts with discrete actions; call Act.");
        if (action.Length < ActionSize) throw new ArgumentException($"action needs room for {ActionSize} values", nameof(action));
        var outputs = Onnx.EvaluateContinuous(observation, 1);
        (deterministic ? outputs.DeterministicActions : outputs.SampledActions).AsSpan(0, ActionSize).CopyTo(action);
    }

    /// <inheritdoc/>
    public void Reseed(int seed) => _random = new Rng(seed);

    /// <summary>Closes the ONNX Runtime session.</summary>
    public void Dispose() => Onnx.Dispose();
}
