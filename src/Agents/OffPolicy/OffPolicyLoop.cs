using RLArena.Agents.Training;
using RLArena.Environments;
using RLArena.Environments.Vector;

namespace RLArena.Agents.OffPolicy;

/// <summary>
/// What an off-policy algorithm supplies to <see cref="OffPolicyLoop"/>: how it acts, what it stores, its training
/// call and its bookkeeping after a step (DQN and SAC).
/// </summary>
internal interface IOffPolicyLearner
{
    /// <summary>Chooses an action for every environment copy and steps them all once.</summary>
    /// <param name="env">The training environments.</param>
    /// <param name="observations">Their current observations [copies × observation size].</param>
    /// <param name="globalStep">Environment steps taken before this one.</param>
    void ActAndStep(VectorEnv env, ReadOnlySpan<float> observations, long globalStep);

    /// <summary>Stores copy <paramref name="copy"/>'s transition of the step just taken in the replay buffer.</summary>
    /// <param name="env">The training environments, after the step.</param>
    /// <param name="copy">Which copy.</param>
    /// <param name="observation">The observation it acted on.</param>
    /// <param name="nextObservation">The real next observation (the final one where its episode ended).</param>
    void Remember(VectorEnv env, int copy, ReadOnlySpan<float> observation, ReadOnlySpan<float> nextObservation);

    /// <summary>One training call: gradient_steps minibatches; the last one's losses go into <paramref name="scalars"/>.</summary>
    /// <param name="scalars">The update's logged values.</param>
    void Train(Dictionary<string, double> scalars);

    /// <summary>After each vector step and its training calls (target copies, logged schedules).</summary>
    /// <param name="before">Environment steps before the step.</param>
    /// <param name="after">Environment steps after it.</param>
    /// <param name="learning">True once learning_starts has passed.</param>
    /// <param name="trainingCalls">How many training calls the step made.</param>
    /// <param name="scalars">The update's logged values.</param>
    void AfterStep(long before, long after, bool learning, long trainingCalls, Dictionary<string, double> scalars);

    /// <summary>At the end of an update (values logged once per update).</summary>
    /// <param name="scalars">The update's logged values.</param>
    void EndUpdate(Dictionary<string, double> scalars);
}

/// <summary>
/// The off-policy training loop DQN and SAC share (SB3's OffPolicyAlgorithm.collect_rollouts and learn): an update
/// steps the vector environment up to 1,000 times; each step the learner acts, every copy's transition goes into
/// the replay buffer with its real next observation, finished episodes are collected, and once learning_starts
/// has passed the learner trains once for every multiple of train_frequency the step crossed.
/// </summary>
internal sealed class OffPolicyLoop
{
    /// <summary>Environment steps per update (what one line of progress and one metrics row cover).</summary>
    public const int StepsPerUpdate = 1000;

    private readonly EnvironmentSession _session;
    private readonly long _learningStarts;
    private readonly int _trainFrequency;
    private readonly float[] _previousObservations;

    /// <param name="session">The training environments.</param>
    /// <param name="learningStarts">Environment steps before the first training call.</param>
    /// <param name="trainFrequency">Train every this many environment steps.</param>
    /// <param name="totalSteps">The run's budget.</param>
    public OffPolicyLoop(EnvironmentSession session, long learningStarts, int trainFrequency, long totalSteps)
    {
        (_session, _learningStarts, _trainFrequency, TotalSteps) = (session, learningStarts, trainFrequency, totalSteps);
        _previousObservations = new float[session.Env.Count * session.Env.ObservationSize];
    }

    /// <summary>Environment steps taken (all copies together).</summary>
    public long GlobalStep { get; set; }

    /// <summary>The run's budget in environment steps.</summary>
    public long TotalSteps { get; set; }

    /// <summary>Updates run so far.</summary>
    public int Updates { get; set; }

    /// <summary>True once the budget is spent.</summary>
    public bool Finished => GlobalStep >= TotalSteps;

    /// <summary>How many multiples of <paramref name="every"/> lie in (before, after].</summary>
    /// <param name="before">Steps before.</param>
    /// <param name="after">Steps after.</param>
    /// <param name="every">The period.</param>
    public static long Crossings(long before, long after, long every) => after / every - before / every;

    /// <summary>Runs one update (up to <see cref="StepsPerUpdate"/> environment steps) with <paramref name="learner"/>.</summary>
    /// <param name="learner">The algorithm's parts.</param>
    /// <returns>The episodes that finished and the values to log.</returns>
    public UpdateReport RunUpdate(IOffPolicyLearner learner)
    {
        var episodes = new List<(long, EpisodeRecord)>();
        var scalars = new Dictionary<string, double>();
        var env = _session.Env;
        var n = env.Count;
        var size = env.ObservationSize;
        var end = Math.Min(TotalSteps, GlobalStep + StepsPerUpdate);
        while (GlobalStep < end)
        {
            var observations = env.Observations.AsSpan(0, n * size);
            observations.CopyTo(_previousObservations);
            learner.ActAndStep(env, observations, GlobalStep);
            var before = GlobalStep;
            GlobalStep += n;

            for (var i = 0; i < n; i++)
            {
                // The real next observation: for an ended episode, its final one (not the reset one).
                var ended = env.Terminated[i] || env.Truncated[i];
                var next = ended ? env.FinalObservations.AsSpan(i * size, size) : env.Observations.AsSpan(i * size, size);
                learner.Remember(env, i, _previousObservations.AsSpan(i * size, size), next);
            }
            _session.AddCompletedEpisodes(GlobalStep, episodes);

            var learning = GlobalStep > _learningStarts;
            var trainingCalls = learning ? Crossings(before, GlobalStep, _trainFrequency) : 0;
            for (var k = 0; k < trainingCalls; k++) learner.Train(scalars);
            learner.AfterStep(before, GlobalStep, learning, trainingCalls, scalars);
        }
        learner.EndUpdate(scalars);
        Updates++;
        return new UpdateReport(episodes, scalars);
    }
}
