using RLArena.Core.Reproducibility;
using RLArena.Engine.Reproducibility;
using RLArena.Environments;
using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;

namespace RLArena.Agents.Tests;

/// <summary>
/// A task with a known optimum (like SB3's IdentityEnv): the observation is a one-hot state, the reward is 1 when
/// the action equals the state, a new random state follows every step, and episodes terminate after
/// <see cref="Length"/> steps, so the best return is <see cref="Length"/>. With <c>masked</c> one wrong action is
/// masked each step, and taking it throws.
/// </summary>
public sealed class IdentityEnv : IEnvironment
{
    public const int Length = 8;
    private readonly int _n;
    private readonly bool _masked;
    private Rng _rng = new(0);
    private int _state;
    private int _step;

    public IdentityEnv(int n = 3, bool masked = false)
    {
        _n = n;
        _masked = masked;
        ObservationSpace = BoxSpace.Uniform([n], 0f, 1f);
        ActionSpace = new DiscreteSpace(n);
    }

    public string Id => _masked ? "identity:masked" : "identity";
    public BoxSpace ObservationSpace { get; }
    public DiscreteSpace ActionSpace { get; }
    public int MaskedActionsTaken { get; private set; }

    public void Reset(int? seed, Span<float> observation)
    {
        if (seed is { } s) _rng = new Rng(s);
        _step = 0;
        Next(observation);
    }

    public StepOutcome Step(int action, Span<float> observation)
    {
        if (_masked && action == Forbidden) throw new InvalidOperationException($"masked action {action} was taken");
        var reward = action == _state ? 1.0 : 0.0;
        _step++;
        Next(observation);
        return new StepOutcome(reward, _step >= Length, false);
    }

    private int Forbidden => (_state + 1) % _n;

    public void WriteActionMask(Span<bool> mask)
    {
        mask.Fill(true);
        if (_masked) mask[Forbidden] = false;
    }

    public Scene Describe() => new(1, 1, new Rgba(0, 0, 0));

    private void Next(Span<float> observation)
    {
        _state = _rng.NextInt(_n);
        observation.Clear();
        observation[_state] = 1f;
    }
}
