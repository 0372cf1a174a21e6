using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json;
using RLArena.Core.Errors;
using RLArena.Environments;
using RLArena.Environments.Scenes;
using RLArena.Viewer.Acting;
using RLArena.Viewer.Recording;
using RLArena.Viewer.Rendering;
using RLArena.Viewer.Skia;
using RLArena.Viewer.Watching;

namespace RLArena.Viewer.Tests;

public class RecorderTests
{
    private static Scene Frame(int i) => new Scene(10, 5, new Rgba(255, 255, 255))
        .Add(new RectanglePrimitive(i % 8, 1, 2, 2, new Rgba(200, 40, 40)));

    [Test]
    public void Png_frames_are_valid_pngs_of_the_requested_size()
    {
        var folder = Path.Combine(TestImages.TempFolder("png"), "frames/");
        using (var recorder = FrameRecorder.Start(folder, 320, 200, fps: 10))
        {
            Assert.That(recorder.Target.Format, Is.EqualTo(RecordingFormat.PngFrames));
            for (var i = 0; i < 5; i++) recorder.Add(Frame(i));
            recorder.Finish();
        }
        var files = Directory.GetFiles(folder, "*.png").Order().ToArray();
        Assert.That(files.Select(Path.GetFileName), Is.EqualTo(Enumerable.Range(0, 5).Select(PngFrameWriter.FrameName)));
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            Assert.That(bytes.AsSpan(0, 8).ToArray(), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "PNG signature");
            Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 12, 4), Is.EqualTo("IHDR"));
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), Is.EqualTo(320), "width");
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)), Is.EqualTo(200), "height");
        }
        using var decoded = SkiaSharp.SKBitmap.Decode(files[2]);
        // World 10 x 5 in 320 x 200: scale 32, bars of 20 px; frame 2's square covers x 64..128, y 52..116.
        Assert.That(decoded.GetPixel(96, 84), Is.EqualTo(new SkiaSharp.SKColor(200, 40, 40)), "frame 2's square is where frame 2 put it");
        Assert.That(decoded.GetPixel(140, 84), Is.EqualTo(new SkiaSharp.SKColor(255, 255, 255)), "and not beyond it");
    }

    [Test]
    public void Gif_has_one_image_per_frame()
    {
        var ffmpeg = RequireFfmpeg();
        var path = Path.Combine(TestImages.TempFolder("gif"), "out.gif");
        using (var recorder = FrameRecorder.Start(path, 200, 100, fps: 10))
        {
            for (var i = 0; i < 7; i++) recorder.Add(Frame(i));
            recorder.Finish();
        }
        var bytes = File.ReadAllBytes(path);
        Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 0, 6), Is.EqualTo("GIF89a"));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)), Is.EqualTo(200), "logical screen width");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)), Is.EqualTo(100), "logical screen height");
        Assert.That(GifImageCount(bytes), Is.EqualTo(7), "image descriptors in the GIF");
        _ = ffmpeg;
    }

    [Test]
    public void Mp4_is_h264_with_every_frame_as_ffprobe_sees_it()
    {
        RequireFfprobe();
        var path = Path.Combine(TestImages.TempFolder("mp4"), "out.mp4");
        using (var recorder = FrameRecorder.Start(path, 321, 201, fps: 25)) // odd sizes: padded to even for yuv420p
        {
            for (var i = 0; i < 30; i++) recorder.Add(Frame(i));
            recorder.Finish();
        }
        var stream = Probe(path, "-count_frames", "-show_entries", "stream=codec_name,width,height,nb_read_frames");
        Assert.That(stream.GetProperty("codec_name").GetString(), Is.EqualTo("h264"));
        Assert.That(stream.GetProperty("width").GetInt32(), Is.EqualTo(322));
        Assert.That(stream.GetProperty("height").GetInt32(), Is.EqualTo(202));
        Assert.That(stream.GetProperty("nb_read_frames").GetString(), Is.EqualTo("30"));
    }

    /// <summary>Frames of a cartpole episode with the panel, as watch --record draws them, and the same frames drawn alone.</summary>
    private static (Scene Scene, OverlayState Overlay)[] CartpoleFrames(int count)
    {
        var runner = new EpisodeRunner(EnvRegistry.Make("cartpole"), seed: 3);
        var actor = new RandomActor(2);
        var frames = new (Scene, OverlayState)[count];
        for (var i = 0; i < count; i++)
        {
            if (runner.EpisodeOver) runner.Reset();
            frames[i] = (runner.Environment.Describe(), runner.Overlay("cartpole", actor.ScoreLabel));
            runner.Advance(actor);
        }
        return frames;
    }

    /// <summary>Records the frames to <paramref name="path"/>, decodes the file with ffmpeg and returns each frame's mean and worst channel error against the Skia picture, and the share of exact pixels.</summary>
    private static (double MeanError, int WorstError, double ExactShare)[] RecordAndCompare(string path, int width, int height, int count)
    {
        var frames = CartpoleFrames(count);
        using (var recorder = FrameRecorder.Start(path, width, height, fps: 25))
        {
            foreach (var (scene, overlay) in frames) recorder.Add(scene, overlay);
            recorder.Finish();
        }
        var decoded = Decode(path, width, height);
        Assert.That(decoded, Has.Length.EqualTo(count), "decoded frames");
        using var renderer = new SkiaFrameRenderer(width, height);
        var results = new (double MeanError, int WorstError, double ExactShare)[count];
        for (var f = 0; f < count; f++)
        {
            renderer.Render(frames[f].Scene, frames[f].Overlay);
            var expected = renderer.Pixels;
            long sum = 0;
            var worst = 0;
            var exact = 0;
            for (var i = 0; i < width * height; i++)
            {
                var pixelWorst = 0;
                for (var c = 0; c < 3; c++)
                {
                    var d = Math.Abs(expected[4 * i + c] - decoded[f][3 * i + c]);
                    sum += d;
                    pixelWorst = Math.Max(pixelWorst, d);
                }
                worst = Math.Max(worst, pixelWorst);
                if (pixelWorst == 0) exact++;
            }
            results[f] = (sum / (3.0 * width * height), worst, exact / (double)(width * height));
        }
        TestContext.Out.WriteLine($"{Path.GetFileName(path)}: exact pixels {results.Min(r => r.ExactShare):P2} at worst, " +
                                  $"mean channel error {results.Max(r => r.MeanError):0.000} at worst, largest channel error {results.Max(r => r.WorstError)}");
        return results;
    }

    private static byte[][] Decode(string path, int width, int height)
    {
        var info = new ProcessStartInfo(FfmpegLocator.TryFind()!, ["-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24",
            "-vf", $"crop={width}:{height}:0:0", "pipe:1"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        using var bytes = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(bytes);
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.EqualTo(0), errors.Result);
        var frameBytes = width * height * 3;
        return bytes.ToArray().Chunk(frameBytes).ToArray();
    }

    [Test]
    public void Gif_frames_show_the_recorders_pictures_with_flat_colours_exact()
    {
        RequireFfmpeg();
        var results = RecordAndCompare(Path.Combine(TestImages.TempFolder("gif-fidelity"), "out.gif"), 300, 200, 40);
        Assert.Multiple(() =>
        {
            for (var f = 0; f < results.Length; f++)
            {
                // Flat colours are in the palette exactly; only anti-aliased edges and glyphs may take a near colour.
                Assert.That(results[f].ExactShare, Is.GreaterThan(0.98), $"frame {f}: exact pixels");
                Assert.That(results[f].MeanError, Is.LessThan(0.1), $"frame {f}: mean channel error");
            }
        });
    }

    [Test]
    public void Mp4_frames_are_close_to_the_recorders_pictures_and_tagged_bt601()
    {
        RequireFfprobe();
        var path = Path.Combine(TestImages.TempFolder("mp4-fidelity"), "out.mp4");
        var results = RecordAndCompare(path, 300, 200, 40);
        Assert.Multiple(() =>
        {
            for (var f = 0; f < results.Length; f++)
                Assert.That(results[f].MeanError, Is.LessThan(2.0), $"frame {f}: mean channel error (H.264, 4:2:0 chroma)");
        });
        var stream = Probe(path, "-show_entries", "stream=pix_fmt,color_space,color_range");
        Assert.That(stream.GetProperty("pix_fmt").GetString(), Is.EqualTo("yuv420p"));
        Assert.That(stream.GetProperty("color_space").GetString(), Is.EqualTo("smpte170m"));
        Assert.That(stream.GetProperty("color_range").GetString(), Is.EqualTo("tv"));
    }

    [Test]
    public void Recording_whole_episodes_gives_a_frame_per_step_plus_the_holds()
    {
        var env = EnvRegistry.Make("cartpole");
        var runner = new EpisodeRunner(env, seed: 7);
        var folder = TestImages.TempFolder("episodes") + "/";
        using var recorder = FrameRecorder.Start(folder, 300, 200, fps: 10);
        var summary = EpisodeRecording.Run(runner, new RandomActor(1), recorder, episodes: 2, title: "cartpole", holdFrames: 3);
        Assert.That(summary.Episodes, Is.EqualTo(2));
        var steps = runner.CompletedReturns.Sum(); // cartpole: reward 1 per step
        Assert.That(summary.Frames, Is.EqualTo((int)steps + 2 * (1 + 3)), "first frame + one per step + 3 held, per episode");
        Assert.That(Directory.GetFiles(folder, "*.png"), Has.Length.EqualTo(summary.Frames));
    }

    [TestCase("out.GIF", RecordingFormat.Gif)]
    [TestCase("a/b/out.mp4", RecordingFormat.Mp4)]
    [TestCase("frames/", RecordingFormat.PngFrames)]
    [TestCase("frames", RecordingFormat.PngFrames)]
    public void Target_is_chosen_from_the_path(string path, RecordingFormat format) =>
        Assert.That(RecordingTarget.Parse(path).Format, Is.EqualTo(format));

    [Test]
    public void Unknown_extension_is_a_usage_error_naming_the_formats()
    {
        var e = Assert.Throws<UsageException>(() => RecordingTarget.Parse("out.avi"))!;
        Assert.That(e.Message, Does.Contain(".gif").And.Contain(".mp4").And.Contain("frames/"));
    }

    [Test]
    public void An_output_folder_that_cannot_be_made_is_a_one_line_error_naming_the_path()
    {
        RequireFfmpeg();
        var blocker = Path.Combine(TestImages.TempFolder("blocked"), "a-file");
        File.WriteAllText(blocker, "not a folder");
        var target = Path.Combine(blocker, "out.gif");
        var e = Assert.Throws<UserFacingException>(() => FrameRecorder.Start(target))!;
        Assert.That(e.Message, Does.Contain("cannot create the folder").And.Contain(target));
    }

    [Test]
    public void A_file_ffmpeg_cannot_write_ends_the_recording_with_ffmpegs_reason()
    {
        RequireFfmpeg();
        var e = Assert.Throws<UserFacingException>(() =>
        {
            using var recorder = FrameRecorder.Start("/proc/rlarena-cannot-write-here.mp4", 200, 100, fps: 10);
            for (var i = 0; i < 200; i++) recorder.Add(Frame(i)); // more frames than the pool holds: the caller must not hang
            recorder.Finish();
        })!;
        Assert.That(e.Message, Does.Contain("ffmpeg could not write").And.Contain("rlarena-cannot-write-here.mp4"));
    }

    [Test]
    public void Missing_ffmpeg_is_a_clear_error_that_offers_png_frames()
    {
        var saved = (Environment.GetEnvironmentVariable("PATH"), Environment.GetEnvironmentVariable(FfmpegLocator.EnvironmentVariable));
        try
        {
            Environment.SetEnvironmentVariable("PATH", TestImages.TempFolder("empty-path"));
            Environment.SetEnvironmentVariable(FfmpegLocator.EnvironmentVariable, null);
            var e = Assert.Throws<UserFacingException>(() => FrameRecorder.Start(Path.Combine(TestImages.TempFolder("nf"), "x.mp4")))!;
            Assert.That(e.Message, Does.Contain("ffmpeg").And.Contain("apt-get install ffmpeg").And.Contain("--record frames/"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", saved.Item1);
            Environment.SetEnvironmentVariable(FfmpegLocator.EnvironmentVariable, saved.Item2);
        }
    }

    private static void RequireFfprobe()
    {
        RequireFfmpeg();
        if (FfmpegLocator.TryFind("ffprobe") is null) Assert.Ignore("ffprobe is not installed (apt-get install ffmpeg), so the MP4 cannot be probed.");
    }

    /// <summary>ffprobe's view of the first video stream of <paramref name="path"/>, as JSON.</summary>
    private static JsonElement Probe(string path, params string[] query)
    {
        var info = new ProcessStartInfo(FfmpegLocator.TryFind("ffprobe")!, ["-v", "error", "-select_streams", "v:0", .. query, "-of", "json", path])
        {
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(info)!;
        var json = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.EqualTo(0), json);
        return JsonDocument.Parse(json).RootElement.GetProperty("streams")[0].Clone();
    }

    private static string RequireFfmpeg()
    {
        var ffmpeg = FfmpegLocator.TryFind();
        if (ffmpeg is null) Assert.Ignore("ffmpeg is not installed (apt-get install ffmpeg): GIF/MP4 recording cannot be checked here.");
        return ffmpeg!;
    }

    /// <summary>Counts image descriptors by walking the GIF's blocks (header, colour table, extensions, images).</summary>
    private static int GifImageCount(byte[] gif)
    {
        var i = 13;
        if ((gif[10] & 0x80) != 0) i += 3 * (1 << ((gif[10] & 7) + 1));
        var images = 0;
        while (i < gif.Length)
        {
            switch (gif[i])
            {
                case 0x3B: return images;
                case 0x21:
                    i += 2;
                    i = SkipSubBlocks(gif, i);
                    break;
                case 0x2C:
                    images++;
                    var flags = gif[i + 9];
                    i += 10;
                    if ((flags & 0x80) != 0) i += 3 * (1 << ((flags & 7) + 1));
                    i += 1; // LZW minimum code size
                    i = SkipSubBlocks(gif, i);
                    break;
                default:
                    throw new InvalidDataException($"unexpected GIF block 0x{gif[i]:X2} at {i}");
            }
        }
        throw new InvalidDataException("the GIF has no trailer");
    }

    private static int SkipSubBlocks(byte[] gif, int i)
    {
        while (gif[i] != 0) i += gif[i] + 1;
        return i + 1;
    }
}
