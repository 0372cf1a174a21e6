namespace RLArena.Viewer.Input;

/// <summary>What the keys ask of the watch loop in one frame.</summary>
public readonly record struct WatchCommands(bool TogglePause, bool StepOnce, bool Reset, int SpeedChange, bool Quit);

/// <summary>Watch keys: Space pause, Right step once, R reset, +/- speed (also keypad), Esc quit.</summary>
public static class WatchControls
{
    /// <summary>The key help shown at the bottom of the panel.</summary>
    public static readonly string[] Help = ["Space pause, Right step", "R reset, +/- speed, Esc quit"];

    /// <summary>What the keys pressed this frame ask for.</summary>
    /// <param name="keyboard">The window's keyboard.</param>
    public static WatchCommands Read(IKeyboard keyboard)
    {
        var speed = 0;
        if (keyboard.WasPressed(Key.Equal) || keyboard.WasPressed(Key.KeypadAdd)) speed++;
        if (keyboard.WasPressed(Key.Minus) || keyboard.WasPressed(Key.KeypadSubtract)) speed--;
        return new WatchCommands(
            keyboard.WasPressed(Key.Space),
            keyboard.WasPressed(Key.Right),
            keyboard.WasPressed(Key.R),
            speed,
            keyboard.WasPressed(Key.Escape));
    }
}
