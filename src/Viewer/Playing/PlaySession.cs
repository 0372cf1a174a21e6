using RLArena.Viewer.Input;
using RLArena.Viewer.Rendering;
using RLArena.Viewer.Watching;

namespace RLArena.Viewer.Playing;

/// <summary>
/// Play mode's logic without a window: a person's keys become actions through a <see cref="PlayKeyMap"/>. A
/// real-time game waits until one of its keys is held, then steps at its own rate; a turn-based game steps once per
/// key press. A masked action (a move into a wall) is refused and said so.
/// </summary>
public sealed class PlaySession
{
    /// <summary>How long an ended episode stays on screen before the next starts.</summary>
    public const double EndHoldSeconds = 1.5;

    private double _due;
    private double _heldFor;
    private bool _started;
    private string? _notice;

    /// <summary>A play session over <paramref name="runner"/>'s environment.</summary>
    /// <param name="runner">Runs the episodes.</param>
    /// <param name="keys">Which key is which action, and whether play is real-time or turn-based.</param>
    /// <param name="title">The panel's title.</param>
    public PlaySession(EpisodeRunner runner, PlayKeyMap keys, string title)
    {
        Runner = runner;
        Keys = keys;
        Title = title;
    }

    /// <summary>Runs the episodes.</summary>
    public EpisodeRunner Runner { get; }
    /// <summary>The key map.</summary>
    public PlayKeyMap Keys { get; }
    /// <summary>The panel's title.</summary>
    public string Title { get; }
    /// <summary>True once Esc was pressed.</summary>
    public bool QuitRequested { get; private set; }

    /// <summary>Reads the keys for one frame and advances by <paramref name="seconds"/>; returns the steps taken.</summary>
    public int Update(IKeyboard keyboard, double seconds)
    {
        if (keyboard.WasPressed(Key.Escape)) { QuitRequested = true; return 0; }
        if (keyboard.WasPressed(Key.R)) { NewEpisode(); return 0; }

        if (Runner.EpisodeOver)
        {
            _heldFor += seconds;
            var again = Keys.RealTime ? _heldFor >= EndHoldSeconds : Keys.Decide(keyboard) is not null;
            if (again) NewEpisode();
            return 0;
        }

        if (!Keys.RealTime)
        {
            if (Keys.Decide(keyboard) is not { } action) return 0;
            return Take(action) ? 1 : 0;
        }

        if (!_started)
        {
            if (!Keys.AnyBoundKeyDown(keyboard)) return 0;
            _started = true;
            _due = 1;
        }
        else
        {
            _due += seconds * Keys.StepsPerSecond;
        }
        var steps = 0;
        while (_due >= 1 && !Runner.EpisodeOver && steps < 10)
        {
            if (Keys.Decide(keyboard) is { } action && Take(action)) steps++;
            _due -= 1;
        }
        if (steps == 10) _due = 0;
        return steps;
    }

    private bool Take(int action)
    {
        if (Runner.Advance(action))
        {
            _notice = null;
            return true;
        }
        _notice = $"'{Runner.ActionNames[action]}' is blocked here";
        return false;
    }

    private void NewEpisode()
    {
        Runner.Reset();
        _started = false;
        _heldFor = 0;
        _due = 0;
        _notice = null;
    }

    /// <summary>What the panel shows now.</summary>
    public OverlayState Overlay()
    {
        var footer = new List<string>();
        if (Runner.EpisodeOver)
            footer.Add(Keys.RealTime ? "episode over" : "episode over: press a key");
        else if (Keys.RealTime && !_started)
            footer.Add(Keys.StartHint);
        if (_notice is not null) footer.Add(_notice);
        footer.AddRange(Keys.Help.Split('|'));
        return Runner.Overlay(Title, "probability", footer);
    }
}
