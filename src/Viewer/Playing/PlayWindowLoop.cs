using RLArena.Viewer.Raylib;

namespace RLArena.Viewer.Playing;

/// <summary>Runs a <see cref="PlaySession"/> in a raylib window until Esc, the close button or a time limit.</summary>
public static class PlayWindowLoop
{
    /// <summary>Runs <paramref name="session"/> in <paramref name="window"/> until Esc, the close button or <paramref name="maxSeconds"/>.</summary>
    /// <param name="window">An open window.</param>
    /// <param name="session">The play session.</param>
    /// <param name="maxSeconds">Close after this many seconds; no limit when null.</param>
    public static void Run(RaylibWindow window, PlaySession session, double? maxSeconds = null)
    {
        var start = window.Api.GetTime();
        while (!window.CloseRequested && !session.QuitRequested)
        {
            if (maxSeconds is { } limit && window.Api.GetTime() - start >= limit) break;
            window.BeginFrame();
            session.Update(window.Keyboard, Math.Min(window.Api.GetFrameTime(), 0.1));
            window.Draw(session.Runner.Environment.Describe(), session.Overlay());
        }
    }
}
