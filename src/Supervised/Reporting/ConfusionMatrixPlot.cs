using RLArena.Supervised.Evaluation;
using SkiaSharp;

namespace RLArena.Supervised.Reporting;

/// <summary>
/// Draws a confusion matrix as a PNG: rows are true classes, columns predicted ones; each cell shows its count and
/// is shaded by the fraction of its row (white = 0, dark blue = all of the row), so errors stand out on any set size.
/// </summary>
public static class ConfusionMatrixPlot
{
    private const int Cell = 56;
    private const int Left = 150;
    private const int Top = 70;
    private const int Bottom = 120;
    private const int Right = 30;

    /// <summary>Draws the confusion matrix as a PNG.</summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="result">The confusion counts.</param>
    /// <param name="classNames">The class names, in class order.</param>
    /// <param name="title">The plot's title.</param>
    public static void Save(string path, EvaluationResult result, IReadOnlyList<string> classNames, string title)
    {
        var n = result.Classes;
        var width = Left + n * Cell + Right;
        var height = Top + n * Cell + Bottom;
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);

        using var typeface = SKTypeface.FromFamilyName("DejaVu Sans") ?? SKTypeface.Default;
        using var titleFont = new SKFont(typeface, 18);
        using var labelFont = new SKFont(typeface, 13);
        using var cellFont = new SKFont(typeface, 12);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var light = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var fill = new SKPaint { Style = SKPaintStyle.Fill };
        using var grid = new SKPaint { Color = new SKColor(200, 200, 200), Style = SKPaintStyle.Stroke, StrokeWidth = 1 };

        canvas.DrawText(title, width / 2f, 28, SKTextAlign.Center, titleFont, ink);
        canvas.DrawText($"accuracy {100 * result.Accuracy:F2}% of {result.Total}", width / 2f, 50, SKTextAlign.Center, labelFont, ink);

        for (var t = 0; t < n; t++)
        {
            var rowTotal = Math.Max(1, result.ClassTotal(t));
            for (var p = 0; p < n; p++)
            {
                var count = result.Confusion[t, p];
                var share = (float)count / rowTotal;
                fill.Color = Shade(share);
                var rect = SKRect.Create(Left + p * Cell, Top + t * Cell, Cell, Cell);
                canvas.DrawRect(rect, fill);
                canvas.DrawRect(rect, grid);
                canvas.DrawText(count.ToString(System.Globalization.CultureInfo.InvariantCulture), rect.MidX, rect.MidY + 4,
                    SKTextAlign.Center, cellFont, share > 0.5f ? light : ink);
            }
            canvas.DrawText(Label(classNames, t), Left - 8, Top + t * Cell + Cell / 2f + 4, SKTextAlign.Right, labelFont, ink);
        }

        for (var p = 0; p < n; p++)
        {
            canvas.Save();
            canvas.Translate(Left + p * Cell + Cell / 2f + 4, Top + n * Cell + 8);
            canvas.RotateDegrees(-45);
            canvas.DrawText(Label(classNames, p), 0, 0, SKTextAlign.Right, labelFont, ink);
            canvas.Restore();
        }
        canvas.DrawText("predicted class", Left + n * Cell / 2f, height - 12, SKTextAlign.Center, labelFont, ink);
        canvas.Save();
        canvas.Translate(18, Top + n * Cell / 2f);
        canvas.RotateDegrees(-90);
        canvas.DrawText("true class", 0, 0, SKTextAlign.Center, labelFont, ink);
        canvas.Restore();

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        using var file = File.Create(path);
        png.SaveTo(file);
    }

    /// <summary>White for 0, through light blue, to dark blue for 1.</summary>
    public static SKColor Shade(float share)
    {
        share = Math.Clamp(share, 0f, 1f);
        byte Mix(int from, int to) => (byte)Math.Round(from + (to - from) * share);
        return new SKColor(Mix(255, 8), Mix(255, 48), Mix(255, 107));
    }

    private static string Label(IReadOnlyList<string> names, int index) => index < names.Count ? names[index] : index.ToString();
}
