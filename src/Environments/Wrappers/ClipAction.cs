using RLArena.Environments.Spaces;

namespace RLArena.Environments.Wrappers;

/// <summary>
/// Gymnasium's <c>ClipAction</c> (v0.29.1): clips each continuous action to the wrapped environment's bounds before
/// stepping it (NumPy's <c>np.clip</c>). The action space stays the wrapped one's. NaN is refused with
/// <see cref="ArgumentException"/>. Only for environments with continuous actions.
/// </summary>
public sealed class ClipAction : EnvironmentWrapper
{
    private readonly BoxSpace _box;
    private readonly float[] _clipped;

    /// <summary>Clips the actions given to <paramref name="inner"/>.</summary>
    /// <param name="inner">An environment with continuous actions.</param>
    public ClipAction(IEnvironment inner) : base(inner)
    {
        _box = inner.ContinuousActionSpace
            ?? throw new ArgumentException($"ClipAction needs an environment with continuous actions; {inner.Id} has {inner.ActionSpace}.", nameof(inner));
        _clipped = new float[_box.Size];
    }

    /// <summary>Clips <paramref name="action"/> to the bounds and steps the wrapped environment with it.</summary>
    /// <param name="action">The action values (any finite or infinite number; not NaN).</param>
    /// <param name="observation">Receives the next observation.</param>
    public override StepOutcome Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        EnvGuards.ContinuousAction(action, _box.Size, Id);
        _box.Clip(action, _clipped);
        return Inner.Step(_clipped, observation);
    }
}
