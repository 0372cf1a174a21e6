namespace RLArena.Viewer.Layout;

/// <summary>
/// The world→screen transform both renderers share: the scene's world (origin top-left, y down) scaled uniformly
/// to fit a screen region and centred in it, so the scene keeps its aspect ratio at any surface size; the unused
/// strips either side (or above and below) are the letterbox.
/// </summary>
public readonly record struct Letterbox(double Scale, double OffsetX, double OffsetY, ScreenRect Region, ScreenRect World)
{
    /// <summary>Fits a world of <paramref name="worldWidth"/> × <paramref name="worldHeight"/> into <paramref name="region"/>.</summary>
    public static Letterbox Fit(double worldWidth, double worldHeight, ScreenRect region)
    {
        if (!(worldWidth > 0) || !(worldHeight > 0))
            throw new ArgumentException($"a scene's world must have a positive size, not {worldWidth} x {worldHeight}.");
        var scale = Math.Max(0, Math.Min(region.Width / worldWidth, region.Height / worldHeight));
        var width = worldWidth * scale;
        var height = worldHeight * scale;
        var offsetX = region.X + (region.Width - width) / 2;
        var offsetY = region.Y + (region.Height - height) / 2;
        return new Letterbox(scale, offsetX, offsetY, region, new ScreenRect(offsetX, offsetY, width, height));
    }

    /// <summary>The screen x of world x.</summary>
    /// <param name="worldX">A world x.</param>
    public float X(double worldX) => (float)(OffsetX + worldX * Scale);

    /// <summary>The screen y of world y.</summary>
    /// <param name="worldY">A world y.</param>
    public float Y(double worldY) => (float)(OffsetY + worldY * Scale);

    /// <summary>A world length in pixels.</summary>
    /// <param name="worldLength">A world length.</param>
    public float Length(double worldLength) => (float)(worldLength * Scale);
}

/// <summary>A rectangle on the drawing surface, in pixels.</summary>
public readonly record struct ScreenRect(double X, double Y, double Width, double Height)
{
    /// <summary>X + Width.</summary>
    public double Right => X + Width;
    /// <summary>Y + Height.</summary>
    public double Bottom => Y + Height;
}
