using RLArena.Environments.Scenes;

namespace RLArena.Viewer.Rendering;

/// <summary>The viewer's own colours (the scenes bring theirs): one palette for the window and the recorder.</summary>
public static class Palette
{
    /// <summary>The strips around the scene.</summary>
    public static readonly Rgba Letterbox = new(24, 26, 31);
    /// <summary>The panel's background.</summary>
    public static readonly Rgba PanelBackground = new(36, 39, 46);
    /// <summary>The panel's text.</summary>
    public static readonly Rgba PanelText = new(232, 234, 238);
    /// <summary>The panel's secondary text.</summary>
    public static readonly Rgba PanelMutedText = new(150, 156, 168);
    /// <summary>An action bar's empty track.</summary>
    public static readonly Rgba BarTrack = new(58, 63, 74);
    /// <summary>An action bar.</summary>
    public static readonly Rgba Bar = new(86, 156, 214);
    /// <summary>The bar of the action taken.</summary>
    public static readonly Rgba BarChosen = new(236, 164, 72);
    /// <summary>The bar of a masked action.</summary>
    public static readonly Rgba BarMasked = new(90, 90, 96);
    /// <summary>Positive rewards.</summary>
    public static readonly Rgba Positive = new(112, 196, 120);
    /// <summary>Negative rewards.</summary>
    public static readonly Rgba Negative = new(230, 104, 96);

    /// <summary>Every palette colour (the GIF palette starts with them).</summary>
    public static IReadOnlyList<Rgba> All { get; } =
        [Letterbox, PanelBackground, PanelText, PanelMutedText, BarTrack, Bar, BarChosen, BarMasked, Positive, Negative];
}
