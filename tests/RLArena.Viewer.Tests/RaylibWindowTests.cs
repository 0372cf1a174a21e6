using RLArena.Core.Errors;
using RLArena.Environments;
using RLArena.Environments.CartPole;
using RLArena.Environments.Scenes;
using RLArena.Viewer.Raylib;
using RLArena.Viewer.Rendering;
using RLArena.Viewer.Skia;

namespace RLArena.Viewer.Tests;

/// <summary>
/// One frame drawn through RLArena's raylib binding into an image, compared with the SkiaSharp recorder's picture
/// of the same scene. Needs a libraylib (found the way <c>rlarena watch</c> finds it) and a display (DISPLAY, or
/// Xvfb to start one); skipped with the reason where either is missing, as in CI.
/// </summary>
[NonParallelizable]
public class RaylibWindowTests
{
    [Test]
    public void A_frame_drawn_by_raylib_matches_the_recorders_picture()
    {
        using var host = WindowTestHost.Require("the window");
        var (api, why) = (host.Api, host.DisplayName);

        var env = EnvRegistry.Make("cartpole");
        env.Reset(2, new float[4]);
        ((CartPoleEnv)env.Unwrapped()).State = new CartPoleState(0.8, 0, -0.25, 0);
        var scene = env.Describe();
        var overlay = new OverlayState
        {
            Title = "cartpole", Episode = 3, Step = 42, Return = 42, LastAction = 1, ActionNames = ["left", "right"],
            Scores = [0.25f, 0.75f],
        };

        byte[] pixels;
        int width, height;
        using (var window = RaylibWindow.Open(api, "RLArena test", 600, 400, 60, antialias: false))
        {
            for (var i = 0; i < 3; i++) window.Draw(scene, overlay);
            pixels = window.DrawAndCapture(scene, overlay, out width, out height);
        }
        Assert.That((width, height), Is.EqualTo((600, 400)), $"window size under {why}");

        using var skia = new SkiaFrameRenderer(600, 400);
        skia.Render(scene, overlay);
        if (TestImages.KeepFolder is { } folder)
        {
            Directory.CreateDirectory(folder);
            skia.SavePng(Path.Combine(folder, "skia-cartpole.png"));
            SavePng(pixels, width, height, Path.Combine(folder, "raylib-cartpole.png"));
        }

        Rgba Raylib(int x, int y)
        {
            var o = (y * width + x) * 4;
            return new Rgba(pixels[o], pixels[o + 1], pixels[o + 2], pixels[o + 3]);
        }

        // The same points in both pictures, and overall agreement (text differs: the fonts are not the same).
        var same = 0;
        var total = 0;
        for (var y = 2; y < height; y += 4)
        for (var x = 2; x < width; x += 4)
        {
            total++;
            if (TestImages.Near(Raylib(x, y), skia.PixelAt(x, y), 24)) same++;
        }
        var layout = Layout.FrameLayout.For(600, 400, true, scene.Width / scene.Height);
        var box = Layout.Letterbox.Fit(scene.Width, scene.Height, layout.Scene);
        var (cx, cy) = CartPoleScene.CartCenter(0.8);
        var (ax, ay) = CartPoleScene.Axle(0.8);
        var (tx, ty) = CartPoleScene.PoleTip(0.8, -0.25);
        var points = new (string What, int X, int Y, Rgba Expected)[]
        {
            ("cart", (int)box.X(cx), (int)box.Y(cy + 0.1), CartPoleScene.CartColor),
            ("pole", (int)Math.Round(box.X(ax + 0.7 * (tx - ax))), (int)Math.Round(box.Y(ay + 0.7 * (ty - ay))), CartPoleScene.PoleColor),
            ("background", (int)box.X(1.0), (int)box.Y(1.0), CartPoleScene.Background),
            ("panel", 598, 398, Palette.PanelBackground),
        };
        Assert.Multiple(() =>
        {
            foreach (var p in points)
            {
                Assert.That(TestImages.Near(Raylib(p.X, p.Y), p.Expected), $"raylib {p.What} at ({p.X},{p.Y}): {TestImages.Describe(Raylib(p.X, p.Y))}");
                Assert.That(TestImages.Near(skia.PixelAt(p.X, p.Y), p.Expected), $"skia {p.What}");
            }
            Assert.That(same / (double)total, Is.GreaterThan(0.97), $"{same} of {total} sampled pixels agree");
        });
    }

    private static void SavePng(byte[] rgba, int width, int height, string path)
    {
        using var bitmap = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(width, height, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Unpremul));
        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}

/// <summary>The train --watch window: fed from another thread, it draws frames and closes cleanly.</summary>
[NonParallelizable]
public class LiveWatchTests
{
    [Test]
    public void Updates_from_the_trainers_thread_reach_the_window()
    {
        using var host = WindowTestHost.Require("the live window");
        var api = host.Api;

        var live = Watching.LiveWatch.Start(api, EnvRegistry.Make("cartpole"), "cartpole", 480, 320);
        var actor = new Acting.RandomActor(1);
        var spent = System.Diagnostics.Stopwatch.StartNew();
        for (var update = 1; update <= 5; update++)
        {
            live.Update(actor, $"update {update}");
            Thread.Sleep(200);
        }
        live.Dispose();
        Assert.That(live.Stats!.Frames, Is.GreaterThan(20), live.Summary());
        Assert.That(live.TimeInUpdates, Is.LessThan(spent.Elapsed / 2), "the trainer's thread only plays steps; the window draws");
    }
}
