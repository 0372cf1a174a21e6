using RLArena.Viewer.Input;

namespace RLArena.Viewer.Raylib;

/// <summary>The live keyboard of a raylib window (arrow presses count again while the key auto-repeats).</summary>
public sealed class RaylibKeyboard(RaylibApi api) : IKeyboard
{
    public bool WasPressed(Key key) =>
        api.IsKeyPressed((int)key) || (key is Key.Left or Key.Right or Key.Up or Key.Down && api.IsKeyPressedRepeat((int)key));

    public bool IsDown(Key key) => api.IsKeyDown((int)key);
}
