using System.Globalization;
using RLArena.Viewer.Acting;
using RLArena.Viewer.Input;
using RLArena.Viewer.Rendering;

namespace RLArena.Viewer.Watching;

/// <summary>
/// The watch loop's logic without a window: turns real time and key commands into environment steps (pause, step
/// once, reset, speed ×2 / ÷2) and holds an ended episode on screen for a moment before the next one starts.
/// </summary>
public sealed class WatchSession
{
    /// <summary>The slowest speed - can go.</summary>
    public const double MinStepsPerSecond = 0.25;
    /// <summary>The fastest speed + can go.</summary>
    public const double MaxStepsPerSecond = 4000;
    /// <summary>The most steps played in one frame.</summary>
    public const int MaxStepsPerFrame = 2000;
    /// <summary>How long an ended episode stays on screen before the next starts.</summary>
    public const double EndHoldSeconds = 0.6;

    private double _due;
    private double _heldFor;

    /// <summary>A watch session: <paramref name="actor"/> playing <paramref name="runner"/>'s environment.</summary>
    /// <param name="runner">Runs the episodes.</param>
    /// <param name="actor">The policy.</param>
    /// <param name="title">The panel's title.</param>
    /// <param name="stepsPerSecond">The starting speed; the environment's own pace when null.</param>
    public WatchSession(EpisodeRunner runner, IActor actor, string title, double? stepsPerSecond = null)
    {
        Runner = runner;
        Actor = actor;
        Title = title;
        NormalStepsPerSecond = stepsPerSecond ?? WatchPace.Of(runner.Environment);
        StepsPerSecond = NormalStepsPerSecond;
    }

    /// <summary>Runs the episodes.</summary>
    public EpisodeRunner Runner { get; }

    /// <summary>The policy acting; <c>train --watch</c> swaps in newer weights between frames.</summary>
    public IActor Actor { get; set; }

    /// <summary>The panel's title.</summary>
    public string Title { get; }
    /// <summary>The environment's own pace (steps per second).</summary>
    public double NormalStepsPerSecond { get; }
    /// <summary>The current speed.</summary>
    public double StepsPerSecond { get; private set; }
    /// <summary>Whether play is paused.</summary>
    public bool Paused { get; private set; }
    /// <summary>True once Esc was pressed.</summary>
    public bool QuitRequested { get; private set; }

    /// <summary>Applies this frame's commands, then advances by <paramref name="seconds"/> of real time. Returns the steps taken.</summary>
    public int Update(WatchCommands commands, double seconds)
    {
        if (commands.Quit) QuitRequested = true;
        if (commands.TogglePause) Paused = !Paused;
        if (commands.SpeedChange != 0)
            StepsPerSecond = Math.Clamp(StepsPerSecond * Math.Pow(2, commands.SpeedChange), MinStepsPerSecond, MaxStepsPerSecond);
        if (commands.Reset)
        {
            Runner.Reset();
            _due = 0;
            _heldFor = 0;
            return 0;
        }
        if (commands.StepOnce)
        {
            Paused = true;
            Runner.Advance(Actor);
            _due = 0;
            return 1;
        }
        if (Paused) return 0;

        var steps = 0;
        _due += seconds * StepsPerSecond;
        while (_due >= 1 && steps < MaxStepsPerFrame)
        {
            if (Runner.EpisodeOver && StepsPerSecond <= 2 * NormalStepsPerSecond)
            {
                // Let the last frame of an episode be seen before the next one starts.
                _heldFor += seconds;
                if (_heldFor < EndHoldSeconds) { _due = Math.Min(_due, 1); return steps; }
                _heldFor = 0;
            }
            Runner.Advance(Actor);
            _due -= 1;
            steps++;
        }
        if (steps == MaxStepsPerFrame) _due = 0; // too fast to keep up: drop the backlog rather than spiral
        return steps;
    }

    /// <summary>What the panel shows now.</summary>
    public OverlayState Overlay() => Runner.Overlay(Title, Actor.ScoreLabel, Footer());

    private IReadOnlyList<string> Footer()
    {
        var status = Paused
            ? "paused"
            : string.Create(CultureInfo.InvariantCulture, $"{StepsPerSecond:0.##} steps/s ({StepsPerSecond / NormalStepsPerSecond:0.##}x)");
        return [status, .. WatchControls.Help];
    }
}
