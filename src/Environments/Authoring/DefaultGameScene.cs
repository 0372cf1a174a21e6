using System.Globalization;
using RLArena.Environments.Scenes;

namespace RLArena.Environments.Authoring;

/// <summary>
/// The scene of a game that does not override <see cref="GameAgent.Describe"/>: a header line (name, step, return)
/// above the last observation, pixels as one grid of cells per channel side by side, vectors as bars around a
/// middle line (positive up, negative down). Values are scaled by the declared bounds where they are finite, else
/// by the largest magnitude shown.
/// </summary>
public static class DefaultGameScene
{
    /// <summary>Height of the header line above the observation, in world units (one cell or bar is 1 wide).</summary>
    public const double HeaderHeight = 1.2;

    /// <summary>Space between the grids of two pixel channels.</summary>
    public const double ChannelGap = 0.5;

    /// <summary>Height of the bar area of a vector observation.</summary>
    public const double BarAreaHeight = 6;

    /// <summary>The scene's background.</summary>
    public static readonly Rgba Background = new(30, 34, 42);

    /// <summary>The header text.</summary>
    public static readonly Rgba TextColor = new(236, 239, 244);

    /// <summary>Bars of positive values.</summary>
    public static readonly Rgba PositiveColor = new(94, 129, 172);

    /// <summary>Bars of negative values.</summary>
    public static readonly Rgba NegativeColor = new(208, 135, 112);

    /// <summary>The middle line of the bars.</summary>
    public static readonly Rgba AxisColor = new(110, 118, 129);

    /// <summary>The scene for an observation of <paramref name="shape"/>.</summary>
    public static Scene Build(string title, ObservationShape shape, ReadOnlySpan<float> observation, int step, double episodeReturn)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var header = string.Create(CultureInfo.InvariantCulture, $"{title}  step {step}  return {episodeReturn:0.###}");
        return shape.IsPixels ? Pixels(header, shape, observation) : Bars(header, shape, observation);
    }

    private static Scene Pixels(string header, ObservationShape shape, ReadOnlySpan<float> observation)
    {
        var (channels, height, width) = (shape.Dimensions[0], shape.Dimensions[1], shape.Dimensions[2]);
        var sceneWidth = channels * width + (channels - 1) * ChannelGap;
        var scene = new Scene(sceneWidth, HeaderHeight + height, Background);
        AddHeader(scene, header, sceneWidth);
        var (low, scale) = Scale(shape, observation, symmetric: false);
        for (var c = 0; c < channels; c++)
        {
            var left = c * (width + ChannelGap);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var index = (c * height + y) * width + x;
                    var value = index < observation.Length ? observation[index] : 0f;
                    var level = (byte)(40 + 200 * Math.Clamp((value - low) / scale, 0, 1));
                    scene.Add(new RectanglePrimitive(left + x + 0.03, HeaderHeight + y + 0.03, 0.94, 0.94, new Rgba(level, level, level)));
                }
            }
        }
        return scene;
    }

    private static Scene Bars(string header, ObservationShape shape, ReadOnlySpan<float> observation)
    {
        var count = shape.Size;
        var sceneWidth = Math.Max(count, 8);
        var scene = new Scene(sceneWidth, HeaderHeight + BarAreaHeight, Background);
        AddHeader(scene, header, sceneWidth);
        var middle = HeaderHeight + BarAreaHeight / 2;
        scene.Add(new LinePrimitive(0, middle, sceneWidth, middle, 0.04, AxisColor));
        var (_, scale) = Scale(shape, observation, symmetric: true);
        var half = BarAreaHeight / 2 - 0.2;
        for (var i = 0; i < count && i < observation.Length; i++)
        {
            var size = Math.Clamp(observation[i] / scale, -1, 1) * half;
            if (size >= 0) scene.Add(new RectanglePrimitive(i + 0.1, middle - size, 0.8, size, PositiveColor));
            else scene.Add(new RectanglePrimitive(i + 0.1, middle, 0.8, -size, NegativeColor));
        }
        return scene;
    }

    private static void AddHeader(Scene scene, string header, double width)
    {
        var size = Math.Min(0.7, width / Math.Max(1, header.Length * 0.55));
        scene.Add(new TextPrimitive(0.1, (HeaderHeight - size) / 2, header, size, TextColor));
    }

    /// <summary>The offset and scale that map values to [0, 1] (pixels) or [−1, 1] (bars).</summary>
    private static (double Low, double Scale) Scale(ObservationShape shape, ReadOnlySpan<float> observation, bool symmetric)
    {
        if (float.IsFinite(shape.Low) && float.IsFinite(shape.High) && shape.High > shape.Low)
        {
            return symmetric
                ? (0, Math.Max(Math.Abs(shape.Low), Math.Abs(shape.High)))
                : (shape.Low, shape.High - shape.Low);
        }
        var largest = 1.0;
        foreach (var v in observation) largest = Math.Max(largest, Math.Abs(v));
        return symmetric ? (0, largest) : (-largest, 2 * largest);
    }
}
