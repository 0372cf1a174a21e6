using System.Runtime.InteropServices;
using RLArena.Environments.Scenes;

namespace RLArena.Viewer.Raylib;

// raylib's C structs, passed and returned by value (sequential layout, same sizes as in raylib.h).

[StructLayout(LayoutKind.Sequential)]
public struct RlColor(byte r, byte g, byte b, byte a)
{
    public byte R = r, G = g, B = b, A = a;

    public static RlColor From(Rgba c) => new(c.R, c.G, c.B, c.A);
}

[StructLayout(LayoutKind.Sequential)]
public struct RlVector2(float x, float y)
{
    public float X = x, Y = y;
}

[StructLayout(LayoutKind.Sequential)]
public struct RlRectangle(float x, float y, float width, float height)
{
    public float X = x, Y = y, Width = width, Height = height;
}

/// <summary>raylib's Image: pixel data in CPU memory (LoadImageFromScreen gives R8G8B8A8, format 7).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct RlImage
{
    public nint Data;
    public int Width;
    public int Height;
    public int Mipmaps;
    public int Format;
}

/// <summary>The raylib config flags and log levels RLArena uses (values from raylib.h).</summary>
public static class RlFlags
{
    public const uint WindowResizable = 0x04;
    public const uint Msaa4X = 0x20;
    public const uint VsyncHint = 0x40;
    public const uint WindowHidden = 0x80;
    public const int LogInfo = 3;
    public const int LogWarning = 4;
    public const int PixelFormatR8G8B8A8 = 7;
}
