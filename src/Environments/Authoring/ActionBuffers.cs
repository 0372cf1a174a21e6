namespace RLArena.Environments.Authoring;

/// <summary>
/// The actions of one decision (ML-Agents' <c>ActionBuffers</c>). A game with discrete actions has one branch, so
/// <see cref="DiscreteActions"/> holds one value: <c>actions.DiscreteActions[0]</c>. A game with continuous actions
/// (<see cref="GameAgent.ContinuousActionCount"/> above 0) reads <c>actions.ContinuousActions[i]</c>, each in [−1, 1];
/// the other segment is then empty.
/// </summary>
public readonly struct ActionBuffers
{
    internal ActionBuffers(ActionSegment<int> discreteActions, ActionSegment<float> continuousActions)
    {
        DiscreteActions = discreteActions;
        ContinuousActions = continuousActions;
    }

    /// <summary>One action index per discrete branch (empty for a game with continuous actions).</summary>
    public ActionSegment<int> DiscreteActions { get; }

    /// <summary>The continuous action values, each in [−1, 1] (empty for a game with discrete actions).</summary>
    public ActionSegment<float> ContinuousActions { get; }
}

/// <summary>
/// A window on an array owned by the environment: read with <c>segment[i]</c>, and write with <c>segment[i] = v</c>
/// in <see cref="GameAgent.Heuristic"/>. It never allocates.
/// </summary>
public readonly struct ActionSegment<T> where T : struct
{
    private readonly T[] _array;
    private readonly int _offset;

    internal ActionSegment(T[] array, int offset, int length)
    {
        _array = array;
        _offset = offset;
        Length = length;
    }

    /// <summary>How many values the segment holds.</summary>
    public int Length { get; }

    /// <summary>The value at <paramref name="index"/> (0 .. <see cref="Length"/> − 1).</summary>
    public ref T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Length)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"this action segment holds {Length} value(s); use indices 0..{Length - 1}.");
            return ref _array[_offset + index];
        }
    }
}
