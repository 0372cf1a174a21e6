namespace RLArena.Agents.Schedules;

/// <summary>
/// A value that moves in a straight line from <see cref="Start"/> to <see cref="End"/> over the first
/// <see cref="Fraction"/> of a run and then stays at <see cref="End"/> (CleanRL's <c>linear_schedule</c>,
/// SB3's <c>get_linear_fn</c>). With fraction 1 it is the learning-rate annealing of PPO: start at the first
/// update, reach the end value after the last.
/// </summary>
public sealed record LinearSchedule(double Start, double End, double Fraction = 1.0)
{
    /// <summary>The value at <paramref name="progress"/> in [0, 1] of the run (0 = start, 1 = end).</summary>
    public double ValueAt(double progress)
    {
        if (Fraction <= 0) return End;
        var t = Math.Clamp(progress / Fraction, 0.0, 1.0);
        return Start + (End - Start) * t;
    }

    /// <summary>The value after <paramref name="step"/> of <paramref name="total"/> steps.</summary>
    public double ValueAt(long step, long total) => total <= 0 ? End : ValueAt((double)step / total);

    /// <summary>A constant: the same value at every point of the run.</summary>
    public static LinearSchedule Constant(double value) => new(value, value);
}
