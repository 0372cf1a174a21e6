namespace RLArena.Environments.Spaces;

/// <summary>The integers 0 .. N-1 (Gymnasium's Discrete(n)).</summary>
public sealed record DiscreteSpace(int N)
{
    /// <summary>Whether <paramref name="value"/> is one of the actions (0 to N − 1).</summary>
    /// <param name="value">An action.</param>
    public bool Contains(int value) => value >= 0 && value < N;

    /// <summary>"Discrete(N)".</summary>
    public override string ToString() => $"Discrete({N})";
}
