using System.Globalization;
using RLArena.Environments.Scenes;
using RLArena.Viewer.Layout;

namespace RLArena.Viewer.Rendering;

/// <summary>Draws the side panel: episode, step, return, the action taken and the policy's scores as bars.</summary>
public static class OverlayDrawer
{
    public static void Draw(ICanvas canvas, OverlayState state, ScreenRect panel, double textScale)
    {
        canvas.FillRectangle((float)panel.X, (float)panel.Y, (float)panel.Width, (float)panel.Height, 0, Palette.PanelBackground);
        var size = (float)(14 * textScale);
        var small = (float)(11 * textScale);
        var pad = (float)(10 * textScale);
        var x = (float)panel.X + pad;
        var y = (float)panel.Y + pad;
        var line = size * 1.45f;

        canvas.Text(state.Title, x, y, size, Palette.PanelText);
        y += line * 1.3f;
        Row(canvas, "episode", state.Episode.ToString(CultureInfo.InvariantCulture), x, ref y, size, line, panel, pad);
        Row(canvas, "step", state.Step.ToString(CultureInfo.InvariantCulture), x, ref y, size, line, panel, pad);
        Row(canvas, "return", Format(state.Return), x, ref y, size, line, panel, pad);
        if (state.LastReward is { } reward)
            Row(canvas, "reward", Format(reward), x, ref y, size, line, panel, pad);
        Row(canvas, "action", state.LastAction is { } a ? state.ActionName(a) : "-", x, ref y, size, line, panel, pad);

        if (state.Scores.Count > 0)
        {
            y += line * 0.4f;
            canvas.Text(state.ScoreLabel == "probability" ? "probabilities" : state.ScoreLabel + "s", x, y, small, Palette.PanelMutedText);
            y += small * 1.5f;
            DrawBars(canvas, state, x, ref y, (float)panel.Width - 2 * pad, small);
        }

        var footerY = (float)panel.Bottom - pad - state.Footer.Count * small * 1.4f;
        foreach (var text in state.Footer)
        {
            canvas.Text(text, x, Math.Max(y, footerY), small, Palette.PanelMutedText);
            footerY += small * 1.4f;
        }
    }

    private static void Row(ICanvas canvas, string name, string value, float x, ref float y, float size, float line, ScreenRect panel, float pad)
    {
        canvas.Text(name, x, y, size, Palette.PanelMutedText);
        var valueX = (float)panel.Right - pad - canvas.MeasureText(value, size);
        canvas.Text(value, valueX, y, size, Palette.PanelText);
        y += line;
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
            // Leave a sliver for the lowest value so every allowed bar is visible.
            var span = high - low;
            low -= span > 0 ? span * 0.1f : 1;
        }

        var labelWidth = 0f;
        for (var i = 0; i < scores.Count; i++) labelWidth = Math.Max(labelWidth, canvas.MeasureText(state.ActionName(i), size));
        var valueWidth = canvas.MeasureText("-00.00", size);
        var barX = x + labelWidth + size * 0.6f;
        var barWidth = Math.Max(4, width - (barX - x) - valueWidth - size * 0.4f);
        var barHeight = size * 1.1f;
        for (var i = 0; i < scores.Count; i++)
        {
            var allowed = Allowed(state, i);
            var score = scores[i];
            var fraction = allowed && float.IsFinite(score) ? Math.Clamp((score - low) / (high - low), 0, 1) : 0;
            canvas.Text(state.ActionName(i), x, y + (barHeight - size) / 2, size, allowed ? Palette.PanelText : Palette.PanelMutedText);
            canvas.FillRectangle(barX, y, barWidth, barHeight, 0, Palette.BarTrack);
            var colour = !allowed ? Palette.BarMasked : state.LastAction == i ? Palette.BarChosen : Palette.Bar;
            if (fraction > 0) canvas.FillRectangle(barX, y, barWidth * fraction, barHeight, 0, colour);
            var value = allowed ? score.ToString("0.00", CultureInfo.InvariantCulture) : "masked";
            canvas.Text(value, barX + barWidth + size * 0.4f, y + (barHeight - size) / 2, size, Palette.PanelText);
            y += barHeight + size * 0.45f;
        }
    }

    private static bool Allowed(OverlayState state, int action) => state.Mask.Count == 0 || (action < state.Mask.Count && state.Mask[action]);

    private static string Format(double value) => value.ToString(Math.Abs(value - Math.Round(value)) < 1e-9 ? "0" : "0.00", CultureInfo.InvariantCulture);
}
