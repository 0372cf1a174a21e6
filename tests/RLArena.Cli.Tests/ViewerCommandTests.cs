namespace RLArena.Cli.Tests;

/// <summary>rlarena watch / play: flag errors, the missing-libraylib error, and a headless recording end to end.</summary>
[NonParallelizable]
public class ViewerCommandTests
{
    private static (int Code, string Output) Run(params string[] args) => RecordingCli.Run(400, args);

    [TestCase("watch")]
    [TestCase("watch", "--random")]
    [TestCase("watch", "--random", "--env", "cartpole", "--checkpoint", "x.ckpt")]
    [TestCase("watch", "--random", "--env", "cartpole", "--record", "out.avi")]
    [TestCase("watch", "--random", "--env", "cartpole", "--fps", "10")]
    [TestCase("watch", "--random", "--env", "nosuchenv", "--record", "frames/")]
    [TestCase("play")]
    [TestCase("play", "--env", "cartpole", "--size", "huge")]
    public void Bad_watch_and_play_flags_are_usage_errors(params string[] args)
    {
        var (code, output) = Run(args);
        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(output, Does.StartWith("rlarena: error:"));
        Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void A_raylib_setting_that_points_at_nothing_is_one_line_naming_it_and_the_way_out()
    {
        var missing = Path.Combine(Path.GetTempPath(), "rlarena-no-such-dir", "libraylib.so");
        var (code, output) = Run("play", "--env", "gridworld", "--raylib", missing);
        Assert.That(code, Is.EqualTo(1), output);
        // One message (the console may wrap it at its width).
        var first = System.Text.RegularExpressions.Regex.Replace(output.Split("Usage:")[0], @"\s+", " ");
        Assert.That(first, Does.StartWith($"rlarena: error: --raylib {missing} does not point at a libraylib"));
        Assert.That(first, Does.Contain("--record out.gif|out.mp4|frames/ works without raylib"));
    }

    [Test]
    public void Watch_records_a_random_gridworld_episode_to_png_frames_without_a_window()
    {
        var folder = Path.Combine(Path.GetTempPath(), "rlarena-cli-record-" + Guid.NewGuid().ToString("N")[..8]) + "/";
        var (code, output) = Run("watch", "--random", "--env", "gridworld:size=4", "--record", folder, "--size", "320x200", "--seed", "3");
        Assert.That(code, Is.EqualTo(0), output);
        var frames = Directory.GetFiles(folder, "frame_*.png");
        Assert.That(frames.Length, Is.GreaterThan(1), "the first frame and one per step");
        using var first = SkiaSharp.SKBitmap.Decode(frames.Order().First());
        Assert.That((first.Width, first.Height), Is.EqualTo((320, 200)));
    }
}
