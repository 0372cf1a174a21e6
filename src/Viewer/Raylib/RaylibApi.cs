using System.Runtime.InteropServices;
using System.Text;
using RLArena.Core.Errors;

namespace RLArena.Viewer.Raylib;

/// <summary>
/// RLArena's own binding of the raylib functions it uses: the library is loaded at run time from the path the
/// <see cref="RaylibLocator"/> found and each function is bound as an unmanaged function pointer (no marshalling:
/// structs by value, C bool as a byte, strings as NUL-terminated UTF-8). All calls must come from one thread.
/// </summary>
public sealed unsafe class RaylibApi
{
    private readonly delegate* unmanaged[Cdecl]<int, int, byte*, void> _initWindow;
    private readonly delegate* unmanaged[Cdecl]<void> _closeWindow;
    private readonly delegate* unmanaged[Cdecl]<byte> _windowShouldClose;
    private readonly delegate* unmanaged[Cdecl]<byte> _isWindowReady;
    private readonly delegate* unmanaged[Cdecl]<uint, void> _setConfigFlags;
    private readonly delegate* unmanaged[Cdecl]<int, void> _setTargetFps;
    private readonly delegate* unmanaged[Cdecl]<int, void> _setTraceLogLevel;
    private readonly delegate* unmanaged[Cdecl]<int, void> _setExitKey;
    private readonly delegate* unmanaged[Cdecl]<int, int, void> _setWindowMinSize;
    private readonly delegate* unmanaged[Cdecl]<void> _beginDrawing;
    private readonly delegate* unmanaged[Cdecl]<void> _endDrawing;
    private readonly delegate* unmanaged[Cdecl]<RlColor, void> _clearBackground;
    private readonly delegate* unmanaged[Cdecl]<RlRectangle, RlColor, void> _drawRectangleRec;
    private readonly delegate* unmanaged[Cdecl]<RlRectangle, RlVector2, float, RlColor, void> _drawRectanglePro;
    private readonly delegate* unmanaged[Cdecl]<RlVector2, float, RlColor, void> _drawCircleV;
    private readonly delegate* unmanaged[Cdecl]<RlVector2, RlVector2, float, RlColor, void> _drawLineEx;
    private readonly delegate* unmanaged[Cdecl]<byte*, int, int, int, RlColor, void> _drawText;
    private readonly delegate* unmanaged[Cdecl]<byte*, int, int> _measureText;
    private readonly delegate* unmanaged[Cdecl]<int> _getScreenWidth;
    private readonly delegate* unmanaged[Cdecl]<int> _getScreenHeight;
    private readonly delegate* unmanaged[Cdecl]<int, byte> _isKeyPressed;
    private readonly delegate* unmanaged[Cdecl]<int, byte> _isKeyPressedRepeat;
    private readonly delegate* unmanaged[Cdecl]<int, byte> _isKeyDown;
    private readonly delegate* unmanaged[Cdecl]<int> _getKeyPressed;
    private readonly delegate* unmanaged[Cdecl]<float> _getFrameTime;
    private readonly delegate* unmanaged[Cdecl]<int> _getFps;
    private readonly delegate* unmanaged[Cdecl]<double> _getTime;
    private readonly delegate* unmanaged[Cdecl]<RlImage> _loadImageFromScreen;
    private readonly delegate* unmanaged[Cdecl]<RlImage, void> _unloadImage;
    private readonly delegate* unmanaged[Cdecl]<void> _drawRenderBatchActive;

    private RaylibApi(nint handle, string path)
    {
        Path = path;
        nint F(string name) => NativeLibrary.TryGetExport(handle, name, out var address)
            ? address
            : throw new UserFacingException($"the libraylib at {path} has no function {name}; RLArena needs raylib 5.0 or newer. {RaylibLocator.Hint}");
        _initWindow = (delegate* unmanaged[Cdecl]<int, int, byte*, void>)F("InitWindow");
        _closeWindow = (delegate* unmanaged[Cdecl]<void>)F("CloseWindow");
        _windowShouldClose = (delegate* unmanaged[Cdecl]<byte>)F("WindowShouldClose");
        _isWindowReady = (delegate* unmanaged[Cdecl]<byte>)F("IsWindowReady");
        _setConfigFlags = (delegate* unmanaged[Cdecl]<uint, void>)F("SetConfigFlags");
        _setTargetFps = (delegate* unmanaged[Cdecl]<int, void>)F("SetTargetFPS");
        _setTraceLogLevel = (delegate* unmanaged[Cdecl]<int, void>)F("SetTraceLogLevel");
        _setExitKey = (delegate* unmanaged[Cdecl]<int, void>)F("SetExitKey");
        _setWindowMinSize = (delegate* unmanaged[Cdecl]<int, int, void>)F("SetWindowMinSize");
        _beginDrawing = (delegate* unmanaged[Cdecl]<void>)F("BeginDrawing");
        _endDrawing = (delegate* unmanaged[Cdecl]<void>)F("EndDrawing");
        _clearBackground = (delegate* unmanaged[Cdecl]<RlColor, void>)F("ClearBackground");
        _drawRectangleRec = (delegate* unmanaged[Cdecl]<RlRectangle, RlColor, void>)F("DrawRectangleRec");
        _drawRectanglePro = (delegate* unmanaged[Cdecl]<RlRectangle, RlVector2, float, RlColor, void>)F("DrawRectanglePro");
        _drawCircleV = (delegate* unmanaged[Cdecl]<RlVector2, float, RlColor, void>)F("DrawCircleV");
        _drawLineEx = (delegate* unmanaged[Cdecl]<RlVector2, RlVector2, float, RlColor, void>)F("DrawLineEx");
        _drawText = (delegate* unmanaged[Cdecl]<byte*, int, int, int, RlColor, void>)F("DrawText");
        _measureText = (delegate* unmanaged[Cdecl]<byte*, int, int>)F("MeasureText");
        _getScreenWidth = (delegate* unmanaged[Cdecl]<int>)F("GetScreenWidth");
        _getScreenHeight = (delegate* unmanaged[Cdecl]<int>)F("GetScreenHeight");
        _isKeyPressed = (delegate* unmanaged[Cdecl]<int, byte>)F("IsKeyPressed");
        _isKeyPressedRepeat = (delegate* unmanaged[Cdecl]<int, byte>)F("IsKeyPressedRepeat");
        _isKeyDown = (delegate* unmanaged[Cdecl]<int, byte>)F("IsKeyDown");
        _getKeyPressed = (delegate* unmanaged[Cdecl]<int>)F("GetKeyPressed");
        _getFrameTime = (delegate* unmanaged[Cdecl]<float>)F("GetFrameTime");
        _getFps = (delegate* unmanaged[Cdecl]<int>)F("GetFPS");
        _getTime = (delegate* unmanaged[Cdecl]<double>)F("GetTime");
        _loadImageFromScreen = (delegate* unmanaged[Cdecl]<RlImage>)F("LoadImageFromScreen");
        _unloadImage = (delegate* unmanaged[Cdecl]<RlImage, void>)F("UnloadImage");
        _drawRenderBatchActive = (delegate* unmanaged[Cdecl]<void>)F("rlDrawRenderBatchActive");
    }

    /// <summary>The file the functions were bound from.</summary>
    public string Path { get; }

    private static readonly Dictionary<string, RaylibApi> Loaded = new();

    /// <summary>Locates and loads libraylib (once per path), or throws a one-line <see cref="UserFacingException"/>.</summary>
    public static RaylibApi Load(RaylibLocator locator)
    {
        var candidate = locator.Locate();
        lock (Loaded)
        {
            if (Loaded.TryGetValue(candidate.Path, out var api)) return api;
            nint handle;
            try
            {
                handle = NativeLibrary.Load(candidate.Path);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                throw new UserFacingException(
                    $"found libraylib at {candidate.Path} ({candidate.Source}) but it could not be loaded: {e.Message.ReplaceLineEndings(" ")} " +
                    "(its own dependencies, such as libGL and libX11, must be installed). --record out.gif|out.mp4|frames/ works without raylib.");
            }
            api = new RaylibApi(handle, candidate.Path);
            Loaded[candidate.Path] = api;
            return api;
        }
    }

    /// <summary>Calls raylib's <c>InitWindow</c>.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="title">The window title.</param>
    public void InitWindow(int width, int height, string title)
    {
        Span<byte> buffer = stackalloc byte[512];
        fixed (byte* p = Utf8(title, buffer)) _initWindow(width, height, p);
    }

    /// <summary>Calls raylib's <c>CloseWindow</c>.</summary>
    public void CloseWindow() => _closeWindow();
    /// <summary>Calls raylib's <c>WindowShouldClose</c>.</summary>
    public bool WindowShouldClose() => _windowShouldClose() != 0;
    /// <summary>Calls raylib's <c>IsWindowReady</c>.</summary>
    public bool IsWindowReady() => _isWindowReady() != 0;
    /// <summary>Calls raylib's <c>SetConfigFlags</c>.</summary>
    /// <param name="flags">raylib config flags (<see cref="RlFlags"/>).</param>
    public void SetConfigFlags(uint flags) => _setConfigFlags(flags);
    /// <summary>Calls raylib's <c>SetTargetFPS</c>.</summary>
    /// <param name="fps">Frames per second.</param>
    public void SetTargetFps(int fps) => _setTargetFps(fps);
    /// <summary>Calls raylib's <c>SetTraceLogLevel</c>.</summary>
    /// <param name="level">raylib log level (<see cref="RlFlags"/>).</param>
    public void SetTraceLogLevel(int level) => _setTraceLogLevel(level);
    /// <summary>Calls raylib's <c>SetExitKey</c>.</summary>
    /// <param name="key">A raylib key code.</param>
    public void SetExitKey(int key) => _setExitKey(key);
    /// <summary>Calls raylib's <c>SetWindowMinSize</c>.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public void SetWindowMinSize(int width, int height) => _setWindowMinSize(width, height);
    /// <summary>Calls raylib's <c>BeginDrawing</c>.</summary>
    public void BeginDrawing() => _beginDrawing();
    /// <summary>Calls raylib's <c>EndDrawing</c>.</summary>
    public void EndDrawing() => _endDrawing();
    /// <summary>Calls raylib's <c>ClearBackground</c>.</summary>
    /// <param name="color">The colour.</param>
    public void ClearBackground(RlColor color) => _clearBackground(color);
    /// <summary>Calls raylib's <c>DrawRectangleRec</c>.</summary>
    /// <param name="rectangle">The rectangle.</param>
    /// <param name="color">The colour.</param>
    public void DrawRectangleRec(RlRectangle rectangle, RlColor color) => _drawRectangleRec(rectangle, color);
    /// <summary>Calls raylib's <c>DrawRectanglePro</c>.</summary>
    /// <param name="rectangle">The rectangle.</param>
    /// <param name="origin">The rotation origin, relative to the rectangle.</param>
    /// <param name="rotationDegrees">Rotation in degrees, clockwise.</param>
    /// <param name="color">The colour.</param>
    public void DrawRectanglePro(RlRectangle rectangle, RlVector2 origin, float rotationDegrees, RlColor color) => _drawRectanglePro(rectangle, origin, rotationDegrees, color);
    /// <summary>Calls raylib's <c>DrawCircleV</c>.</summary>
    /// <param name="center">The centre.</param>
    /// <param name="radius">The radius in pixels.</param>
    /// <param name="color">The colour.</param>
    public void DrawCircleV(RlVector2 center, float radius, RlColor color) => _drawCircleV(center, radius, color);
    /// <summary>Calls raylib's <c>DrawLineEx</c>.</summary>
    /// <param name="start">The start point.</param>
    /// <param name="end">The end point.</param>
    /// <param name="thickness">The line width in pixels.</param>
    /// <param name="color">The colour.</param>
    public void DrawLineEx(RlVector2 start, RlVector2 end, float thickness, RlColor color) => _drawLineEx(start, end, thickness, color);

    /// <summary>Calls raylib's <c>DrawText</c>.</summary>
    /// <param name="text">The text (UTF-8, up to 511 bytes).</param>
    /// <param name="x">Left edge in pixels.</param>
    /// <param name="y">Top edge in pixels.</param>
    /// <param name="fontSize">Line height in pixels.</param>
    /// <param name="color">The colour.</param>
    public void DrawText(string text, int x, int y, int fontSize, RlColor color)
    {
        Span<byte> buffer = stackalloc byte[512];
        fixed (byte* p = Utf8(text, buffer)) _drawText(p, x, y, fontSize, color);
    }

    /// <summary>Calls raylib's <c>MeasureText</c>.</summary>
    /// <param name="text">The text (UTF-8, up to 511 bytes).</param>
    /// <param name="fontSize">Line height in pixels.</param>
    public int MeasureText(string text, int fontSize)
    {
        Span<byte> buffer = stackalloc byte[512];
        fixed (byte* p = Utf8(text, buffer)) return _measureText(p, fontSize);
    }

    /// <summary>Calls raylib's <c>GetScreenWidth</c>.</summary>
    public int GetScreenWidth() => _getScreenWidth();
    /// <summary>Calls raylib's <c>GetScreenHeight</c>.</summary>
    public int GetScreenHeight() => _getScreenHeight();
    /// <summary>Calls raylib's <c>IsKeyPressed</c>.</summary>
    /// <param name="key">A raylib key code.</param>
    public bool IsKeyPressed(int key) => _isKeyPressed(key) != 0;
    /// <summary>Calls raylib's <c>IsKeyPressedRepeat</c>.</summary>
    /// <param name="key">A raylib key code.</param>
    public bool IsKeyPressedRepeat(int key) => _isKeyPressedRepeat(key) != 0;
    /// <summary>Calls raylib's <c>IsKeyDown</c>.</summary>
    /// <param name="key">A raylib key code.</param>
    public bool IsKeyDown(int key) => _isKeyDown(key) != 0;

    /// <summary>The next key pressed since the last frame (a queue that also holds keys already released again); 0 when none is left.</summary>
    public int GetKeyPressed() => _getKeyPressed();
    /// <summary>Calls raylib's <c>GetFrameTime</c>.</summary>
    public float GetFrameTime() => _getFrameTime();
    /// <summary>Calls raylib's <c>GetFPS</c>.</summary>
    public int GetFps() => _getFps();
    /// <summary>Calls raylib's <c>GetTime</c>.</summary>
    public double GetTime() => _getTime();

    /// <summary>
    /// The frame being drawn as RGBA bytes (rows top to bottom): call between BeginDrawing and EndDrawing, after the
    /// drawing; raylib's pending batch is flushed first so the read-back sees everything.
    /// </summary>
    public byte[] CaptureScreen(out int width, out int height)
    {
        _drawRenderBatchActive();
        var image = _loadImageFromScreen();
        try
        {
            width = image.Width;
            height = image.Height;
            if (image.Data == 0 || image.Format != RlFlags.PixelFormatR8G8B8A8)
                throw new InvalidOperationException($"LoadImageFromScreen gave format {image.Format}, expected R8G8B8A8.");
            var bytes = new byte[width * height * 4];
            new ReadOnlySpan<byte>((void*)image.Data, bytes.Length).CopyTo(bytes);
            return bytes;
        }
        finally
        {
            _unloadImage(image);
        }
    }

    /// <summary>NUL-terminated UTF-8 of <paramref name="text"/>, in <paramref name="buffer"/> when it fits.</summary>
    private static Span<byte> Utf8(string text, Span<byte> buffer)
    {
        var needed = Encoding.UTF8.GetMaxByteCount(text.Length) + 1;
        var target = needed <= buffer.Length ? buffer : new byte[needed];
        var written = Encoding.UTF8.GetBytes(text, target);
        target[written] = 0;
        return target[..(written + 1)];
    }
}
