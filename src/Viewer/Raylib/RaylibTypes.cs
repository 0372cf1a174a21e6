using System.Runtime.InteropServices;
using RLArena.Environments.Scenes;

namespace RLArena.Viewer.Raylib;

// raylib's C structs, passed and returned by value (sequential layout, same sizes as in raylib.h).

/// <summary>raylib's Color: 8-bit RGBA.</summary>
/// <param name="r">Red.</param>
/// <param name="g">Green.</param>
/// <param name="b">Blue.</param>
/// <param name="a">Alpha (255 = opaque).</param>
[StructLayout(LayoutKind.Sequential)]
public struct RlColor(byte r, byte g, byte b, byte a)
{
    /// <summary>The channels: red, green, blue, alpha.</summary>
    public byte R = r, G = g, B = b, A = a;

    /// <summary>The raylib colour of a scene colour.</summary>
    /// <param name="c">A scene colour.</param>
    public static RlColor From(Rgba c) => new(c.R, c.G, c.B, c.A);
}

/// <summary>raylib's Vector2, in screen pixels.</summary>
/// <param name="x">X.</param>
/// <param name="y">Y.</param>
[StructLayout(LayoutKind.Sequential)]
public struct RlVector2(float x, float y)
{
    /// <summary>The coordinates.</summary>
    public float X = x, Y = y;
}

/// <summary>raylib's Rectangle, in screen pixels.</summary>
/// <param name="x">Left.</param>
/// <param name="y">Top.</param>
/// <param name="width">Width.</param>
/// <param name="height">Height.</param>
[StructLayout(LayoutKind.Sequential)]
public struct RlRectangle(float x, float y, float width, float height)
{
    /// <summary>Left, top, width and height.</summary>
    public float X = x, Y = y, Width = width, Height = height;
}

/// <summary>raylib's Image: pixel data in CPU memory (LoadImageFromScreen gives R8G8B8A8, format 7).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct RlImage
{
    /// <summary>Pointer to the pixel data (raylib's memory).</summary>
    public nint Data;
    /// <summary>Width in pixels.</summary>
    public int Width;
    /// <summary>Height in pixels.</summary>
    public int Height;
    /// <summary>Mipmap levels (1 for a screenshot).</summary>
    public int Mipmaps;
    /// <summary>raylib's pixel format (7 = R8G8B8A8).</summary>
    public int Format;
}

/// <summary>The raylib config flags and log levels RLArena uses (values from raylib.h).</summary>
public static class RlFlags
{
    /// <summary>raylib's FLAG_WINDOW_RESIZABLE.</summary>
    public const uint WindowResizable = 0x04;
    /// <summary>raylib's FLAG_MSAA_4X_HINT.</summary>
    public const uint Msaa4X = 0x20;
    /// <summary>raylib's FLAG_VSYNC_HINT.</summary>
    public const uint VsyncHint = 0x40;
    /// <summary>raylib's FLAG_WINDOW_HIDDEN.</summary>
    public const uint WindowHidden = 0x80;
    /// <summary>raylib's LOG_INFO.</summary>
    public const int LogInfo = 3;
    /// <summary>raylib's LOG_WARNING.</summary>
    public const int LogWarning = 4;
    /// <summary>raylib's PIXELFORMAT_UNCOMPRESSED_R8G8B8A8.</summary>
    public const int PixelFormatR8G8B8A8 = 7;
}
