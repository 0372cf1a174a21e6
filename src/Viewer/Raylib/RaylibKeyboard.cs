using RLArena.Viewer.Input;

namespace RLArena.Viewer.Raylib;

/// <summary>
/// The live keyboard of a raylib window. A press counts for the frame after it happened even when the key was
/// already released again (a quick tap within one frame), from raylib's queue of presses; arrows also count again
/// while they auto-repeat.
/// </summary>
public sealed class RaylibKeyboard(RaylibApi api) : IKeyboard
{
    private readonly HashSet<int> _pressed = new();

    /// <summary>Takes the presses raylib queued while polling input (call once a frame, after EndDrawing).</summary>
    public void NewFrame()
    {
        _pressed.Clear();
        for (var key = api.GetKeyPressed(); key != 0; key = api.GetKeyPressed()) _pressed.Add(key);
    }

    /// <inheritdoc />
    public bool WasPressed(Key key) =>
        _pressed.Contains((int)key) || api.IsKeyPressed((int)key)
        || (key is Key.Left or Key.Right or Key.Up or Key.Down && api.IsKeyPressedRepeat((int)key));

    /// <inheritdoc />
    public bool IsDown(Key key) => api.IsKeyDown((int)key);
}
