using RLArena.Viewer.Acting;
using RLArena.Viewer.Watching;

namespace RLArena.Viewer.Recording;

/// <summary>What a headless recording produced.</summary>
public sealed record RecordingSummary(string Path, RecordingFormat Format, int Frames, int Episodes, IReadOnlyList<double> Returns);

/// <summary>
/// Records whole episodes of an actor without a window (<c>watch --record</c>, and eval/train through the CLI):
/// the first frame of each episode, one frame per step, and a short hold on the last frame.
/// </summary>
public static class EpisodeRecording
{
    /// <summary>Records <paramref name="episodes"/> episodes of <paramref name="actor"/> into <paramref name="recorder"/> and returns what they gave.</summary>
    /// <param name="runner">Runs the episodes.</param>
    /// <param name="actor">The policy.</param>
    /// <param name="recorder">Where the frames go.</param>
    /// <param name="episodes">How many episodes.</param>
    /// <param name="title">The panel's title.</param>
    /// <param name="overlay">Draw the panel.</param>
    /// <param name="maxFrames">The most frames to record.</param>
    /// <param name="holdFrames">Frames to hold the last frame of an episode; half a second when negative.</param>
    public static RecordingSummary Run(EpisodeRunner runner, IActor actor, FrameRecorder recorder, int episodes,
        string title, bool overlay = true, int maxFrames = 100_000, int holdFrames = -1)
    {
        var returns = Play(runner, actor, recorder, episodes, title, overlay, maxFrames, holdFrames);
        recorder.Finish();
        return new RecordingSummary(recorder.Target.Path, recorder.Target.Format, recorder.FrameCount, returns.Count, returns);
    }

    /// <summary>Plays and queues the frames without waiting for the encoder (call <see cref="FrameRecorder.Finish"/> later); returns the episodes' returns.</summary>
    public static IReadOnlyList<double> Play(EpisodeRunner runner, IActor actor, FrameRecorder recorder, int episodes,
        string title, bool overlay = true, int maxFrames = 100_000, int holdFrames = -1)
    {
        if (episodes < 1) throw new ArgumentOutOfRangeException(nameof(episodes), "record at least one episode.");
        if (holdFrames < 0) holdFrames = (int)Math.Round(recorder.Fps / 2);
        var first = runner.CompletedReturns.Count;
        for (var e = 0; e < episodes && recorder.FrameCount < maxFrames; e++)
        {
            if (e > 0 || runner.Step > 0 || runner.EpisodeOver) runner.Reset();
            Add(runner, actor, recorder, title, overlay);
            while (!runner.EpisodeOver && recorder.FrameCount < maxFrames)
            {
                runner.Advance(actor);
                Add(runner, actor, recorder, title, overlay);
            }
            for (var i = 0; i < holdFrames && recorder.FrameCount < maxFrames; i++) Add(runner, actor, recorder, title, overlay);
        }
        return runner.CompletedReturns.Skip(first).ToArray();
    }

    private static void Add(EpisodeRunner runner, IActor actor, FrameRecorder recorder, string title, bool overlay) =>
        recorder.Add(runner.Environment.Describe(), overlay ? runner.Overlay(title, actor.ScoreLabel) : null);
}
