using RLArena.Environments.Scenes;

namespace RLArena.Viewer.Rendering;

/// <summary>The viewer's own colours (the scenes bring theirs): one palette for the window and the recorder.</summary>
public static class Palette
{
    public static readonly Rgba Letterbox = new(24, 26, 31);
    public static readonly Rgba PanelBackground = new(36, 39, 46);
    public static readonly Rgba PanelText = new(232, 234, 238);
    public static readonly Rgba PanelMutedText = new(150, 156, 168);
    public static readonly Rgba BarTrack = new(58, 63, 74);
    public static readonly Rgba Bar = new(86, 156, 214);
    public static readonly Rgba BarChosen = new(236, 164, 72);
    public static readonly Rgba BarMasked = new(90, 90, 96);
    public static readonly Rgba Positive = new(112, 196, 120);
    public static readonly Rgba Negative = new(230, 104, 96);

    public static IReadOnlyList<Rgba> All { get; } =
        [Letterbox, PanelBackground, PanelText, PanelMutedText, BarTrack, Bar, BarChosen, BarMasked, Positive, Negative];
}
