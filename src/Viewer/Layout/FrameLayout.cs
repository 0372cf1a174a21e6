namespace RLArena.Viewer.Layout;

/// <summary>
/// How a frame of <c>width × height</c> pixels is split between the scene and (when there is an overlay) the panel
/// for the episode counters and the action bars: the panel goes on the right or along the bottom, whichever leaves
/// the scene bigger (a tall grid gets a side panel, the wide cart-pole a bottom one). Shared by the window and the
/// recorder so both give the same picture.
/// </summary>
public readonly record struct FrameLayout(ScreenRect Scene, ScreenRect? Panel, double TextScale)
{
    /// <summary>The side panel's width and the bottom panel's height at the reference frame of 600 × 400 pixels.</summary>
    public const double SidePanelWidth = 180;
    /// <summary>The bottom panel's height at the reference frame (pixels).</summary>
    public const double BottomPanelHeight = 150;

    /// <summary>The layout of a <paramref name="width"/> × <paramref name="height"/> frame.</summary>
    /// <param name="width">Frame width in pixels.</param>
    /// <param name="height">Frame height in pixels.</param>
    /// <param name="withPanel">Whether the frame has the panel.</param>
    /// <param name="sceneAspect">The scene's width / height, to choose where the panel goes.</param>
    public static FrameLayout For(int width, int height, bool withPanel, double sceneAspect = 1.0)
    {
        if (width <= 0 || height <= 0) throw new ArgumentException($"a frame must have a positive size, not {width} x {height}.");
        var textScale = Math.Clamp(Math.Min(height / 400.0, width / 600.0), 0.6, 2.5);
        if (!withPanel) return new FrameLayout(new ScreenRect(0, 0, width, height), null, textScale);

        var sideWidth = Math.Min(SidePanelWidth * textScale, width * 0.45);
        var bottomHeight = Math.Min(BottomPanelHeight * textScale, height * 0.5);
        var sideScale = Math.Min((width - sideWidth) / sceneAspect, height);
        var bottomScale = Math.Min(width / sceneAspect, height - bottomHeight);
        if (bottomScale > sideScale)
            return new FrameLayout(new ScreenRect(0, 0, width, height - bottomHeight),
                new ScreenRect(0, height - bottomHeight, width, bottomHeight), textScale);
        return new FrameLayout(new ScreenRect(0, 0, width - sideWidth, height),
            new ScreenRect(width - sideWidth, 0, sideWidth, height), textScale);
    }
}
