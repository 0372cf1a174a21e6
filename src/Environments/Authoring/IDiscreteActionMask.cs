using RLArena.Core.Errors;

namespace RLArena.Environments.Authoring;

/// <summary>
/// Lets <see cref="GameAgent.WriteDiscreteActionMask"/> switch actions off for the next decision (ML-Agents'
/// <c>IDiscreteActionMask</c>). Every action starts enabled; at least one must stay enabled.
/// </summary>
public interface IDiscreteActionMask
{
    /// <summary>Enables or disables action <paramref name="actionIndex"/> of branch <paramref name="branch"/> (only branch 0 exists today).</summary>
    void SetActionEnabled(int branch, int actionIndex, bool isEnabled);
}

/// <summary>The mask <see cref="AgentEnvironment"/> hands to the game: one flag per action of the single branch.</summary>
internal sealed class DiscreteActionMask(int actions, string game) : IDiscreteActionMask
{
    private readonly bool[] _enabled = new bool[actions];

    public void SetActionEnabled(int branch, int actionIndex, bool isEnabled)
    {
        if (branch != 0)
            throw new UserFacingException($"{game}: SetActionEnabled(branch {branch}, ...) names a branch that does not exist; games have one discrete branch, 0.");
        if ((uint)actionIndex >= (uint)_enabled.Length)
            throw new UserFacingException($"{game}: SetActionEnabled(0, {actionIndex}, ...) names an action outside 0..{_enabled.Length - 1}.");
        _enabled[actionIndex] = isEnabled;
    }

    /// <summary>Enables every action again before the game writes its mask.</summary>
    public void EnableAll() => Array.Fill(_enabled, true);

    public ReadOnlySpan<bool> Enabled => _enabled;
}
