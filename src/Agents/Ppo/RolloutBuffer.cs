namespace RLArena.Agents.Ppo;

/// <summary>
/// One PPO rollout of <see cref="Steps"/> vector steps × <see cref="Envs"/> environments, preallocated once and
/// reused: observations, action masks, actions, log-probabilities, values, rewards, episode ends, the value of each
/// truncated episode's final observation, and (after <see cref="ComputeAdvantages"/>) advantages and returns.
/// All arrays are time-major: row t * Envs + i.
/// </summary>
public sealed class RolloutBuffer
{
    /// <param name="steps">Vector steps per rollout.</param>
    /// <param name="envs">Environment copies.</param>
    /// <param name="observationSize">Observation length.</param>
    /// <param name="actionCount">Discrete actions (0 for Box actions).</param>
    /// <param name="actionSize">Box action length (0 for discrete actions): room for the unclipped actions.</param>
    public RolloutBuffer(int steps, int envs, int observationSize, int actionCount, int actionSize = 0)
    {
        if (steps <= 0 || envs <= 0) throw new ArgumentException("a rollout needs at least one step and one environment");
        Steps = steps;
        Envs = envs;
        ObservationSize = observationSize;
        ActionCount = actionCount;
        var n = steps * envs;
        Observations = new float[n * observationSize];
        ActionMasks = new bool[n * actionCount];
        Actions = new long[n];
        ActionSize = actionSize;
        ContinuousActions = new float[n * actionSize];
        LogProbs = new float[n];
        Values = new float[n];
        Rewards = new float[n];
        Terminated = new bool[n];
        Truncated = new bool[n];
        FinalValues = new float[n];
        LastValues = new float[envs];
        Advantages = new float[n];
        Returns = new float[n];
    }

    public int Steps { get; }
    public int Envs { get; }
    public int ObservationSize { get; }
    public int ActionCount { get; }
    public int Size => Steps * Envs;

    public float[] Observations { get; }
    public bool[] ActionMasks { get; }
    public long[] Actions { get; }

    /// <summary>Box action length (0 for discrete actions).</summary>
    public int ActionSize { get; }

    /// <summary>Box actions as sampled, BEFORE clipping to the bounds (the loss needs the sampled ones), [n × ActionSize].</summary>
    public float[] ContinuousActions { get; }
    public float[] LogProbs { get; }
    public float[] Values { get; }
    public float[] Rewards { get; }
    public bool[] Terminated { get; }
    public bool[] Truncated { get; }
    public float[] FinalValues { get; }
    public float[] LastValues { get; }
    public float[] Advantages { get; }
    public float[] Returns { get; }

    /// <summary>True when some action was masked somewhere in the rollout (so the update must mask too).</summary>
    public bool AnyMasked()
    {
        foreach (var allowed in ActionMasks) if (!allowed) return true;
        return false;
    }

    /// <summary>The slice of the observation array for step t (all environments).</summary>
    public Span<float> ObservationsAt(int t) => Observations.AsSpan(t * Envs * ObservationSize, Envs * ObservationSize);

    public Span<bool> MasksAt(int t) => ActionMasks.AsSpan(t * Envs * ActionCount, Envs * ActionCount);

    /// <summary>GAE with the truncation rule of <see cref="Gae"/>, into <see cref="Advantages"/> and <see cref="Returns"/>.</summary>
    public void ComputeAdvantages(double gamma, double lambda) =>
        Gae.Compute(Steps, Envs, Rewards, Values, Terminated, Truncated, FinalValues, LastValues, gamma, lambda, Advantages, Returns);
}
