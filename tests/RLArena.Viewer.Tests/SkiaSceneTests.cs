using RLArena.Environments;
using RLArena.Environments.CartPole;
using RLArena.Environments.GridWorld;
using RLArena.Environments.Scenes;
using RLArena.Viewer.Layout;
using RLArena.Viewer.Rendering;
using RLArena.Viewer.Skia;

namespace RLArena.Viewer.Tests;

public class SkiaSceneTests
{
    private static readonly Rgba White = new(255, 255, 255);
    private static readonly Rgba Red = new(220, 30, 30);
    private static readonly Rgba Blue = new(30, 60, 220);

    [Test]
    public void Hand_built_scene_lands_where_the_letterbox_puts_it()
    {
        // World 10 x 5 in 600 x 400: scale 60, bars of 50 px above and below.
        var scene = new Scene(10, 5, White)
            .Add(new RectanglePrimitive(1, 1, 2, 1, Red))
            .Add(new CirclePrimitive(7, 3, 1, Blue))
            .Add(new LinePrimitive(0, 4.5, 10, 4.5, 0.2, Red));
        using var renderer = new SkiaFrameRenderer(600, 400);
        renderer.Render(scene);
        Keep(renderer, "hand-built");

        Assert.Multiple(() =>
        {
            Assert.That(renderer.PixelAt(120, 110), Is.EqualTo(Red), "inside the rectangle (world 2, 1.5)");
            Assert.That(renderer.PixelAt(300, 110), Is.EqualTo(White), "right of the rectangle");
            Assert.That(renderer.PixelAt(420, 230), Is.EqualTo(Blue), "the circle's centre (world 7, 3)");
            Assert.That(renderer.PixelAt(420 + 50, 230), Is.EqualTo(Blue), "inside its radius (60 px)");
            Assert.That(renderer.PixelAt(420 + 65, 230), Is.EqualTo(White), "outside its radius");
            Assert.That(renderer.PixelAt(300, 320), Is.EqualTo(Red), "on the line (world y 4.5)");
            Assert.That(renderer.PixelAt(300, 20), Is.EqualTo(Palette.Letterbox), "the letterbox bar above the world");
            Assert.That(renderer.PixelAt(300, 390), Is.EqualTo(Palette.Letterbox), "the letterbox bar below the world");
        });
    }

    [Test]
    public void Rotated_rectangles_turn_clockwise_about_their_centre()
    {
        // A 4 x 0.4 bar centred at (5, 5), turned +90 degrees, becomes vertical.
        var scene = new Scene(10, 10, White).Add(new RectanglePrimitive(3, 4.8, 4, 0.4, Red, Math.PI / 2));
        using var renderer = new SkiaFrameRenderer(400, 400);
        renderer.Render(scene);
        Assert.That(renderer.PixelAt(200, 200 - 60), Is.EqualTo(Red), "above the centre");
        Assert.That(renderer.PixelAt(200 + 60, 200), Is.EqualTo(White), "where the unrotated bar was");

        // +45 degrees, clockwise on screen (y down): the right end goes down.
        scene = new Scene(10, 10, White).Add(new RectanglePrimitive(3, 4.8, 4, 0.4, Red, Math.PI / 4));
        renderer.Render(scene);
        Assert.That(renderer.PixelAt(200 + 50, 200 + 50), Is.EqualTo(Red), "down-right of the centre");
        Assert.That(renderer.PixelAt(200 + 50, 200 - 50), Is.EqualTo(White), "up-right stays empty");
    }

    [Test]
    public void Primitives_outside_the_world_are_clipped_to_it()
    {
        var scene = new Scene(10, 5, White).Add(new RectanglePrimitive(-5, -5, 30, 30, Red));
        using var renderer = new SkiaFrameRenderer(600, 400);
        renderer.Render(scene);
        Assert.That(renderer.PixelAt(300, 200), Is.EqualTo(Red));
        Assert.That(renderer.PixelAt(300, 10), Is.EqualTo(Palette.Letterbox));
    }

    [TestCase(0.0, 0.0)]
    [TestCase(1.2, 0.15)]
    [TestCase(-1.8, -0.2)]
    public void The_cart_is_where_the_state_puts_it_and_the_pole_at_its_angle(double x, double theta)
    {
        var env = new CartPoleEnv();
        env.Reset(1, new float[4]);
        env.State = new CartPoleState(x, 0, theta, 0);
        var scene = env.Describe();
        using var renderer = new SkiaFrameRenderer(600, 400);
        renderer.Render(scene);
        Keep(renderer, $"cartpole-{x}-{theta}");
        var box = Letterbox.Fit(scene.Width, scene.Height, FrameLayout.For(600, 400, false).Scene);

        var (cx, cy) = CartPoleScene.CartCenter(x);
        // Below the axle disc but inside the cart body.
        var cart = renderer.PixelAt((int)box.X(cx), (int)box.Y(cy + CartPoleScene.CartHeight * 0.3));
        Assert.That(TestImages.Near(cart, CartPoleScene.CartColor), $"cart body at x={x}: {TestImages.Describe(cart)}");
        var beside = renderer.PixelAt((int)box.X(cx + CartPoleScene.CartWidth), (int)box.Y(cy + CartPoleScene.CartHeight * 0.3));
        Assert.That(TestImages.Near(beside, CartPoleScene.Background), "beside the cart is background");

        // Three quarters up the pole, along the state's angle.
        var (ax, ay) = CartPoleScene.Axle(x);
        var (tx, ty) = CartPoleScene.PoleTip(x, theta);
        var px = ax + 0.75 * (tx - ax);
        var py = ay + 0.75 * (ty - ay);
        var pole = renderer.PixelAt((int)Math.Round(box.X(px)), (int)Math.Round(box.Y(py)));
        Assert.That(TestImages.Near(pole, CartPoleScene.PoleColor), $"pole at angle {theta}: {TestImages.Describe(pole)}");

        // Where an upright pole would be (when the state leans it), there is nothing.
        if (Math.Abs(theta) > 0.1)
        {
            var upright = renderer.PixelAt((int)box.X(ax), (int)box.Y(ay - 0.75 * CartPoleScene.PoleLength));
            Assert.That(TestImages.Near(upright, CartPoleScene.Background), "no pole where an upright one would be");
        }
    }

    [Test]
    public void Grid_goals_and_agent_are_in_their_cells_with_their_colours()
    {
        var env = (GridWorldEnv)EnvRegistry.Make("gridworld:size=6");
        env.Reset(3, new float[env.ObservationSpace.Size]);
        env.Layout = new GridWorldLayout(new GridCell(1, 4), GoalColor.Green, [new GridCell(4, 1)], [new GridCell(0, 0)]);
        var scene = env.Describe();
        using var renderer = new SkiaFrameRenderer(480, 560);
        renderer.Render(scene);
        Keep(renderer, "gridworld");
        var box = Letterbox.Fit(scene.Width, scene.Height, new ScreenRect(0, 0, 480, 560));

        Rgba At(double wx, double wy) => renderer.PixelAt((int)box.X(wx), (int)box.Y(wy));
        var (gx, gy) = GridWorldScene.CellCenter(new GridCell(4, 1));
        var (rx, ry) = GridWorldScene.CellCenter(new GridCell(0, 0));
        var (ax, ay) = GridWorldScene.CellCenter(new GridCell(1, 4));
        Assert.Multiple(() =>
        {
            Assert.That(TestImages.Near(At(gx, gy), GridWorldScene.GreenColor), $"green goal: {TestImages.Describe(At(gx, gy))}");
            Assert.That(TestImages.Near(At(rx, ry), GridWorldScene.RedColor), $"red goal: {TestImages.Describe(At(rx, ry))}");
            Assert.That(TestImages.Near(At(ax, ay), GridWorldScene.AgentColor), $"agent: {TestImages.Describe(At(ax, ay))}");
            Assert.That(TestImages.Near(At(ax + 0.31, ay), GridWorldScene.GreenColor), "the agent's ring shows its goal colour");
            var empty = At(GridWorldScene.CellCenter(new GridCell(3, 3)).X, GridWorldScene.CellCenter(new GridCell(3, 3)).Y);
            Assert.That(TestImages.Near(empty, GridWorldScene.CellLight) || TestImages.Near(empty, GridWorldScene.CellDark), "an empty cell");
        });
    }

    [Test]
    public void Sixteen_by_sixteen_grid_with_panel_draws_every_cell()
    {
        var env = (GridWorldEnv)EnvRegistry.Make("gridworld:size=16,goals=3");
        env.Reset(5, new float[env.ObservationSpace.Size]);
        var scene = env.Describe();
        using var renderer = new SkiaFrameRenderer(600, 400);
        var overlay = new OverlayState { Title = env.Id, Episode = 1, Scores = [0.1f, 0.2f, 0.3f, 0.4f, 0f], Mask = [true, true, true, true, false], ActionNames = ["stay", "up", "down", "left", "right"], LastAction = 3 };
        renderer.Render(scene, overlay);
        Keep(renderer, "gridworld16-panel");
        var layout = FrameLayout.For(600, 400, true, scene.Width / scene.Height);
        var box = Letterbox.Fit(scene.Width, scene.Height, layout.Scene);
        Assert.That(box.Length(1), Is.GreaterThan(20), "cells stay over 20 px at 600 x 400");
        var layoutNow = env.Layout;
        for (var y = 0; y < 16; y++)
        for (var x = 0; x < 16; x++)
        {
            var cell = new GridCell(x, y);
            if (cell == layoutNow.Agent || layoutNow.GreenGoals.Contains(cell) || layoutNow.RedGoals.Contains(cell)) continue;
            var corner = GridWorldScene.CellOrigin(cell);
            var p = renderer.PixelAt((int)box.X(corner.X + 0.15), (int)box.Y(corner.Y + 0.15));
            Assert.That(TestImages.Near(p, GridWorldScene.CellLight) || TestImages.Near(p, GridWorldScene.CellDark), $"cell {cell}: {TestImages.Describe(p)}");
        }
        var panel = layout.Panel!.Value;
        Assert.That(renderer.PixelAt((int)panel.Right - 3, (int)panel.Bottom - 3), Is.EqualTo(Palette.PanelBackground));
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
