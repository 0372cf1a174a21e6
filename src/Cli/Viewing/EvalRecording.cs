using System.Globalization;
using RLArena.Agents;
using RLArena.Core.Errors;
using RLArena.Viewer.Acting;
using RLArena.Viewer.Recording;
using RLArena.Viewer.Watching;

namespace RLArena.Cli.Viewing;

/// <summary><c>eval --record</c>: the evaluated policy's first episodes (same seed and acting mode) as a GIF, MP4 or PNG frames.</summary>
internal static class EvalRecording
{
    public static void Validate(string? record, int episodes)
    {
        if (record is null) return;
        RecordingTarget.Parse(record);
        if (episodes < 1) throw new UsageException($"--record-episodes {episodes}: must be at least 1.");
    }

    public static string Run(TrainedPolicy policy, string path, int episodes, bool deterministic, int seed) =>
        Run(policy, policy.MakeEnvironment(), path, episodes, deterministic, seed);

    /// <summary>Records any acting policy (a checkpoint's or an ONNX file's) in <paramref name="env"/>.</summary>
    public static string Run(IActingPolicy policy, RLArena.Environments.IEnvironment env, string path, int episodes, bool deterministic, int seed)
    {
        policy.Reseed(seed);
        var runner = new EpisodeRunner(env, seed);
        var fps = WatchPace.RecordingFps(env);
        using var recorder = FrameRecorder.Start(path, 600, 400, fps);
        var title = $"{policy.Algorithm.ToUpperInvariant()} {env.Id}";
        var summary = EpisodeRecording.Run(runner, new PolicyActor(policy, deterministic), recorder, episodes, title);
        var returns = string.Join(", ", summary.Returns.Select(r => r.ToString("0.##", CultureInfo.InvariantCulture)));
        return $"Recorded {summary.Episodes} episode(s), {summary.Frames} frames -> {summary.Path} (returns: {returns})";
    }
}
