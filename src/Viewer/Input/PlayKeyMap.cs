using RLArena.Core.Errors;
using RLArena.Viewer.Acting;

namespace RLArena.Viewer.Input;

/// <summary>
/// How a person's keys become actions in <c>rlarena play</c> (Gymnasium's play utility, ML-Agents' heuristic mode).
/// Real-time games step at a fixed rate whatever is pressed; turn-based games step once per key press.
/// </summary>
public abstract class PlayKeyMap
{
    /// <summary>True: one step every 1/<see cref="StepsPerSecond"/> s; false: one step per key press.</summary>
    public abstract bool RealTime { get; }

    public abstract double StepsPerSecond { get; }

    /// <summary>Key help for the panel, lines separated by '|' (ASCII: raylib's default font has no arrows).</summary>
    public abstract string Help { get; }

    /// <summary>The action for this frame, or null when nothing should happen (a turn-based game waiting for a key).</summary>
    public abstract int? Decide(IKeyboard keyboard);

    public static PlayKeyMap For(string environmentId) => EnvironmentKinds.Of(environmentId) switch
    {
        EnvironmentKind.CartPole => new CartPoleKeys(),
        EnvironmentKind.GridWorld => new GridWorldKeys(),
        _ => throw new UsageException($"'{environmentId}' cannot be played by hand; rlarena play knows cartpole and gridworld."),
    };
}

/// <summary>
/// CartPole: ← pushes left (0), → pushes right (1), 50 steps a second (its 0.02 s physics step). CartPole has no
/// "no push" action, so with neither key (or both) held the pushes alternate, which nets out to no force.
/// </summary>
public sealed class CartPoleKeys : PlayKeyMap
{
    private int _alternate;

    public override bool RealTime => true;
    public override double StepsPerSecond => 50;
    public override string Help => "Left/Right push the cart|R reset, Esc quit";

    public override int? Decide(IKeyboard keyboard)
    {
        var left = keyboard.IsDown(Key.Left);
        var right = keyboard.IsDown(Key.Right);
        if (left && !right) return 0;
        if (right && !left) return 1;
        _alternate ^= 1;
        return _alternate;
    }
}

/// <summary>GridWorld (ML-Agents' actions): ↑ 1, ↓ 2, ← 3, → 4, Space waits a turn (0); one step per key press.</summary>
public sealed class GridWorldKeys : PlayKeyMap
{
    public override bool RealTime => false;
    public override double StepsPerSecond => 0;
    public override string Help => "arrows move, Space waits|R reset, Esc quit";

    public override int? Decide(IKeyboard keyboard)
    {
        if (keyboard.WasPressed(Key.Up)) return 1;
        if (keyboard.WasPressed(Key.Down)) return 2;
        if (keyboard.WasPressed(Key.Left)) return 3;
        if (keyboard.WasPressed(Key.Right)) return 4;
        if (keyboard.WasPressed(Key.Space)) return 0;
        return null;
    }
}
