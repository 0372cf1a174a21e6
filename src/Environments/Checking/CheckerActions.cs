using System.Globalization;
using RLArena.Environments.Randomness;
using RLArena.Environments.Spaces;

namespace RLArena.Environments.Checking;

/// <summary>
/// The checker's actions for one environment, discrete or continuous: <see cref="Choose"/> picks the next one (the
/// options' policy, else uniform among the allowed discrete actions or uniform within the Box bounds) and
/// <see cref="Apply"/> steps an environment with it, so two copies can be stepped with the same action.
/// </summary>
internal sealed class CheckerActions
{
    private readonly EnvCheckOptions _options;
    private readonly Pcg64 _random;
    private readonly BoxSpace? _box;
    private readonly float[] _continuous;
    private int _discrete;

    public CheckerActions(IEnvironment env, EnvCheckOptions options, Pcg64 random)
    {
        _options = options;
        _random = random;
        _box = env.ContinuousActionSpace;
        _continuous = new float[_box?.Size ?? 0];
    }

    /// <summary>Picks the next action for the observation and mask.</summary>
    public void Choose(float[] obs, bool[] mask)
    {
        if (_box is null)
        {
            _discrete = EnvChecker.ChooseAction(_options, _random, obs, mask);
            return;
        }
        if (_options.ContinuousPolicy is { } policy)
        {
            var chosen = policy(obs);
            if (chosen is null || chosen.Length != _continuous.Length)
                throw new InvalidOperationException($"the checker's ContinuousPolicy returned {chosen?.Length ?? 0} values; the action space needs {_continuous.Length}");
            chosen.CopyTo(_continuous, 0);
            return;
        }
        for (var i = 0; i < _continuous.Length; i++)
            _continuous[i] = Math.Min((float)_random.Uniform(_box.Low[i], _box.High[i]), _box.High[i]);
    }

    /// <summary>Steps <paramref name="env"/> with the chosen action.</summary>
    public StepOutcome Apply(IEnvironment env, float[] obs) => _box is null ? env.Step(_discrete, obs) : env.Step(_continuous, obs);

    /// <summary>Chooses and applies.</summary>
    public StepOutcome Step(IEnvironment env, float[] obs, bool[] mask)
    {
        Choose(obs, mask);
        return Apply(env, obs);
    }

    /// <summary>The chosen action as text (for traces and messages).</summary>
    public override string ToString() => _box is null
        ? _discrete.ToString(CultureInfo.InvariantCulture)
        : "[" + string.Join(",", _continuous.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
}
