namespace RLArena.Environments;

/// <summary>The shared argument and order checks every environment and wrapper applies.</summary>
internal static class EnvGuards
{
    public static void ObservationLength(Span<float> observation, int size, string id)
    {
        if (observation.Length != size)
            throw new ArgumentException($"{id}: the observation buffer holds {observation.Length} floats but the observation space needs {size}.", nameof(observation));
    }

    public static void MaskLength(Span<bool> mask, int actions, string id)
    {
        if (mask.Length != actions)
            throw new ArgumentException($"{id}: the action-mask buffer holds {mask.Length} values but there are {actions} actions.", nameof(mask));
    }

    public static void Action(int action, int actions, string id)
    {
        if ((uint)action >= (uint)actions)
            throw new ArgumentOutOfRangeException(nameof(action), action, $"{id}: actions are 0..{actions - 1} (Discrete({actions})).");
    }

    /// <summary>A continuous action: the right length and no NaN (out-of-bounds values are the environment's to clip).</summary>
    public static void ContinuousAction(ReadOnlySpan<float> action, int size, string id)
    {
        if (action.Length != size)
            throw new ArgumentException($"{id}: the action holds {action.Length} floats but the action space needs {size}.", nameof(action));
        for (var i = 0; i < action.Length; i++)
        {
            if (float.IsNaN(action[i]))
                throw new ArgumentException($"{id}: action value {i} is NaN; give a number within the action bounds.", nameof(action));
        }
    }

    /// <summary>The error of an integer step on an environment whose actions are continuous.</summary>
    public static NotSupportedException DiscreteStepOnContinuous(string id, Spaces.BoxSpace space) =>
        new($"{id} takes continuous actions ({space}); step it with a vector of floats, not an integer action.");

    /// <summary>The error of a continuous step on an environment whose actions are discrete.</summary>
    public static NotSupportedException ContinuousStepOnDiscrete(string id, Spaces.DiscreteSpace space) =>
        new($"{id} takes discrete actions ({space}); step it with an integer action, not a vector of floats.");

    public static void CanStep(EpisodePhase phase, string id)
    {
        if (phase == EpisodePhase.Running) return;
        throw new InvalidOperationException(phase == EpisodePhase.NeverReset
            ? $"{id}: Step was called before Reset; call Reset first."
            : $"{id}: the episode has ended (terminated or truncated); call Reset before stepping again.");
    }

    public static void Seed(int? seed)
    {
        if (seed is < 0) throw new ArgumentOutOfRangeException(nameof(seed), seed, "a seed must be non-negative (as in NumPy and Gymnasium).");
    }
}
