namespace RLArena.Viewer.Input;

/// <summary>The keys the viewer reads; the values are raylib's key codes (raylib.h KeyboardKey).</summary>
public enum Key
{
    /// <summary>The space bar key.</summary>
    Space = 32,
    /// <summary>The minus (-) key.</summary>
    Minus = 45,
    /// <summary>The 1 key.</summary>
    One = 49,
    /// <summary>The 2 key.</summary>
    Two = 50,
    /// <summary>The 3 key.</summary>
    Three = 51,
    /// <summary>The 4 key.</summary>
    Four = 52,
    /// <summary>The equals (=, + with Shift) key.</summary>
    Equal = 61,
    /// <summary>The A key.</summary>
    A = 65,
    /// <summary>The C key.</summary>
    C = 67,
    /// <summary>The D key.</summary>
    D = 68,
    /// <summary>The E key.</summary>
    E = 69,
    /// <summary>The Q key.</summary>
    Q = 81,
    /// <summary>The R key.</summary>
    R = 82,
    /// <summary>The S key.</summary>
    S = 83,
    /// <summary>The W key.</summary>
    W = 87,
    /// <summary>The X key.</summary>
    X = 88,
    /// <summary>The Z key.</summary>
    Z = 90,
    /// <summary>The Escape key.</summary>
    Escape = 256,
    /// <summary>The Enter key.</summary>
    Enter = 257,
    /// <summary>The right arrow key.</summary>
    Right = 262,
    /// <summary>The left arrow key.</summary>
    Left = 263,
    /// <summary>The down arrow key.</summary>
    Down = 264,
    /// <summary>The up arrow key.</summary>
    Up = 265,
    /// <summary>The keypad minus key.</summary>
    KeypadSubtract = 333,
    /// <summary>The keypad plus key.</summary>
    KeypadAdd = 334,
}

/// <summary>The keyboard as the loops see it: pressed this frame (or auto-repeated while held), or held down.</summary>
public interface IKeyboard
{
    /// <summary>Whether <paramref name="key"/> was pressed this frame (or auto-repeated while held).</summary>
    /// <param name="key">The key.</param>
    bool WasPressed(Key key);

    /// <summary>Whether <paramref name="key"/> is held down now.</summary>
    /// <param name="key">The key.</param>
    bool IsDown(Key key);
}
