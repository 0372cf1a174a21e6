namespace RLArena.Viewer.Input;

/// <summary>The keys the viewer reads; the values are raylib's key codes (raylib.h KeyboardKey).</summary>
public enum Key
{
    Space = 32,
    Minus = 45,
    One = 49,
    Two = 50,
    Three = 51,
    Four = 52,
    Equal = 61,
    A = 65,
    C = 67,
    D = 68,
    E = 69,
    Q = 81,
    R = 82,
    S = 83,
    W = 87,
    X = 88,
    Z = 90,
    Escape = 256,
    Enter = 257,
    Right = 262,
    Left = 263,
    Down = 264,
    Up = 265,
    KeypadSubtract = 333,
    KeypadAdd = 334,
}

/// <summary>The keyboard as the loops see it: pressed this frame (or auto-repeated while held), or held down.</summary>
public interface IKeyboard
{
    bool WasPressed(Key key);

    bool IsDown(Key key);
}
