namespace RLArena.Environments.Spaces;

/// <summary>
/// The integers 0 .. N-1 (Gymnasium's Discrete(n)). <see cref="None"/> (N = 0) is the action space of an environment
/// whose actions are continuous (see <see cref="IEnvironment.ContinuousActionSpace"/>).
/// </summary>
/// <param name="N">How many actions there are (0 for <see cref="None"/>).</param>
public sealed record DiscreteSpace(int N)
{
    /// <summary>No discrete actions: the environment takes continuous actions instead. Prints as "none".</summary>
    public static DiscreteSpace None { get; } = new(0);

    /// <summary>Whether this is <see cref="None"/> (no discrete actions).</summary>
    public bool IsNone => N == 0;

    /// <summary>Whether <paramref name="value"/> is one of the actions.</summary>
    /// <param name="value">The action to test.</param>
    public bool Contains(int value) => value >= 0 && value < N;

    /// <inheritdoc/>
    public override string ToString() => N == 0 ? "none" : $"Discrete({N})";
}
