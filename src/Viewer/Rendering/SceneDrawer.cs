using RLArena.Environments.Scenes;
using RLArena.Viewer.Layout;

namespace RLArena.Viewer.Rendering;

/// <summary>Draws a <see cref="Scene"/> into a screen region through the shared <see cref="Letterbox"/> transform.</summary>
public static class SceneDrawer
{
    /// <summary>Draws <paramref name="scene"/> letterboxed into <paramref name="region"/> and returns the transform used.</summary>
    /// <param name="canvas">Where to draw.</param>
    /// <param name="scene">The scene.</param>
    /// <param name="region">The screen region it fills.</param>
    public static Letterbox Draw(ICanvas canvas, Scene scene, ScreenRect region)
    {
        var box = Letterbox.Fit(scene.Width, scene.Height, region);
        var world = box.World;
        canvas.FillRectangle((float)world.X, (float)world.Y, (float)world.Width, (float)world.Height, 0, scene.Background);
        foreach (var primitive in scene.Primitives)
        {
            switch (primitive)
            {
                case RectanglePrimitive r:
                    canvas.FillRectangle(box.X(r.X), box.Y(r.Y), box.Length(r.Width), box.Length(r.Height), (float)r.Rotation, r.Color);
                    break;
                case CirclePrimitive c:
                    canvas.FillCircle(box.X(c.CenterX), box.Y(c.CenterY), box.Length(c.Radius), c.Color);
                    break;
                case LinePrimitive l:
                    canvas.Line(box.X(l.X1), box.Y(l.Y1), box.X(l.X2), box.Y(l.Y2), Math.Max(1f, box.Length(l.Thickness)), l.Color);
                    break;
                case TextPrimitive t:
                    canvas.Text(t.Text, box.X(t.X), box.Y(t.Y), box.Length(t.Size), t.Color);
                    break;
                default:
                    throw new NotSupportedException($"the viewer cannot draw a {primitive.GetType().Name}.");
            }
        }
        CoverOutside(canvas, region, world);
        return box;
    }

    /// <summary>Repaints the letterbox strips so primitives that leave the world (a cart driven off screen) are clipped.</summary>
    private static void CoverOutside(ICanvas canvas, ScreenRect region, ScreenRect world)
    {
        var c = Palette.Letterbox;
        if (world.X > region.X) canvas.FillRectangle((float)region.X, (float)region.Y, (float)(world.X - region.X), (float)region.Height, 0, c);
        if (world.Right < region.Right) canvas.FillRectangle((float)world.Right, (float)region.Y, (float)(region.Right - world.Right), (float)region.Height, 0, c);
        if (world.Y > region.Y) canvas.FillRectangle((float)region.X, (float)region.Y, (float)region.Width, (float)(world.Y - region.Y), 0, c);
        if (world.Bottom < region.Bottom) canvas.FillRectangle((float)region.X, (float)world.Bottom, (float)region.Width, (float)(region.Bottom - world.Bottom), 0, c);
    }
}
