using RLArena.Agents.Networks;
using RLArena.Agents.Policies;
using RLArena.Core.Reproducibility;
using RLArena.Engine.Reproducibility;

namespace RLArena.Agents.Dqn;

/// <summary>A Q-network as an <see cref="IActingPolicy"/>: scores are the Q-values; stochastic acting is epsilon-greedy.</summary>
public sealed class DqnPolicy : IActingPolicy
{
    private readonly QNetworkRunner _runner;
    private readonly double _epsilon;

    /// <summary>A policy that acts through <paramref name="runner"/> (the network mirrored in plain C#).</summary>
    /// <param name="runner">Computes the network's outputs for observations.</param>
    /// <param name="actionCount">The number of discrete actions.</param>
    /// <param name="epsilon">The exploration epsilon when acting stochastically (the run's final epsilon).</param>
    /// <param name="rng">The generator for stochastic acting.</param>
    public DqnPolicy(QNetworkRunner runner, int actionCount, double epsilon, Rng rng)
    {
        _runner = runner;
        Random = rng;
        _epsilon = epsilon;
        ActionCount = actionCount;
    }

    /// <inheritdoc />
    public string Algorithm => DqnAlgorithm.Name;
    /// <inheritdoc />
    public string ScoreLabel => "Q-value";
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
        _runner.Evaluate(observation, 1, scores);
        if (!deterministic && Random.NextDouble() < _epsilon) return ActionSampler.RandomAllowed(mask, ActionCount, Random);
        return ActionSampler.ArgMax(scores[..ActionCount], mask);
    }
}
