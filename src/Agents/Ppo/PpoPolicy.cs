using RLArena.Agents.Networks;
using RLArena.Agents.Policies;
using RLArena.Core.Reproducibility;
using RLArena.Engine.Reproducibility;

namespace RLArena.Agents.Ppo;

/// <summary>A PPO actor-critic as an <see cref="IActingPolicy"/>: scores are the action probabilities.</summary>
public sealed class PpoPolicy : IActingPolicy
{
    private readonly ActorCriticRunner _runner;
    private readonly float[] _logits;

    /// <summary>A policy that acts through <paramref name="runner"/> (the network mirrored in plain C#).</summary>
    /// <param name="runner">Computes the network's outputs for observations.</param>
    /// <param name="actionCount">The number of discrete actions.</param>
    /// <param name="rng">The generator for stochastic acting.</param>
    public PpoPolicy(ActorCriticRunner runner, int actionCount, Rng rng)
    {
        _runner = runner;
        Random = rng;
        ActionCount = actionCount;
        _logits = new float[actionCount];
    }

    /// <inheritdoc />
    public string Algorithm => PpoAlgorithm.Name;
    /// <inheritdoc />
    public string ScoreLabel => "probability";
    /// <inheritdoc />
    public int ActionCount { get; }

    /// <summary>The generator for stochastic acting.</summary>
    public Rng Random { get; set; }

    /// <inheritdoc/>
    public void Reseed(int seed) => Random = new Rng(seed);

    /// <inheritdoc />
    public int Act(ReadOnlySpan<float> observation, ReadOnlySpan<bool> mask, bool deterministic, Span<float> scores)
    {
        if (scores.Length < ActionCount) throw new ArgumentException($"scores needs room for {ActionCount} actions", nameof(scores));
        _runner.Evaluate(observation, 1, _logits, Span<float>.Empty);
        return ActionSampler.SampleCategorical(_logits, mask, Random, deterministic, scores, out _);
    }
}
