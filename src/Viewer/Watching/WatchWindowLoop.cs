using RLArena.Viewer.Input;
using RLArena.Viewer.Raylib;

namespace RLArena.Viewer.Watching;

/// <summary>Runs a <see cref="WatchSession"/> in a raylib window until Esc, the close button or a time limit.</summary>
public static class WatchWindowLoop
{
    /// <summary>Runs <paramref name="session"/> in <paramref name="window"/> until Esc, the close button or <paramref name="maxSeconds"/>.</summary>
    /// <param name="window">An open window.</param>
    /// <param name="session">The watch session.</param>
    /// <param name="maxSeconds">Close after this many seconds; no limit when null.</param>
    /// <param name="everyFrame">Called once per frame before drawing (train --watch swaps in new weights there), or null.</param>
    public static void Run(RaylibWindow window, WatchSession session, double? maxSeconds = null, Action? everyFrame = null)
    {
        var start = window.Api.GetTime();
        while (!window.CloseRequested && !session.QuitRequested)
        {
            if (maxSeconds is { } limit && window.Api.GetTime() - start >= limit) break;
            window.BeginFrame();
            everyFrame?.Invoke();
            // GetFrameTime is the last frame's duration; cap it so a stall (a dragged window) does not burst steps.
            session.Update(WatchControls.Read(window.Keyboard), Math.Min(window.Api.GetFrameTime(), 0.1));
            window.Draw(session.Runner.Environment.Describe(), session.Overlay());
        }
    }
}
