using System.Globalization;
using RLArena.Agents.Training;
using RLArena.Core.Errors;
using RLArena.Viewer.Raylib;
using RLArena.Viewer.Recording;
using RLArena.Viewer.Watching;

namespace RLArena.Cli.Viewing;

/// <summary>
/// What <c>train --watch</c> and <c>train --record</c> add to a run: a live window with the latest policy
/// (<see cref="LiveWatch"/>) and/or one recorded episode every N updates (by default at every tenth of the run), and
/// after the last update, each in its own file: <c>out.gif</c> → <c>out-step000040960.gif</c>, <c>frames/</c> →
/// <c>frames/step000040960/</c>. The episode is played and drawn on the trainer's thread; the encoding finishes in
/// the background.
/// </summary>
internal sealed class TrainingViewer : ITrainingCallback, IDisposable
{
    private readonly ITrainingCallback _inner;
    private readonly LiveWatch? _live;
    private readonly RecordingTarget? _record;
    private readonly int? _recordEvery;
    private readonly List<Task> _finishing = new();
    private int _lastTenth = -1;
    private readonly int _seed;
    private readonly List<string> _recorded = new();
    private TimeSpan _recordingTime;

    private TrainingViewer(ITrainingCallback inner, LiveWatch? live, RecordingTarget? record, int? recordEvery, int seed)
    {
        _inner = inner;
        _live = live;
        _record = record;
        _recordEvery = recordEvery;
        _seed = seed;
    }

    /// <summary>Checks the viewer flags before training starts (a bad flag is a usage error, not a failed run).</summary>
    public static void Validate(bool watch, string? record, int? recordEvery)
    {
        if (record is not null) RecordingTarget.Parse(record);
        if (recordEvery is not null && record is null) throw new UsageException("--record-every needs --record PATH.");
        if (recordEvery is < 1) throw new UsageException($"--record-every {recordEvery}: must be at least 1 update.");
        _ = watch;
    }

    /// <summary><paramref name="inner"/> alone when neither is asked for; else it with the live window and/or recordings.</summary>
    public static ITrainingCallback Wrap(ITrainingCallback inner, bool watch, string? record, int? recordEvery, string? raylib,
        string environmentId, int seed)
    {
        if (!watch && record is null) return inner;
        LiveWatch? live = null;
        if (watch)
        {
            var api = RaylibApi.Load(RaylibLocator.ForThisProcess(raylib));
            live = LiveWatch.Start(api, EnvironmentSession.MakeEnvironment(environmentId), environmentId, seed: seed);
        }
        return new TrainingViewer(inner, live, record is null ? null : RecordingTarget.Parse(record), recordEvery, seed);
    }

    public void OnUpdate(TrainingProgress progress)
    {
        _inner.OnUpdate(progress);
        var actor = new PolicyActor(progress.Policy, deterministic: true);
        _live?.Update(actor, string.Create(CultureInfo.InvariantCulture, $"update {progress.Update}, step {progress.Step:N0}"));
        if (_record is not null && IsRecordingDue(progress)) RecordEpisode(progress, actor);
    }

    private bool IsRecordingDue(TrainingProgress progress)
    {
        // The last update: the run stops short of TotalSteps when it is not a whole number of updates.
        if (progress.Step + progress.Step / Math.Max(1, progress.Update) > progress.TotalSteps) return true;
        if (_recordEvery is { } every) return progress.Update % every == 0;
        var tenth = (int)(10 * progress.Step / Math.Max(1, progress.TotalSteps));
        if (tenth == _lastTenth) return false;
        _lastTenth = tenth;
        return true;
    }

    private void RecordEpisode(TrainingProgress progress, PolicyActor actor)
    {
        var started = DateTime.UtcNow;
        var path = PathFor(_record!, progress.Step);
        var env = EnvironmentSession.MakeEnvironment(progress.EnvironmentId);
        var runner = new EpisodeRunner(env, _seed + progress.Update);
        var fps = WatchPace.RecordingFps(env);
        var recorder = FrameRecorder.Start(path, 600, 400, fps);
        var title = string.Create(CultureInfo.InvariantCulture, $"{progress.Algorithm.ToUpperInvariant()} step {progress.Step:N0}");
        EpisodeRecording.Play(runner, actor, recorder, 1, title, maxFrames: 2000);
        _finishing.Add(Task.Run(() =>
        {
            using (recorder) recorder.Finish();
        }));
        _recorded.Add(path);
        _recordingTime += DateTime.UtcNow - started;
    }

    /// <summary>The file or folder for the clip recorded at <paramref name="step"/>.</summary>
    public static string PathFor(RecordingTarget target, long step)
    {
        var tag = "step" + step.ToString("D9", CultureInfo.InvariantCulture);
        if (target.Format == RecordingFormat.PngFrames) return Path.Combine(target.Path, tag) + Path.DirectorySeparatorChar;
        var directory = Path.GetDirectoryName(target.Path) ?? "";
        return Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(target.Path)}-{tag}{Path.GetExtension(target.Path)}");
    }

    /// <summary>One line for the end of the run: what was recorded, what the window cost.</summary>
    public string Summary()
    {
        var parts = new List<string>();
        if (_record is not null)
            parts.Add(_recorded.Count == 0
                ? "no clips recorded"
                : string.Create(CultureInfo.InvariantCulture, $"{_recorded.Count} clip(s) recorded ({_recordingTime.TotalSeconds:0.0} s on the trainer's thread), last: {_recorded[^1]}"));
        if (_live is not null) parts.Add(_live.Summary());
        return string.Join("; ", parts);
    }

    /// <summary>Closes the window and waits for the clips still being encoded (their errors surface here).</summary>
    public void Dispose()
    {
        _live?.Dispose();
        try
        {
            Task.WaitAll(_finishing);
        }
        catch (AggregateException e) when (e.InnerException is UserFacingException inner)
        {
            throw inner;
        }
    }
}
