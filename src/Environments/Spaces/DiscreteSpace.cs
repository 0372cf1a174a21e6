namespace RLArena.Environments.Spaces;

/// <summary>The integers 0 .. N-1 (Gymnasium's Discrete(n)).</summary>
public sealed record DiscreteSpace(int N)
{
    public bool Contains(int value) => value >= 0 && value < N;

    public override string ToString() => $"Discrete({N})";
}
