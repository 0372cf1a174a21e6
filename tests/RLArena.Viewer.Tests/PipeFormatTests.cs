using RLArena.Environments.Scenes;
using RLArena.Viewer.Recording;

namespace RLArena.Viewer.Tests;

public class PipeFormatTests
{
    private static readonly Rgba[] Colors =
    [
        new(255, 255, 255), new(0, 0, 0), new(200, 60, 60), new(60, 200, 60), new(20, 40, 240), new(128, 128, 128),
    ];

    /// <summary>Frames of flat colours from <see cref="Colors"/> that change in places from one frame to the next.</summary>
    private static byte[][] ChangingFrames(int width, int height, int count, int seed)
    {
        var random = new Random(seed);
        var frames = new byte[count][];
        var current = new byte[width * height * 4];
        for (var f = 0; f < count; f++)
        {
            var patches = f == 0 ? width * height : random.Next(0, 40);
            for (var p = 0; p < patches; p++)
            {
                var color = Colors[random.Next(Colors.Length)];
                var start = f == 0 ? p : random.Next(width * height);
                var length = f == 0 ? 1 : random.Next(1, 30);
                for (var i = start; i < Math.Min(start + length, width * height); i++)
                    (current[4 * i], current[4 * i + 1], current[4 * i + 2], current[4 * i + 3]) = (color.R, color.G, color.B, 255);
            }
            frames[f] = (byte[])current.Clone();
        }
        return frames;
    }

    private static Rgba PixelOf(byte[] rgba, int i) => new(rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2]);

    [Test]
    public void Palette_keeps_the_given_colours_first_then_the_first_frames_colours_by_use()
    {
        var keep = new[] { new Rgba(1, 2, 3), new Rgba(250, 5, 5) };
        var frame = new byte[10 * 4 * 4];
        for (var i = 0; i < 40; i++)
        {
            var c = i < 30 ? new Rgba(10, 20, 30) : new Rgba(90, 90, 90); // 30 of one colour, 10 of another
            (frame[4 * i], frame[4 * i + 1], frame[4 * i + 2], frame[4 * i + 3]) = (c.R, c.G, c.B, 255);
        }
        var quantizer = new PaletteQuantizer(10, 4, keep);
        var indices = new byte[40];
        quantizer.Map(frame, indices, 10);
        Assert.That(quantizer.Colors.Take(4), Is.EqualTo(new[] { keep[0], keep[1], new Rgba(10, 20, 30), new Rgba(90, 90, 90) }));
        Assert.That(indices[..30], Is.All.EqualTo(2));
        Assert.That(indices[30..], Is.All.EqualTo(3));
    }

    [Test]
    public void Every_frame_maps_exactly_although_only_changed_pixels_are_looked_at()
    {
        const int width = 37, height = 11; // not a multiple of the vector width: the row tails count too
        var frames = ChangingFrames(width, height, 40, seed: 3);
        var quantizer = new PaletteQuantizer(width, height, []);
        var stride = 40;
        var indices = new byte[stride * height];
        foreach (var frame in frames)
        {
            quantizer.Map(frame, indices, stride);
            var palette = quantizer.Colors;
            for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                Assert.That(palette[indices[y * stride + x]], Is.EqualTo(PixelOf(frame, y * width + x)), $"pixel ({x}, {y})");
        }
    }

    [Test]
    public void A_colour_first_seen_after_the_first_frame_takes_the_nearest_entry()
    {
        var quantizer = new PaletteQuantizer(2, 1, [new Rgba(0, 0, 0), new Rgba(250, 250, 250), new Rgba(200, 0, 0)]);
        var indices = new byte[2];
        quantizer.Map(new byte[] { 0, 0, 0, 255, 250, 250, 250, 255 }, indices, 2);
        quantizer.Map(new byte[] { 180, 20, 10, 255, 240, 255, 245, 255 }, indices, 2);
        Assert.That(quantizer.Colors[indices[0]], Is.EqualTo(new Rgba(200, 0, 0)));
        Assert.That(quantizer.Colors[indices[1]], Is.EqualTo(new Rgba(250, 250, 250)));
    }

    [Test]
    public void Yuv_of_known_colours_is_bt601_limited_range()
    {
        var converter = new Yuv420Converter(2, 2);
        foreach (var (color, y, u, v) in new[]
                 {
                     (new Rgba(255, 255, 255), 235, 128, 128), (new Rgba(0, 0, 0), 16, 128, 128),
                     (new Rgba(255, 0, 0), 81, 90, 240), (new Rgba(0, 255, 0), 145, 54, 34), (new Rgba(0, 0, 255), 41, 240, 110),
                 })
        {
            var frame = Enumerable.Repeat(new[] { color.R, color.G, color.B, (byte)255 }, 4).SelectMany(p => p).ToArray();
            var yuv = converter.Convert(frame).ToArray();
            Assert.That(yuv, Is.EqualTo(new byte[] { (byte)y, (byte)y, (byte)y, (byte)y, (byte)u, (byte)v }), TestImages.Describe(color));
        }
    }

    [Test]
    public void Yuv_converted_from_changes_equals_converting_each_frame_whole()
    {
        foreach (var (width, height) in new[] { (64, 20), (37, 11) })
        {
            var frames = ChangingFrames(width, height, 30, seed: 5);
            var incremental = new Yuv420Converter(width, height);
            foreach (var frame in frames)
                Assert.That(incremental.Convert(frame).ToArray(), Is.EqualTo(new Yuv420Converter(width, height).Convert(frame).ToArray()), $"{width} x {height}");
        }
    }

    [Test]
    public void Odd_sizes_are_padded_to_even_by_repeating_the_last_column_and_row()
    {
        var converter = new Yuv420Converter(3, 3);
        Assert.That((converter.Width, converter.Height), Is.EqualTo((4, 4)));
        var frame = new byte[3 * 3 * 4];
        for (var i = 0; i < 9; i++) (frame[4 * i], frame[4 * i + 1], frame[4 * i + 2], frame[4 * i + 3]) = ((byte)(i * 20), (byte)(i * 20), (byte)(i * 20), 255);
        var luma = converter.Convert(frame)[..16].ToArray();
        var expected = new byte[16];
        for (var y = 0; y < 4; y++)
        for (var x = 0; x < 4; x++)
        {
            var gray = Math.Min(y, 2) * 3 + Math.Min(x, 2);
            expected[y * 4 + x] = (byte)Math.Round(16 + 219.0 * gray * 20 / 255);
        }
        Assert.That(luma, Is.EqualTo(expected));
    }
}
