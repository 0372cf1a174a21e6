// Headless recording cost at 600x400 (target: under 2 ms per frame). For each scene and output it times, over
// several trials, (a) drawing one frame with SkiaSharp, (b) the conversion done here before ffmpeg (palette indices
// for GIF, YUV 4:2:0 for MP4), (c) FrameRecorder.Add per frame as the caller pays it (draw + hand-off to the writer
// thread, waiting when the encoder falls behind), (d) the whole recording per frame including the encoder's start
// and finish (PNG files, or ffmpeg's GIF/MP4), and (e) that fixed cost of a file alone, from one-frame recordings,
// with the per-frame cost once the encoder runs. Usage: dotnet run -c Release --project bench/viewer [-- frames trials]
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
Console.WriteLine($"{"scene",-18} {"measure",-48} {"best ms/frame",14} {"median",10}   (target: whole < {TargetMs} ms)");

var temp = Path.Combine(Path.GetTempPath(), "rlarena-bench-viewer");
var wholeRows = new List<(string Scene, string Measure, double Best)>();
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

    using (var renderer = new SkiaFrameRenderer(Width, Height))
    {
        var pictures = new byte[frames][];
        for (var i = 0; i < frames; i++)
        {
            renderer.Render(scenes[i], overlays[i]);
            pictures[i] = renderer.Pixels.ToArray();
        }
        foreach (var (what, make) in new (string, Func<IPipeFrameFormat>)[]
                 {
                     ("GIF palette indices (here, before ffmpeg)", () => FfmpegVideoWriter.PipeFormatFor(RecordingFormat.Gif, Width, Height)),
                     ("MP4 YUV 4:2:0 (here, before ffmpeg)", () => FfmpegVideoWriter.PipeFormatFor(RecordingFormat.Mp4, Width, Height)),
                 })
        {
            Measure(name, what, () =>
            {
                var format = make();
                var sw = Stopwatch.StartNew();
                for (var i = 0; i < frames; i++) format.Convert(pictures[i]);
                return (sw.Elapsed.TotalMilliseconds, null);
            });
        }
    }

    foreach (var (what, target) in new[] { ("PNG frames", "frames/"), ("GIF (palette here, ffmpeg encodes)", "out.gif"), ("MP4 (YUV here, ffmpeg libx264)", "out.mp4") })
    {
        if (!target.EndsWith('/') && FfmpegLocator.TryFind() is null) continue;
        var whole = Measure(name, what, () => Record(target, scenes, overlays, frames));
        wholeRows.Add((name, what, whole));
        // The fixed cost of a file (starting the encoder, finishing the file), from one-frame recordings, and what
        // each further frame costs once it runs.
        var fixedCosts = Enumerable.Range(0, trials + 1).Select(_ => Record(target, scenes, overlays, 1).TotalMs).Skip(1).Order().ToArray();
        var fixedMs = fixedCosts[fixedCosts.Length / 2];
        Console.WriteLine($"{name,-18} {what + ": fixed cost of a file (ms, not per frame)",-48} {fixedCosts[0],14:0.0} {fixedMs,10:0.0}");
        Console.WriteLine($"{name,-18} {what + ": per frame after that",-48} {(whole * frames - fixedMs) / (frames - 1),14:0.000}");
    }
}
Console.WriteLine();
var over = wholeRows.Where(r => r.Best >= TargetMs).ToList();
Console.WriteLine(over.Count == 0
    ? $"Recording {frames} frames costs under {TargetMs} ms per frame in every case, counting the encoder's start and finish."
    : "Over target: " + string.Join(", ", over.Select(o => $"{o.Scene} {o.Measure} {o.Best:0.00} ms")));

(double TotalMs, double? CallerMs) Record(string target, Scene[] scenes, OverlayState[] overlays, int count)
{
    var dir = Path.Combine(temp, Guid.NewGuid().ToString("N"));
    var whole = Stopwatch.StartNew();
    double caller;
    using (var recorder = FrameRecorder.Start(Path.Combine(dir, target), Width, Height, fps: 50))
    {
        var add = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) recorder.Add(scenes[i], overlays[i]);
        caller = add.Elapsed.TotalMilliseconds;
        recorder.Finish();
    }
    var total = whole.Elapsed.TotalMilliseconds;
    Directory.Delete(dir, recursive: true);
    return (total, caller);
}

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
// reports it, for the caller's share alone. Returns the whole run's best.
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
    Print(scene, measure + ": caller (draw + hand-off)", callers);
    return Print(scene, measure + ": whole, incl. encoding", totals);
}

double Print(string scene, string measure, List<double> perFrame)
{
    var sorted = perFrame.Order().ToArray();
    Console.WriteLine($"{scene,-18} {measure,-48} {sorted[0],14:0.000} {sorted[sorted.Length / 2],10:0.000}");
    return sorted[0];
}
