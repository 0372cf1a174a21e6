using RLArena.Environments.Acrobot;
using RLArena.Environments.MountainCar;
using RLArena.Viewer.Layout;
using RLArena.Viewer.Skia;

namespace RLArena.Viewer.Tests;

/// <summary>MountainCar's and Acrobot's scenes drawn by the Skia renderer: the parts land where the state puts them.</summary>
public class ClassicControlSceneTests
{
    [TestCase(-1.1)]
    [TestCase(-0.5)]
    [TestCase(0.3)]
    public void The_car_sits_on_the_hill_at_its_position_and_the_flag_is_at_the_goal(double position)
    {
        var env = new MountainCarEnv();
        env.Reset(1, new float[2]);
        env.State = new MountainCarState(position, 0);
        var scene = env.Describe();
        using var renderer = new SkiaFrameRenderer(600, 400);
        renderer.Render(scene);
        Keep(renderer, $"mountaincar-{position}");
        var box = Letterbox.Fit(scene.Width, scene.Height, FrameLayout.For(600, 400, false).Scene);

        var (cx, cy) = MountainCarScene.CarCenter(position);
        var car = renderer.PixelAt((int)Math.Round(box.X(cx)), (int)Math.Round(box.Y(cy)));
        Assert.That(TestImages.Near(car, MountainCarScene.CarColor), $"car body at {position}: {TestImages.Describe(car)}");
        var (sx, sy) = MountainCarScene.Surface(position);
        var below = renderer.PixelAt((int)Math.Round(box.X(sx)), (int)Math.Round(box.Y(sy + 0.1)));
        Assert.That(TestImages.Near(below, MountainCarScene.Background), $"under the hill is background: {TestImages.Describe(below)}");

        var (fx, fy) = MountainCarScene.Surface(MountainCarPhysics.GoalPosition);
        var flag = renderer.PixelAt((int)Math.Round(box.X(fx + 0.035)), (int)Math.Round(box.Y(fy - MountainCarScene.FlagHeight + 0.0175)));
        Assert.That(TestImages.Near(flag, MountainCarScene.FlagColor), $"flag: {TestImages.Describe(flag)}");
    }

    [TestCase(0.0, 0.0)]
    [TestCase(0.8, -1.5)]
    [TestCase(-2.5, 2.0)]
    public void Both_links_are_drawn_at_the_states_angles(double theta1, double theta2)
    {
        var env = new AcrobotEnv();
        env.Reset(1, new float[6]);
        var state = new AcrobotState(theta1, theta2, 0, 0);
        env.State = state;
        var scene = env.Describe();
        using var renderer = new SkiaFrameRenderer(500, 500);
        renderer.Render(scene);
        Keep(renderer, $"acrobot-{theta1}-{theta2}");
        var box = Letterbox.Fit(scene.Width, scene.Height, FrameLayout.For(500, 500, false).Scene);

        var (ex, ey) = AcrobotScene.Elbow(state);
        var (tx, ty) = AcrobotScene.Tip(state);
        foreach (var (x, y, what) in new[]
                 {
                     (AcrobotScene.PivotX + 0.6 * (ex - AcrobotScene.PivotX), AcrobotScene.PivotY + 0.6 * (ey - AcrobotScene.PivotY), "link 1"),
                     (ex + 0.6 * (tx - ex), ey + 0.6 * (ty - ey), "link 2"),
                 })
        {
            var pixel = renderer.PixelAt((int)Math.Round(box.X(x)), (int)Math.Round(box.Y(y)));
            Assert.That(TestImages.Near(pixel, AcrobotScene.LinkColor), $"{what}: {TestImages.Describe(pixel)}");
        }
        var pivot = renderer.PixelAt((int)Math.Round(box.X(AcrobotScene.PivotX)), (int)Math.Round(box.Y(AcrobotScene.PivotY)));
        Assert.That(TestImages.Near(pivot, AcrobotScene.JointColor), $"pivot: {TestImages.Describe(pivot)}");
    }

    private static void Keep(SkiaFrameRenderer renderer, string name)
    {
        if (TestImages.KeepFolder is { } folder)
        {
            Directory.CreateDirectory(folder);
            renderer.SavePng(Path.Combine(folder, name + ".png"));
        }
    }
}
