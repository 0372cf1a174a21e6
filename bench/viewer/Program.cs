// Headless recording cost at 600x400 (target: under 2 ms per frame). For each scene and output it times, over
// several trials, (a) drawing one frame with SkiaSharp, (b) FrameRecorder.Add per frame as the caller pays it
// (draw + copy + hand-off to the writer thread), and (c) the whole recording per frame including the encoder
// finishing (PNG files, or ffmpeg's GIF/MP4). Usage: dotnet run -c Release --project bench/viewer [-- frames trials]
using System.Diagnostics;
using System.Globalization;
using RLArena.Environments;
using RLArena.Environments.Scenes;
using RLArena.Viewer.Acting;
using RLArena.Viewer.Recording;
using RLArena.Viewer.Rendering;
using RLArena.Viewer.Skia;
using RLArena.Viewer.Watching;

var frames = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
var trials = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
const int Width = 600, Height = 400;
const double TargetMs = 2.0;

Console.WriteLine($"RLArena recorder benchmark: {Width}x{Height}, {frames} frames per trial, {trials} trials (best and median), " +
                  $".NET {Environment.Version}, {Environment.ProcessorCount} cores");
Console.WriteLine($"ffmpeg: {FfmpegLocator.TryFind() ?? "not found (GIF/MP4 rows skipped)"}");
Console.WriteLine();
Console.WriteLine($"{"scene",-18} {"measure",-48} {"best ms/frame",14} {"median",10}   (target: caller < {TargetMs} ms)");

var temp = Path.Combine(Path.GetTempPath(), "rlarena-bench-viewer");
var callerRows = new List<(string Scene, string Measure, double Best)>();
foreach (var (name, spec) in new[] { ("cartpole", "cartpole"), ("gridworld 16x16", "gridworld:size=16,goals=3") })
{
    var (scenes, overlays) = Episode(spec, frames);
    using (var renderer = new SkiaFrameRenderer(Width, Height))
    {
        Measure(name, "draw only (Skia, with panel)", () =>
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < frames; i++) renderer.Render(scenes[i], overlays[i]);
            return (sw.Elapsed.TotalMilliseconds, null);
        });
    }

    foreach (var (what, target) in new[] { ("PNG frames", "frames/"), ("GIF (ffmpeg palettegen)", "out.gif"), ("MP4 (ffmpeg libx264)", "out.mp4") })
    {
        if (!target.EndsWith('/') && FfmpegLocator.TryFind() is null) continue;
        var best = Measure(name, what, () =>
        {
            var dir = Path.Combine(temp, Guid.NewGuid().ToString("N"));
            var whole = Stopwatch.StartNew();
            double caller;
            using (var recorder = FrameRecorder.Start(Path.Combine(dir, target), Width, Height, fps: 50))
            {
                var add = Stopwatch.StartNew();
                for (var i = 0; i < frames; i++) recorder.Add(scenes[i], overlays[i]);
                caller = add.Elapsed.TotalMilliseconds;
                recorder.Finish();
            }
            var total = whole.Elapsed.TotalMilliseconds;
            Directory.Delete(dir, recursive: true);
            return (total, caller);
        });
        callerRows.Add((name, what, best));
    }
}
Console.WriteLine();
var over = callerRows.Where(r => r.Best >= TargetMs).ToList();
Console.WriteLine(over.Count == 0
    ? $"Recording costs the caller under {TargetMs} ms per frame in every case."
    : "Over target: " + string.Join(", ", over.Select(o => $"{o.Scene} {o.Measure} {o.Best:0.00} ms")));

(Scene[] Scenes, OverlayState[] Overlays) Episode(string spec, int count)
{
    // Frames of real episodes (a random policy, episodes restarting), drawn with the panel as watch --record does.
    var runner = new EpisodeRunner(EnvRegistry.Make(spec), seed: 1);
    var actor = new RandomActor(1);
    var scenes = new Scene[count];
    var overlays = new OverlayState[count];
    for (var i = 0; i < count; i++)
    {
        runner.Advance(actor);
        scenes[i] = runner.Environment.Describe();
        overlays[i] = runner.Overlay(spec, actor.ScoreLabel);
    }
    return (scenes, overlays);
}

// Runs a warm-up and the trials; prints ms per frame (best and median) for the whole run and, when the trial
// reports it, for the caller's share alone. Returns the caller's best (or the whole run's).
double Measure(string scene, string measure, Func<(double TotalMs, double? CallerMs)> trial)
{
    trial();
    var totals = new List<double>();
    var callers = new List<double>();
    for (var t = 0; t < trials; t++)
    {
        var (total, caller) = trial();
        totals.Add(total / frames);
        if (caller is { } c) callers.Add(c / frames);
    }
    if (callers.Count == 0) return Print(scene, measure, totals);
    Print(scene, measure + ": whole, incl. encoding", totals);
    return Print(scene, measure + ": caller (draw + hand-off)", callers);
}

double Print(string scene, string measure, List<double> perFrame)
{
    var sorted = perFrame.Order().ToArray();
    Console.WriteLine($"{scene,-18} {measure,-48} {sorted[0],14:0.000} {sorted[sorted.Length / 2],10:0.000}");
    return sorted[0];
}
