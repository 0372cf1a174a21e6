using RLArena.Viewer.Layout;

namespace RLArena.Viewer.Tests;

public class LayoutTests
{
    [Test]
    public void Letterbox_keeps_the_aspect_and_centres_the_world()
    {
        // A 6 x 2 world in a 600 x 400 region: width-limited, scale 100, 100 px bars above and below.
        var box = Letterbox.Fit(6, 2, new ScreenRect(0, 0, 600, 400));
        Assert.That(box.Scale, Is.EqualTo(100).Within(1e-9));
        Assert.That(box.World, Is.EqualTo(new ScreenRect(0, 100, 600, 200)));
        Assert.That(box.X(3), Is.EqualTo(300f));
        Assert.That(box.Y(2), Is.EqualTo(300f));

        // A square world in a wide region: height-limited, bars left and right.
        var square = Letterbox.Fit(5, 5, new ScreenRect(10, 0, 800, 400));
        Assert.That(square.World, Is.EqualTo(new ScreenRect(210, 0, 400, 400)));
        Assert.That(square.World.Width / square.World.Height, Is.EqualTo(1.0).Within(1e-12));
    }

    [TestCase(600, 400)]
    [TestCase(1920, 1080)]
    [TestCase(333, 777)]
    public void Resizing_never_changes_the_scenes_aspect(int width, int height)
    {
        foreach (var aspect in new[] { 6.0 / 2.2, 16.0 / 17.0, 1.0 })
        {
            var layout = FrameLayout.For(width, height, withPanel: true, aspect);
            var box = Letterbox.Fit(aspect, 1, layout.Scene);
            Assert.That(box.World.Width / box.World.Height, Is.EqualTo(aspect).Within(1e-9));
            Assert.That(box.World.X, Is.GreaterThanOrEqualTo(layout.Scene.X - 1e-9));
            Assert.That(box.World.Right, Is.LessThanOrEqualTo(layout.Scene.Right + 1e-9));
            Assert.That(box.World.Bottom, Is.LessThanOrEqualTo(layout.Scene.Bottom + 1e-9));
        }
    }

    [Test]
    public void The_panel_goes_where_it_leaves_the_scene_bigger()
    {
        var wide = FrameLayout.For(600, 400, withPanel: true, sceneAspect: 6.0 / 2.2);
        Assert.That(wide.Panel!.Value.Y, Is.GreaterThan(0), "a wide cart-pole gets a bottom panel");
        Assert.That(wide.Scene.Width, Is.EqualTo(600));

        var tall = FrameLayout.For(600, 400, withPanel: true, sceneAspect: 5.0 / 6.0);
        Assert.That(tall.Panel!.Value.X, Is.GreaterThan(0), "a tall grid gets a side panel");
        Assert.That(tall.Scene.Height, Is.EqualTo(400));

        var none = FrameLayout.For(600, 400, withPanel: false);
        Assert.That(none.Panel, Is.Null);
        Assert.That(none.Scene, Is.EqualTo(new ScreenRect(0, 0, 600, 400)));
    }
}
