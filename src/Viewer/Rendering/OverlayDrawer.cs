using System.Globalization;
using RLArena.Viewer.Layout;

namespace RLArena.Viewer.Rendering;

/// <summary>
/// Draws the panel: episode, step, return, the action taken and the policy's scores as bars. A side panel is one
/// column; a bottom panel puts the counters on the left and the bars on the right.
/// </summary>
public static class OverlayDrawer
{
    public static void Draw(ICanvas canvas, OverlayState state, ScreenRect panel, double textScale)
    {
        canvas.FillRectangle((float)panel.X, (float)panel.Y, (float)panel.Width, (float)panel.Height, 0, Palette.PanelBackground);
        var style = new Style((float)(14 * textScale), (float)(11 * textScale), (float)(10 * textScale));
        var wide = panel.Width > panel.Height * 1.5;
        var counters = wide ? panel with { Width = Math.Min(panel.Width * 0.42, 260 * textScale) } : panel;
        var y = DrawCounters(canvas, state, counters, style);

        var barsArea = wide ? new ScreenRect(counters.Right, panel.Y, panel.Right - counters.Right, panel.Height) : panel with { Y = y, Height = panel.Bottom - y };
        var x = (float)barsArea.X + style.Pad;
        var barsY = (float)barsArea.Y + style.Pad;
        if (state.Scores.Count > 0)
        {
            canvas.Text(state.ScoreLabel == "probability" ? "action probabilities" : state.ScoreLabel + "s", x, barsY, style.Small, Palette.PanelMutedText);
            barsY += style.Small * 1.5f;
            DrawBars(canvas, state, x, ref barsY, (float)barsArea.Width - 2 * style.Pad, style.Small);
        }

        var footerY = (float)panel.Bottom - style.Pad - state.Footer.Count * style.Small * 1.4f;
        foreach (var text in state.Footer)
        {
            canvas.Text(text, x, Math.Max(barsY, footerY), style.Small, Palette.PanelMutedText);
            footerY += style.Small * 1.4f;
        }
    }

    private readonly record struct Style(float Size, float Small, float Pad)
    {
        public float Line => Size * 1.45f;
    }

    /// <summary>Draws the title and counters; returns the y below them.</summary>
    private static float DrawCounters(ICanvas canvas, OverlayState state, ScreenRect area, Style style)
    {
        var x = (float)area.X + style.Pad;
        var y = (float)area.Y + style.Pad;
        canvas.Text(Fit(canvas, state.Title, style.Size, (float)area.Width - 2 * style.Pad), x, y, style.Size, Palette.PanelText);
        y += style.Line * 1.2f;
        Row(canvas, "episode", state.Episode.ToString(CultureInfo.InvariantCulture), ref y, area, style);
        Row(canvas, "step", state.Step.ToString(CultureInfo.InvariantCulture), ref y, area, style);
        Row(canvas, "return", Format(state.Return), ref y, area, style);
        if (state.LastReward is { } reward) Row(canvas, "reward", Format(reward), ref y, area, style);
        Row(canvas, "action", state.LastActionText ?? (state.LastAction is { } a ? state.ActionName(a) : "-"), ref y, area, style);
        return y + style.Line * 0.3f;
    }

    private static void Row(ICanvas canvas, string name, string value, ref float y, ScreenRect area, Style style)
    {
        canvas.Text(name, (float)area.X + style.Pad, y, style.Size, Palette.PanelMutedText);
        var valueX = (float)area.Right - style.Pad - canvas.MeasureText(value, style.Size);
        canvas.Text(value, valueX, y, style.Size, Palette.PanelText);
        y += style.Line;
    }

    private static void DrawBars(ICanvas canvas, OverlayState state, float x, ref float y, float width, float size)
    {
        var scores = state.Scores;
        float low = 0, high = 1;
        if (state.ScoreLabel != "probability")
        {
            low = float.PositiveInfinity;
            high = float.NegativeInfinity;
            for (var i = 0; i < scores.Count; i++)
            {
                if (!Allowed(state, i) || !float.IsFinite(scores[i])) continue;
                low = Math.Min(low, scores[i]);
                high = Math.Max(high, scores[i]);
            }
            if (!float.IsFinite(low)) { low = 0; high = 1; }
            // Leave a sliver for the lowest value so every allowed bar shows.
            var span = high - low;
            low -= span > 0 ? span * 0.1f : 1;
        }

        var labelWidth = 0f;
        for (var i = 0; i < scores.Count; i++) labelWidth = Math.Max(labelWidth, canvas.MeasureText(state.ActionName(i), size));
        var valueWidth = canvas.MeasureText("masked", size);
        var barX = x + labelWidth + size * 0.6f;
        var barWidth = Math.Max(4, width - (barX - x) - valueWidth - size * 0.5f);
        var barHeight = size * 1.1f;
        for (var i = 0; i < scores.Count; i++)
        {
            var allowed = Allowed(state, i);
            var score = scores[i];
            var fraction = allowed && float.IsFinite(score) ? Math.Clamp((score - low) / (high - low), 0, 1) : 0;
            var textY = y + (barHeight - size) / 2;
            canvas.Text(state.ActionName(i), x, textY, size, allowed ? Palette.PanelText : Palette.PanelMutedText);
            canvas.FillRectangle(barX, y, barWidth, barHeight, 0, Palette.BarTrack);
            var colour = !allowed ? Palette.BarMasked : state.LastAction == i ? Palette.BarChosen : Palette.Bar;
            if (fraction > 0) canvas.FillRectangle(barX, y, barWidth * fraction, barHeight, 0, colour);
            var value = allowed ? score.ToString("0.00", CultureInfo.InvariantCulture) : "masked";
            canvas.Text(value, barX + barWidth + size * 0.5f, textY, size, allowed ? Palette.PanelText : Palette.PanelMutedText);
            y += barHeight + size * 0.45f;
        }
    }

    /// <summary><paramref name="text"/>, shortened with "..." until it fits in <paramref name="width"/>.</summary>
    internal static string Fit(ICanvas canvas, string text, float size, float width)
    {
        if (canvas.MeasureText(text, size) <= width) return text;
        for (var n = text.Length - 1; n > 0; n--)
        {
            var shorter = text[..n] + "...";
            if (canvas.MeasureText(shorter, size) <= width) return shorter;
        }
        return "...";
    }

    private static bool Allowed(OverlayState state, int action) => state.Mask.Count == 0 || (action < state.Mask.Count && state.Mask[action]);

    private static string Format(double value) =>
        value.ToString(Math.Abs(value - Math.Round(value)) < 1e-9 ? "0" : "0.00", CultureInfo.InvariantCulture);
}
