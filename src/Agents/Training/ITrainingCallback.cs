namespace RLArena.Agents.Training;

/// <summary>
/// Hook into a training run: <see cref="OnUpdate"/> is called on the training thread after every update (PPO: each
/// rollout and its epochs; DQN: every ~1,000 environment steps), with the live policy. A viewer can play an episode
/// with <see cref="TrainingProgress.Policy"/> there, or record frames; training waits until it returns. Keep the
/// policy only for the duration of the call (its weights keep changing).
/// </summary>
public interface ITrainingCallback
{
    /// <summary>Called on the training thread after every update; training continues when it returns.</summary>
    /// <param name="progress">Where the run stands, with the live policy.</param>
    void OnUpdate(TrainingProgress progress);
}

/// <summary>Where a run stands after an update.</summary>
/// <param name="Algorithm">"ppo" or "dqn".</param>
/// <param name="EnvironmentId">The environment id with options.</param>
/// <param name="Step">Environment steps done so far (all copies together).</param>
/// <param name="TotalSteps">Steps the run will do.</param>
/// <param name="Update">Updates done so far (1-based).</param>
/// <param name="StepsPerSecond">Environment steps per second over the whole run (this session), updates included.</param>
/// <param name="ElapsedSeconds">Wall time of the run, resumed sessions included.</param>
/// <param name="MeanReturn">Mean return of the last (up to) 100 finished episodes, null before the first ends.</param>
/// <param name="MeanLength">Mean length of the same episodes.</param>
/// <param name="SuccessRate">Share of those episodes that succeeded, where the environment defines success.</param>
/// <param name="Scalars">This update's logged values (losses/..., charts/learning_rate, ...).</param>
/// <param name="Policy">The policy being trained, usable during the call.</param>
public sealed record TrainingProgress(
    string Algorithm,
    string EnvironmentId,
    long Step,
    long TotalSteps,
    int Update,
    double StepsPerSecond,
    double ElapsedSeconds,
    double? MeanReturn,
    double? MeanLength,
    double? SuccessRate,
    IReadOnlyDictionary<string, double> Scalars,
    IActingPolicy Policy);
