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
    public const double MinStepsPerSecond = 0.25;
    public const double MaxStepsPerSecond = 4000;
    public const int MaxStepsPerFrame = 2000;
    public const double EndHoldSeconds = 0.6;

    private double _due;
    private double _heldFor;

    public WatchSession(EpisodeRunner runner, IActor actor, string title, double? stepsPerSecond = null)
    {
        Runner = runner;
        Actor = actor;
        Title = title;
        NormalStepsPerSecond = stepsPerSecond ?? WatchPace.Of(runner.Environment);
        StepsPerSecond = NormalStepsPerSecond;
    }

    public EpisodeRunner Runner { get; }

    /// <summary>The policy acting; <c>train --watch</c> swaps in newer weights between frames.</summary>
    public IActor Actor { get; set; }

    public string Title { get; }
    public double NormalStepsPerSecond { get; }
    public double StepsPerSecond { get; private set; }
    public bool Paused { get; private set; }
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

    public OverlayState Overlay() => Runner.Overlay(Title, Actor.ScoreLabel, Footer());

    private IReadOnlyList<string> Footer()
    {
        var status = Paused
            ? "paused"
            : string.Create(CultureInfo.InvariantCulture, $"{StepsPerSecond:0.##} steps/s ({StepsPerSecond / NormalStepsPerSecond:0.##}x)");
        return [status, .. WatchControls.Help];
    }
}
