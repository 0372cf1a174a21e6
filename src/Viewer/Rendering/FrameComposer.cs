using RLArena.Environments.Scenes;
using RLArena.Viewer.Layout;

namespace RLArena.Viewer.Rendering;

/// <summary>Draws one whole frame (scene and optional panel) on any canvas: the single drawing path both renderers use.</summary>
public static class FrameComposer
{
    /// <summary>Draws one frame: the letterboxed scene and, when given, the panel; returns the layout used.</summary>
    /// <param name="canvas">Where to draw.</param>
    /// <param name="width">Frame width in pixels.</param>
    /// <param name="height">Frame height in pixels.</param>
    /// <param name="scene">The scene.</param>
    /// <param name="overlay">What the panel shows, or null for no panel.</param>
    public static FrameLayout Draw(ICanvas canvas, int width, int height, Scene scene, OverlayState? overlay)
    {
        var layout = FrameLayout.For(width, height, overlay is not null, scene.Width / scene.Height);
        canvas.Clear(Palette.Letterbox);
        SceneDrawer.Draw(canvas, scene, layout.Scene);
        if (overlay is not null && layout.Panel is { } panel) OverlayDrawer.Draw(canvas, overlay, panel, layout.TextScale);
        return layout;
    }
}
