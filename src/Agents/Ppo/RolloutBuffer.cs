namespace RLArena.Agents.Ppo;

/// <summary>
/// One PPO rollout of <see cref="Steps"/> vector steps × <see cref="Envs"/> environments, preallocated once and
/// reused: observations, action masks, actions, log-probabilities, values, rewards, episode ends, the value of each
/// truncated episode's final observation, and (after <see cref="ComputeAdvantages"/>) advantages and returns.
/// All arrays are time-major: row t * Envs + i.
/// </summary>
public sealed class RolloutBuffer
{
    /// <summary>A buffer for rollouts of <paramref name="steps"/> vector steps of <paramref name="envs"/> copies.</summary>
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

    /// <summary>Vector steps per rollout.</summary>
    public int Steps { get; }
    /// <summary>Environment copies.</summary>
    public int Envs { get; }
    /// <summary>Values per observation.</summary>
    public int ObservationSize { get; }
    /// <summary>The number of discrete actions.</summary>
    public int ActionCount { get; }
    /// <summary>Rows: Steps × Envs.</summary>
    public int Size => Steps * Envs;

    /// <summary>Observations, Size × ObservationSize.</summary>
    public float[] Observations { get; }
    /// <summary>Allowed actions, Size × ActionCount.</summary>
    public bool[] ActionMasks { get; }
    /// <summary>The actions taken.</summary>
    public long[] Actions { get; }

    /// <summary>Box action length (0 for discrete actions).</summary>
    public int ActionSize { get; }

    /// <summary>Box actions as sampled, BEFORE clipping to the bounds (the loss needs the sampled ones), [n × ActionSize].</summary>
    public float[] ContinuousActions { get; }
    /// <summary>Log-probabilities of the actions taken.</summary>
    public float[] LogProbs { get; }
    /// <summary>V(s) as recorded while acting.</summary>
    public float[] Values { get; }
    /// <summary>Rewards.</summary>
    public float[] Rewards { get; }
    /// <summary>Whether the episode terminated at the row.</summary>
    public bool[] Terminated { get; }
    /// <summary>Whether the episode was truncated at the row.</summary>
    public bool[] Truncated { get; }
    /// <summary>V(final observation), read where a row was truncated.</summary>
    public float[] FinalValues { get; }
    /// <summary>V(s) of the observations after the rollout, one per copy.</summary>
    public float[] LastValues { get; }
    /// <summary>GAE advantages (after ComputeAdvantages).</summary>
    public float[] Advantages { get; }
    /// <summary>Returns: advantage + value (after ComputeAdvantages).</summary>
    public float[] Returns { get; }

    /// <summary>True when some action was masked somewhere in the rollout (so the update must mask too).</summary>
    public bool AnyMasked()
    {
        foreach (var allowed in ActionMasks) if (!allowed) return true;
        return false;
    }

    /// <summary>The slice of the observation array for step t (all environments).</summary>
    public Span<float> ObservationsAt(int t) => Observations.AsSpan(t * Envs * ObservationSize, Envs * ObservationSize);

    /// <summary>The action masks of vector step <paramref name="t"/> (Envs × ActionCount).</summary>
    /// <param name="t">The vector step.</param>
    public Span<bool> MasksAt(int t) => ActionMasks.AsSpan(t * Envs * ActionCount, Envs * ActionCount);

    /// <summary>GAE with the truncation rule of <see cref="Gae"/>, into <see cref="Advantages"/> and <see cref="Returns"/>.</summary>
    public void ComputeAdvantages(double gamma, double lambda) =>
        Gae.Compute(Steps, Envs, Rewards, Values, Terminated, Truncated, FinalValues, LastValues, gamma, lambda, Advantages, Returns);
}
