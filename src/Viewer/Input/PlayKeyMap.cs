using RLArena.Core.Errors;
using RLArena.Environments;

namespace RLArena.Viewer.Input;

/// <summary>
/// How a person's keys become actions in <c>rlarena play</c> (Gymnasium's play utility, ML-Agents' heuristic mode),
/// built from the <see cref="PlayControls"/> an environment declares in its metadata. A real-time game steps
/// <see cref="StepsPerSecond"/> times a second: the first held bound key's action, else the next idle action in turn.
/// A turn-based game steps once per press of a bound key.
/// </summary>
public sealed class PlayKeyMap
{
    private readonly (Key Key, PlayKey Name, int Action)[] _bindings;
    private readonly int[] _idleActions;
    private int _nextIdle;

    /// <summary>A key map for <paramref name="controls"/>; <paramref name="stepsPerSecond"/> is the real-time pace.</summary>
    public PlayKeyMap(PlayControls controls, double stepsPerSecond)
    {
        ArgumentNullException.ThrowIfNull(controls);
        if (controls.Bindings is null || controls.Bindings.Count == 0)
            throw new ArgumentException("play controls need at least one key binding.", nameof(controls));
        if (controls.RealTime && !(double.IsFinite(stepsPerSecond) && stepsPerSecond > 0))
            throw new ArgumentOutOfRangeException(nameof(stepsPerSecond), stepsPerSecond, "a real-time game needs a finite pace above 0 steps a second.");
        _bindings = controls.Bindings.Select(b => (ToKey(b.Key), b.Key, b.Action)).ToArray();
        _idleActions = (controls.IdleActions ?? []).ToArray();
        RealTime = controls.RealTime;
        StepsPerSecond = controls.RealTime ? stepsPerSecond : 0;
        Help = controls.Help ?? "";
    }

    /// <summary>
    /// The key map an environment declares (<see cref="EnvMetadata.Play"/>, paced by
    /// <see cref="EnvMetadata.StepsPerSecond"/>). One that declares none, or keys for actions it does not have, is a
    /// one-line <see cref="UsageException"/>.
    /// </summary>
    public static PlayKeyMap For(IEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var metadata = environment.Metadata;
        if (metadata?.Play is not { } play)
            throw new UsageException($"'{environment.Id}' declares no play keys; rlarena play needs an environment whose Metadata.Play binds keys to actions (watch it instead with rlarena watch --random --env {environment.Id}).");
        if (environment.ContinuousActionSpace is { } box && (play.ContinuousActions is null || play.ContinuousActions.Count == 0))
            throw new UsageException($"'{environment.Id}' takes continuous actions {box.Describe()} but its Metadata.Play lists no ContinuousActions (the fixed values its keys take); rlarena check-env {environment.Id} lists what its metadata lacks.");
        var actions = play.ActionCount(environment);
        if (play.Bindings is null || play.Bindings.Count == 0)
            throw new UsageException($"'{environment.Id}' declares play controls without key bindings; rlarena check-env {environment.Id} lists what its metadata lacks.");
        var bad = play.Bindings.Select(b => b.Action).Concat(play.IdleActions ?? []).Where(a => a < 0 || a >= actions).ToArray();
        if (bad.Length > 0)
            throw new UsageException($"'{environment.Id}' binds play keys to action {bad[0]}, outside its {actions} actions; rlarena check-env {environment.Id} lists what its metadata gets wrong.");
        if (play.RealTime && !(double.IsFinite(metadata.StepsPerSecond) && metadata.StepsPerSecond > 0))
            throw new UsageException($"'{environment.Id}' is real time but declares {metadata.StepsPerSecond} steps a second; its Metadata.StepsPerSecond must be above 0.");
        return new PlayKeyMap(play, metadata.StepsPerSecond);
    }

    /// <summary>The raylib key for a key an environment may bind.</summary>
    public static Key ToKey(PlayKey key) => key switch
    {
        PlayKey.Left => Key.Left,
        PlayKey.Right => Key.Right,
        PlayKey.Up => Key.Up,
        PlayKey.Down => Key.Down,
        PlayKey.Space => Key.Space,
        PlayKey.Enter => Key.Enter,
        PlayKey.W => Key.W,
        PlayKey.A => Key.A,
        PlayKey.S => Key.S,
        PlayKey.D => Key.D,
        PlayKey.Q => Key.Q,
        PlayKey.E => Key.E,
        PlayKey.Z => Key.Z,
        PlayKey.X => Key.X,
        PlayKey.C => Key.C,
        PlayKey.Digit1 => Key.One,
        PlayKey.Digit2 => Key.Two,
        PlayKey.Digit3 => Key.Three,
        PlayKey.Digit4 => Key.Four,
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not a key the viewer can read."),
    };

    /// <summary>True: one step every 1/<see cref="StepsPerSecond"/> s; false: one step per key press.</summary>
    public bool RealTime { get; }

    /// <summary>The real-time pace; 0 for a turn-based game.</summary>
    public double StepsPerSecond { get; }

    /// <summary>Key help for the panel, lines separated by '|' (ASCII: raylib's default font has no arrows).</summary>
    public string Help { get; }

    /// <summary>What a real-time game waits for before its first step, e.g. "press Left or Right to start".</summary>
    public string StartHint
    {
        get
        {
            var names = _bindings.Select(b => b.Name.ToString()).Distinct().ToArray();
            var keys = names.Length == 1 ? names[0] : string.Join(", ", names[..^1]) + " or " + names[^1];
            return $"press {keys} to start";
        }
    }

    /// <summary>Whether any bound key is held down (a real-time game starts on it).</summary>
    public bool AnyBoundKeyDown(IKeyboard keyboard) => _bindings.Any(b => keyboard.IsDown(b.Key));

    /// <summary>
    /// The action for this frame, or null when nothing should happen. Real time: the first bound key held, else the
    /// next idle action in turn (null when there are none). Turn-based: the first bound key pressed, else null.
    /// </summary>
    public int? Decide(IKeyboard keyboard)
    {
        foreach (var (key, _, action) in _bindings)
        {
            if (RealTime ? keyboard.IsDown(key) : keyboard.WasPressed(key)) return action;
        }
        if (!RealTime || _idleActions.Length == 0) return null;
        var idle = _idleActions[_nextIdle];
        _nextIdle = (_nextIdle + 1) % _idleActions.Length;
        return idle;
    }
}
