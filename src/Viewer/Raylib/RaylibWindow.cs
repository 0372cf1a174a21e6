using System.Diagnostics;
using RLArena.Core.Errors;
using RLArena.Environments.Scenes;
using RLArena.Viewer.Input;
using RLArena.Viewer.Rendering;

namespace RLArena.Viewer.Raylib;

/// <summary>
/// A resizable raylib window drawing frames through the shared <see cref="FrameComposer"/> (the recorder's
/// picture). raylib keeps one window per process; open it, draw frames, dispose it, all on one thread.
/// </summary>
public sealed class RaylibWindow : IDisposable
{
    private readonly RaylibKeyboard _keyboard;
    private long _frameStart;
    private bool _open;

    private RaylibWindow(RaylibApi api)
    {
        Api = api;
        Canvas = new RaylibCanvas(api);
        _keyboard = new RaylibKeyboard(api);
    }

    /// <summary>The raylib binding.</summary>
    public RaylibApi Api { get; }
    /// <summary>Draws into the window.</summary>
    public RaylibCanvas Canvas { get; }
    /// <summary>The window's keyboard.</summary>
    public IKeyboard Keyboard => _keyboard;
    /// <summary>Frame-time statistics.</summary>
    public FrameStats Stats { get; } = new();
    /// <summary>The window's width in pixels now.</summary>
    public int Width => Api.GetScreenWidth();
    /// <summary>The window's height in pixels now.</summary>
    public int Height => Api.GetScreenHeight();

    /// <summary>Opens a resizable window; a failure is a one-line error.</summary>
    /// <param name="api">The raylib binding.</param>
    /// <param name="title">The window title.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="targetFps">Frames per second to aim for.</param>
    /// <param name="antialias">Ask for 4× MSAA.</param>
    public static RaylibWindow Open(RaylibApi api, string title, int width = 900, int height = 500, int targetFps = 60, bool antialias = false)
    {
        if (OperatingSystem.IsLinux() && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY"))
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY")))
            throw new UserFacingException(
                "there is no display to open a window on (DISPLAY is not set). Run it in a desktop session, under xvfb-run, " +
                "or record headlessly instead (watch, eval and train take --record out.gif|out.mp4|frames/, which needs no display).");
        // raylib's own log: warnings only, unless RLARENA_RAYLIB_LOG=info asks for everything (to debug a window that will not open).
        api.SetTraceLogLevel(Environment.GetEnvironmentVariable("RLARENA_RAYLIB_LOG") == "info" ? RlFlags.LogInfo : RlFlags.LogWarning);
        api.SetConfigFlags(RlFlags.WindowResizable | (antialias ? RlFlags.Msaa4X : 0));
        api.InitWindow(width, height, title);
        if (!api.IsWindowReady())
            throw new UserFacingException(
                $"raylib ({api.Path}) could not open a window on display '{Environment.GetEnvironmentVariable("DISPLAY")}' (no OpenGL 3.3 context?). " +
                "--record out.gif|out.mp4|frames/ works without a window.");
        var window = new RaylibWindow(api) { _open = true };
        api.SetExitKey(0); // Esc is read by the loops, so they can tidy up.
        api.SetWindowMinSize(320, 200);
        api.SetTargetFps(targetFps);
        return window;
    }

    /// <summary>True once the close button (or the window manager) asked to close.</summary>
    public bool CloseRequested => Api.WindowShouldClose();

    /// <summary>Marks the start of the frame's work (stepping, drawing) for <see cref="Stats"/>.</summary>
    public void BeginFrame() => _frameStart = Stopwatch.GetTimestamp();

    /// <summary>Draws one frame: the scene and, when given, the panel; then swaps buffers (waiting for the target rate).</summary>
    public void Draw(Scene scene, OverlayState? overlay, Action<RaylibCanvas>? beforeEnd = null)
    {
        if (_frameStart == 0) BeginFrame();
        Api.BeginDrawing();
        FrameComposer.Draw(Canvas, Width, Height, scene, overlay);
        beforeEnd?.Invoke(Canvas);
        var work = Stopwatch.GetTimestamp() - _frameStart;
        Api.EndDrawing(); // also polls input for the next frame
        _keyboard.NewFrame();
        Stats.FrameEnded(work, Api.GetFps());
        _frameStart = 0;
    }

    /// <summary>Draws one frame and returns its pixels (RGBA, rows top to bottom), read back from the GPU before the swap.</summary>
    public byte[] DrawAndCapture(Scene scene, OverlayState? overlay, out int width, out int height)
    {
        byte[]? pixels = null;
        int w = 0, h = 0;
        Draw(scene, overlay, _ => pixels = Api.CaptureScreen(out w, out h));
        width = w;
        height = h;
        return pixels!;
    }

    /// <summary>Closes the window.</summary>
    public void Dispose()
    {
        if (!_open) return;
        _open = false;
        Api.CloseWindow();
    }
}
