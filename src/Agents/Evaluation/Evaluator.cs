using MathNet.Numerics.Statistics;
using RLArena.Environments.Vector;

namespace RLArena.Agents.Evaluation;

/// <summary>Return, length and success statistics over evaluation episodes.</summary>
public sealed record EvaluationResult(
    IReadOnlyList<double> Returns,
    IReadOnlyList<int> Lengths,
    IReadOnlyList<bool?> Successes)
{
    /// <summary>The number of episodes played.</summary>
    public int Episodes => Returns.Count;
    /// <summary>The mean return.</summary>
    public double MeanReturn => Returns.Mean();

    /// <summary>Population standard deviation (as NumPy's np.std, which SB3's evaluate_policy reports).</summary>
    public double StdReturn => Returns.PopulationStandardDeviation();

    /// <summary>The mean episode length.</summary>
    public double MeanLength => Lengths.Select(l => (double)l).Mean();
    /// <summary>The population standard deviation of the episode lengths.</summary>
    public double StdLength => Lengths.Select(l => (double)l).PopulationStandardDeviation();

    /// <summary>Share of episodes that succeeded, where the environment defines success; else null.</summary>
    public double? SuccessRate =>
        Successes.Any(s => s is not null) ? Successes.Count(s => s == true) / (double)Successes.Count(s => s is not null) : null;
}

/// <summary>
/// Plays whole episodes with a policy in one environment copy (so short episodes are not over-represented),
/// seeded once with <c>seed</c> and continuing its stream, as Gymnasium's evaluation loops do.
/// </summary>
public static class Evaluator
{
    /// <summary>Plays <paramref name="episodes"/> episodes of the policy's own environment and collects their returns, lengths and successes.</summary>
    /// <param name="policy">A policy loaded from a checkpoint.</param>
    /// <param name="episodes">How many episodes (at least 1).</param>
    /// <param name="deterministic">Take the most likely (PPO) or greedy (DQN) action instead of sampling.</param>
    /// <param name="seed">The seed of the first episode; the same seed plays the same episodes.</param>
    public static EvaluationResult Run(TrainedPolicy policy, int episodes, bool deterministic, int seed)
    {
        if (episodes <= 0) throw new Core.Errors.UsageException($"--episodes {episodes}: must be at least 1.");
        policy.Reseed(seed);
        return Run(policy, new VectorEnv([policy.MakeEnvironment()]), episodes, deterministic, seed);
    }

    /// <summary>Evaluates any acting policy in a one-copy vector env (discrete or continuous actions).</summary>
    public static EvaluationResult Run(IActingPolicy policy, VectorEnv env, int episodes, bool deterministic, int seed)
    {
        if (env.Count != 1) throw new ArgumentException("evaluation uses a single environment copy", nameof(env));
        var returns = new List<double>(episodes);
        var lengths = new List<int>(episodes);
        var successes = new List<bool?>(episodes);
        var scores = new float[env.ActionCount];
        var action = new int[1];
        var continuous = new float[env.ActionSize];
        env.Reset(seed);
        while (returns.Count < episodes)
        {
            if (env.IsContinuous)
            {
                policy.ActContinuous(env.Observations, deterministic, continuous);
                env.Step((ReadOnlySpan<float>)continuous);
            }
            else
            {
                action[0] = policy.Act(env.Observations, env.ActionMasks, deterministic, scores);
                env.Step(action);
            }
            foreach (var episode in env.CompletedEpisodes)
            {
                returns.Add(episode.Return);
                lengths.Add(episode.Length);
                successes.Add(episode.Success);
            }
        }
        return new EvaluationResult(returns, lengths, successes);
    }
}
