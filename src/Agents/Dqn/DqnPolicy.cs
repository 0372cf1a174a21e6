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

    public DqnPolicy(QNetworkRunner runner, int actionCount, double epsilon, Rng rng)
    {
        _runner = runner;
        Random = rng;
        _epsilon = epsilon;
        ActionCount = actionCount;
    }

    public string Algorithm => DqnAlgorithm.Name;
    public string ScoreLabel => "Q-value";
    public int ActionCount { get; }

    /// <summary>The generator for stochastic acting.</summary>
    public Rng Random { get; set; }

    /// <inheritdoc/>
    public void Reseed(int seed) => Random = new Rng(seed);

    public int Act(ReadOnlySpan<float> observation, ReadOnlySpan<bool> mask, bool deterministic, Span<float> scores)
    {
        if (scores.Length < ActionCount) throw new ArgumentException($"scores needs room for {ActionCount} actions", nameof(scores));
        _runner.Evaluate(observation, 1, scores);
        if (!deterministic && Random.NextDouble() < _epsilon) return ActionSampler.RandomAllowed(mask, ActionCount, Random);
        return ActionSampler.ArgMax(scores[..ActionCount], mask);
    }
}
