namespace RLArena.Environments.Authoring;

/// <summary>
/// Collects one observation, value by value, in the order the game adds them (ML-Agents' <c>VectorSensor</c>).
/// It counts every value added; <see cref="AgentEnvironment"/> then checks the count against the declared
/// <see cref="GameAgent.ObservationShape"/>. Adding never allocates.
/// </summary>
public sealed class VectorSensor
{
    private readonly float[] _values;
    private readonly string _game;

    internal VectorSensor(int size, string game)
    {
        _values = new float[size];
        _game = game;
    }

    /// <summary>How many values the game has added since the observation began.</summary>
    public int Count { get; private set; }

    /// <summary>How many values the observation must have.</summary>
    public int Capacity => _values.Length;

    /// <summary>Adds one value.</summary>
    public void AddObservation(float value)
    {
        if (Count < _values.Length) _values[Count] = value;
        Count++;
    }

    /// <summary>Adds one value (stored as float32).</summary>
    public void AddObservation(double value) => AddObservation((float)value);

    /// <summary>Adds one whole number (stored as float32).</summary>
    public void AddObservation(int value) => AddObservation((float)value);

    /// <summary>Adds 1 for true, 0 for false.</summary>
    public void AddObservation(bool value) => AddObservation(value ? 1f : 0f);

    /// <summary>Adds every value of <paramref name="values"/>, in order.</summary>
    public void AddObservation(ReadOnlySpan<float> values)
    {
        var room = Math.Max(0, _values.Length - Count);
        values[..Math.Min(room, values.Length)].CopyTo(_values.AsSpan(Math.Min(Count, _values.Length)));
        Count += values.Length;
    }

    /// <summary>Adds <paramref name="range"/> values: 1 at <paramref name="index"/> and 0 elsewhere.</summary>
    public void AddOneHotObservation(int index, int range)
    {
        if (range < 1 || (uint)index >= (uint)range)
            throw new Core.Errors.UserFacingException($"{_game}: AddOneHotObservation({index}, {range}) has its index outside 0..{range - 1}; pass an index below the range.");
        for (var i = 0; i < range; i++) AddObservation(i == index ? 1f : 0f);
    }

    /// <summary>The values collected (valid once <see cref="Count"/> equals <see cref="Capacity"/>).</summary>
    internal ReadOnlySpan<float> Values => _values;

    /// <summary>Starts a new observation.</summary>
    internal void Clear() => Count = 0;
}
