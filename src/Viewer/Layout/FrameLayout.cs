namespace RLArena.Viewer.Layout;

/// <summary>
/// How a frame of <c>width × height</c> pixels is split: the scene on the left, and (when there is an overlay) a
/// panel on the right for the episode counters and the action bars. Shared by the window and the recorder so both
/// give the same picture.
/// </summary>
public readonly record struct FrameLayout(ScreenRect Scene, ScreenRect? Panel, double TextScale)
{
    /// <summary>The panel's width at the reference height of 400 pixels.</summary>
    public const double PanelWidthAt400 = 180;

    public static FrameLayout For(int width, int height, bool withPanel)
    {
        if (width <= 0 || height <= 0) throw new ArgumentException($"a frame must have a positive size, not {width} x {height}.");
        var textScale = Math.Clamp(Math.Min(height / 400.0, width / 600.0), 0.6, 2.5);
        if (!withPanel) return new FrameLayout(new ScreenRect(0, 0, width, height), null, textScale);
        var panelWidth = Math.Min(PanelWidthAt400 * textScale, width * 0.45);
        var scene = new ScreenRect(0, 0, width - panelWidth, height);
        return new FrameLayout(scene, new ScreenRect(width - panelWidth, 0, panelWidth, height), textScale);
    }
}
