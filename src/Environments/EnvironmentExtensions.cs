using RLArena.Environments.Wrappers;

namespace RLArena.Environments;

/// <summary>
/// Gymnasium-style conveniences over <see cref="IEnvironment"/> that allocate fresh arrays (for scripts, tests, the
/// viewer); training loops use the span methods or <see cref="Vector.VectorEnv"/> instead.
/// </summary>
public static class EnvironmentExtensions
{
    /// <summary><c>env.reset(seed=seed)</c>: the first observation and the info with its action mask.</summary>
    public static ResetResult Reset(this IEnvironment env, int? seed = null)
    {
        var observation = new float[env.ObservationSpace.Size];
        env.Reset(seed, observation);
        return new ResetResult(observation, new StepInfo(env.ActionMask()));
    }

    /// <summary><c>env.step(action)</c>.</summary>
    public static StepResult Step(this IEnvironment env, int action)
    {
        var observation = new float[env.ObservationSpace.Size];
        var outcome = env.Step(action, observation);
        return new StepResult(observation, outcome.Reward, outcome.Terminated, outcome.Truncated, new StepInfo(env.ActionMask()));
    }

    /// <summary><c>env.step(action)</c> with a continuous action (see <see cref="IsContinuous"/>).</summary>
    /// <param name="env">The environment.</param>
    /// <param name="action">The action values (<see cref="IEnvironment.ContinuousActionSpace"/>.Size floats).</param>
    public static StepResult Step(this IEnvironment env, float[] action)
    {
        var observation = new float[env.ObservationSpace.Size];
        var outcome = env.Step((ReadOnlySpan<float>)action, observation);
        return new StepResult(observation, outcome.Reward, outcome.Terminated, outcome.Truncated, new StepInfo(env.ActionMask()));
    }

    /// <summary>Whether the environment takes continuous (Box) actions, i.e. its <see cref="IEnvironment.ContinuousActionSpace"/> is set.</summary>
    /// <param name="env">The environment.</param>
    public static bool IsContinuous(this IEnvironment env) => env.ContinuousActionSpace is not null;

    /// <summary>
    /// The action space in words: "Discrete(3)" or the Box with its bounds, e.g. "Box(-2, 2, (1,))".
    /// </summary>
    /// <param name="env">The environment.</param>
    public static string DescribeActionSpace(this IEnvironment env) =>
        env.ContinuousActionSpace is { } box ? box.Describe() : env.ActionSpace.ToString();

    /// <summary>
    /// The running statistics (<see cref="IRunningStatistics"/>) of every normalising wrapper in the chain, outermost
    /// first: what a checkpoint saves, eval freezes and a resumed run restores.
    /// </summary>
    /// <param name="env">The outermost environment of a wrapper chain.</param>
    public static IReadOnlyList<IRunningStatistics> RunningStatistics(this IEnvironment env)
    {
        var found = new List<IRunningStatistics>();
        for (IEnvironment? current = env; current is not null; current = (current as EnvironmentWrapper)?.Inner)
        {
            if (current is IRunningStatistics statistics) found.Add(statistics);
        }
        return found;
    }

    /// <summary>The current action mask as a new array.</summary>
    public static bool[] ActionMask(this IEnvironment env)
    {
        var mask = new bool[env.ActionSpace.N];
        env.WriteActionMask(mask);
        return mask;
    }

    /// <summary>
    /// The names of the actions from <see cref="IEnvironment.Metadata"/> (wrappers forward it), or "0", "1", … when it
    /// names none or not exactly one per action. For continuous actions these are the entries of the play controls'
    /// <see cref="PlayControls.ContinuousActions"/> (none where there are no play controls).
    /// </summary>
    public static IReadOnlyList<string> ActionNames(this IEnvironment env)
    {
        var names = env.Metadata.ActionNames;
        var count = env.Metadata.Play?.ActionCount(env) ?? env.ActionSpace.N;
        return names.Count == count
            ? names
            : Enumerable.Range(0, count).Select(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>The first environment of type <typeparamref name="T"/> in a wrapper chain (the env itself included), or null.</summary>
    public static T? Find<T>(this IEnvironment env) where T : class
    {
        for (IEnvironment? current = env; current is not null; current = (current as EnvironmentWrapper)?.Inner)
        {
            if (current is T match) return match;
        }
        return null;
    }

    /// <summary>The innermost environment under all wrappers (Gymnasium's <c>env.unwrapped</c>).</summary>
    public static IEnvironment Unwrapped(this IEnvironment env)
    {
        while (env is EnvironmentWrapper wrapper) env = wrapper.Inner;
        return env;
    }
}
