namespace RLArena.Environments.MountainCar;

/// <summary>MountainCar's physical state in float64, in Gymnasium's order: the car's position and its velocity.</summary>
public readonly record struct MountainCarState(double Position, double Velocity)
{
    /// <summary>The two values as an array: position, velocity.</summary>
    public double[] ToArray() => [Position, Velocity];

    /// <summary>A state from an array of two values (position, velocity).</summary>
    public static MountainCarState FromArray(ReadOnlySpan<double> values)
    {
        if (values.Length != 2) throw new ArgumentException($"a MountainCar state has 2 values (position, velocity), not {values.Length}.", nameof(values));
        return new MountainCarState(values[0], values[1]);
    }
}
