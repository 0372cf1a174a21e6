using System.Globalization;
using RLArena.Environments.Spaces;

namespace RLArena.Environments.Wrappers;

/// <summary>
/// Gymnasium's <c>RescaleAction</c> (v0.29.1): the agent acts in [min, max] (e.g. [−1, 1], what a tanh policy
/// outputs) and each action is mapped affinely onto the wrapped environment's bounds,
/// <c>low + (high − low)·((a − min)/(max − min))</c> in float32, then clipped to them. An action outside [min, max]
/// is refused with <see cref="ArgumentOutOfRangeException"/> (Gymnasium asserts), NaN with <see cref="ArgumentException"/>.
/// </summary>
public sealed class RescaleAction : EnvironmentWrapper
{
    private readonly BoxSpace _inner;
    private readonly float[] _min;
    private readonly float[] _max;
    private readonly float[] _scaled;

    /// <summary>The same range [<paramref name="min"/>, <paramref name="max"/>] for every action value.</summary>
    /// <param name="inner">An environment with continuous, bounded actions.</param>
    /// <param name="min">The agent's lower bound (finite).</param>
    /// <param name="max">The agent's upper bound (finite, above <paramref name="min"/>).</param>
    public RescaleAction(IEnvironment inner, float min = -1f, float max = 1f)
        : this(inner, Fill(inner, min), Fill(inner, max)) { }

    /// <summary>A range per action value.</summary>
    /// <param name="inner">An environment with continuous, bounded actions.</param>
    /// <param name="min">The agent's lower bound of each value (finite).</param>
    /// <param name="max">The agent's upper bound of each value (finite, above the lower).</param>
    public RescaleAction(IEnvironment inner, float[] min, float[] max) : base(inner)
    {
        ArgumentNullException.ThrowIfNull(min);
        ArgumentNullException.ThrowIfNull(max);
        _inner = inner.ContinuousActionSpace
            ?? throw new ArgumentException($"RescaleAction needs an environment with continuous actions; {inner.Id} has {inner.ActionSpace}.", nameof(inner));
        if (!_inner.IsBounded)
            throw new ArgumentException($"RescaleAction needs finite action bounds; {inner.Id} has {_inner.Describe()}.", nameof(inner));
        if (min.Length != _inner.Size || max.Length != _inner.Size)
            throw new ArgumentException($"RescaleAction needs {_inner.Size} lower and upper bounds, got {min.Length} and {max.Length}.");
        for (var i = 0; i < min.Length; i++)
        {
            if (!float.IsFinite(min[i]) || !float.IsFinite(max[i]) || !(min[i] < max[i]))
                throw new ArgumentOutOfRangeException(nameof(min), string.Create(CultureInfo.InvariantCulture, $"RescaleAction's range for value {i} is [{min[i]}, {max[i]}]; give finite bounds with min below max, e.g. -1 and 1."));
        }
        _min = (float[])min.Clone();
        _max = (float[])max.Clone();
        _scaled = new float[_inner.Size];
        ContinuousActionSpace = new BoxSpace((int[])_inner.Shape.Clone(), (float[])min.Clone(), (float[])max.Clone());
    }

    /// <summary>The agent's range [min, max].</summary>
    public override BoxSpace? ContinuousActionSpace { get; }

    /// <summary>Maps <paramref name="action"/> from [min, max] onto the wrapped bounds and steps with it.</summary>
    /// <param name="action">The action values, each within [min, max].</param>
    /// <param name="observation">Receives the next observation.</param>
    public override StepOutcome Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        EnvGuards.ContinuousAction(action, _scaled.Length, Id);
        for (var i = 0; i < action.Length; i++)
        {
            if (action[i] < _min[i] || action[i] > _max[i])
                throw new ArgumentOutOfRangeException(nameof(action), action[i], string.Create(CultureInfo.InvariantCulture, $"{Id}: action value {i} must lie in [{_min[i]}, {_max[i]}] (RescaleAction's range); clip it first or wrap with ClipAction."));
        }
        var low = _inner.Low;
        var high = _inner.High;
        for (var i = 0; i < action.Length; i++)
        {
            var scaled = low[i] + (high[i] - low[i]) * ((action[i] - _min[i]) / (_max[i] - _min[i]));
            _scaled[i] = Math.Min(Math.Max(scaled, low[i]), high[i]);
        }
        return Inner.Step(_scaled, observation);
    }

    private static float[] Fill(IEnvironment inner, float value)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var size = inner.ContinuousActionSpace?.Size
            ?? throw new ArgumentException($"RescaleAction needs an environment with continuous actions; {inner.Id} has {inner.ActionSpace}.", nameof(inner));
        var values = new float[size];
        Array.Fill(values, value);
        return values;
    }
}
