namespace RLArena.Environments;

/// <summary>
/// What the viewer, <c>rlarena play</c>, eval and logs need to know about an environment, carried by the environment
/// itself (Gymnasium's <c>metadata</c>), so nothing outside it needs to know its name.
/// </summary>
public sealed record EnvMetadata
{
    /// <summary>A readable name for titles and panels, e.g. "CartPole-v1".</summary>
    public required string DisplayName { get; init; }

    /// <summary>One short name per action, in action order; empty = the viewer shows the action numbers.</summary>
    public IReadOnlyList<string> ActionNames { get; init; } = [];

    /// <summary>Environment steps per second that look natural when watched (Gymnasium's <c>render_fps</c>).</summary>
    public double StepsPerSecond { get; init; } = 20;

    /// <summary>What a successful episode is, in words (null where success is not defined beyond the return).</summary>
    public string? Success { get; init; }

    /// <summary>How a person plays it with the keyboard; null = it cannot be played by hand.</summary>
    public PlayControls? Play { get; init; }

    /// <summary>Metadata for an environment that declares none: its id as the name, numbered actions, no play keys.</summary>
    public static EnvMetadata Default(IEnvironment environment) => new() { DisplayName = environment.Id };

    /// <summary>The name of <paramref name="action"/>, or its number where there is none.</summary>
    public string ActionName(int action) =>
        action >= 0 && action < ActionNames.Count ? ActionNames[action] : action.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Keys for playing by hand (Gymnasium's <c>play</c> keys-to-action, ML-Agents' heuristic). A real-time game steps
/// <see cref="EnvMetadata.StepsPerSecond"/> times a second: the first held key's action, else the next of
/// <see cref="IdleActions"/> in turn. A turn-based game steps once per key press.
/// </summary>
/// <param name="RealTime">True: fixed-rate steps whatever is pressed; false: one step per key press.</param>
/// <param name="Bindings">Keys and their actions; the first one held (real time) or pressed (turn-based) wins.</param>
/// <param name="IdleActions">Real time only: the actions taken in turn while no bound key is held (e.g. a no-op).</param>
/// <param name="Help">Key help for the panel, lines separated by '|', ASCII only.</param>
/// <remarks>
/// An environment with continuous actions lists fixed action values in <see cref="ContinuousActions"/>; its
/// <see cref="Bindings"/> and <see cref="IdleActions"/> then name entries of that table (e.g. Pendulum: Left = entry 0
/// = torque −2, Right = entry 2 = torque +2, idle = entry 1 = no torque), and <see cref="EnvMetadata.ActionNames"/>
/// names the entries.
/// </remarks>
public sealed record PlayControls(bool RealTime, IReadOnlyList<KeyBinding> Bindings, IReadOnlyList<int> IdleActions, string Help)
{
    /// <summary>
    /// Continuous actions only: the fixed action values that keys take, one float array (the action's size) per
    /// entry; <see cref="KeyBinding.Action"/> and <see cref="IdleActions"/> are indices into it. Empty for discrete
    /// actions.
    /// </summary>
    public IReadOnlyList<float[]> ContinuousActions { get; init; } = [];

    /// <summary>How many actions keys can name: the discrete actions, or the entries of <see cref="ContinuousActions"/>.</summary>
    /// <param name="environment">The environment the controls belong to.</param>
    public int ActionCount(IEnvironment environment) =>
        environment.ContinuousActionSpace is null ? environment.ActionSpace.N : ContinuousActions.Count;
}

/// <summary>One key and the action it takes.</summary>
public sealed record KeyBinding(PlayKey Key, int Action);

/// <summary>Keys a game may bind for <c>rlarena play</c> (R and Esc are the viewer's own: reset and quit).</summary>
public enum PlayKey
{
    Left,
    Right,
    Up,
    Down,
    Space,
    Enter,
    W,
    A,
    S,
    D,
    Q,
    E,
    Z,
    X,
    C,
    Digit1,
    Digit2,
    Digit3,
    Digit4,
}
