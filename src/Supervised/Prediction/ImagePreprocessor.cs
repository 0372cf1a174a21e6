using RLArena.Core.Errors;
using RLArena.Supervised.Data;
using SkiaSharp;

namespace RLArena.Supervised.Prediction;

/// <summary>
/// Turns any image SkiaSharp can decode (PNG, JPEG, BMP, GIF, WebP) into what an MNIST classifier expects:
/// grayscale (transparent parts count as white paper), padded to a square with the background, averaged down (or up)
/// to 28×28, and inverted when the background is light, since MNIST digits are white on black.
/// Files are untrusted: <see cref="Load"/> reads the header first and refuses other formats and images over
/// <see cref="MaxPixels"/> before decoding anything (a tiny PNG can announce 30,000 × 30,000 pixels), then refuses
/// an image whose data ends early or does not decode, instead of classifying a half-grey picture.
/// </summary>
public static class ImagePreprocessor
{
    /// <summary>The most pixels an image may have: 40 megapixels (160 MB decoded), far more than any digit needs.</summary>
    public const long MaxPixels = 40_000_000;

    private static readonly SKEncodedImageFormat[] Readable =
        [SKEncodedImageFormat.Png, SKEncodedImageFormat.Jpeg, SKEncodedImageFormat.Bmp, SKEncodedImageFormat.Gif, SKEncodedImageFormat.Webp];

    /// <summary>Reads an image file (PNG, JPEG, BMP, GIF or WebP) and prepares it as MNIST expects: grayscale, padded to a square, area-averaged to 28×28, inverted when the border is light.</summary>
    /// <param name="path">The image file.</param>
    public static PreparedImage Load(string path)
    {
        if (!File.Exists(path)) throw new UserFacingException($"image '{path}' does not exist.");
        using var codec = SKCodec.Create(path)
                          ?? throw new UserFacingException($"'{path}' is not an image that can be read (PNG, JPEG, BMP, GIF or WebP).");
        if (!Readable.Contains(codec.EncodedFormat))
        {
            throw new UserFacingException(
                $"'{path}' is not a PNG, JPEG, BMP, GIF or WebP image (its bytes read as {codec.EncodedFormat.ToString().ToUpperInvariant()}, " +
                "which RLArena does not accept); pass an image file.");
        }
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0) throw new UserFacingException($"'{path}' is an empty image.");
        if ((long)width * height > MaxPixels)
        {
            throw new UserFacingException(
                $"'{path}' is {width} × {height} pixels, more than the {MaxPixels / 1_000_000} megapixels RLArena decodes; " +
                "scale it down first (a digit needs no more than a few hundred pixels a side).");
        }
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw new UserFacingException(result == SKCodecResult.IncompleteInput
                ? $"'{path}' is truncated: its image data ends early (a partial download or copy?)."
                : $"'{path}' is a damaged {codec.EncodedFormat.ToString().ToUpperInvariant()} image: it does not decode ({result}).");
        }
        return FromBitmap(bitmap, path);
    }

    /// <summary>Prepares a decoded image as <see cref="Load"/> does.</summary>
    /// <param name="bitmap">The image.</param>
    /// <param name="source">Its name, for messages and the prediction.</param>
    public static PreparedImage FromBitmap(SKBitmap bitmap, string source)
    {
        var width = bitmap.Width;
        var height = bitmap.Height;
        if (width == 0 || height == 0) throw new UserFacingException($"'{source}' is an empty image.");
        var gray = Grayscale(bitmap);
        var background = BorderMean(gray, width, height);
        var inverted = background > 0.5f;
        if (inverted)
        {
            for (var i = 0; i < gray.Length; i++) gray[i] = 1f - gray[i];
            background = 1f - background;
        }
        var side = Math.Max(width, height);
        var square = PadToSquare(gray, width, height, side, background);
        var pixels = Resize(square, side, side, DatasetSpec.ImageSide, DatasetSpec.ImageSide);
        return new PreparedImage(source, pixels, inverted, width, height);
    }

    /// <summary>Luma (ITU-R BT.601) in [0, 1], composited over white where the image is transparent.</summary>
    private static float[] Grayscale(SKBitmap bitmap)
    {
        var gray = new float[bitmap.Width * bitmap.Height];
        for (var y = 0; y < bitmap.Height; y++)
        for (var x = 0; x < bitmap.Width; x++)
        {
            var c = bitmap.GetPixel(x, y);
            var luma = (0.299f * c.Red + 0.587f * c.Green + 0.114f * c.Blue) / 255f;
            var alpha = c.Alpha / 255f;
            gray[y * bitmap.Width + x] = luma * alpha + (1f - alpha);
        }
        return gray;
    }

    /// <summary>Mean intensity of the outermost ring of pixels: the background's brightness.</summary>
    private static float BorderMean(float[] gray, int width, int height)
    {
        double sum = 0;
        var count = 0;
        for (var x = 0; x < width; x++)
        {
            sum += gray[x] + gray[(height - 1) * width + x];
            count += 2;
        }
        for (var y = 1; y < height - 1; y++)
        {
            sum += gray[y * width] + gray[y * width + width - 1];
            count += 2;
        }
        return (float)(sum / count);
    }

    private static float[] PadToSquare(float[] gray, int width, int height, int side, float background)
    {
        if (width == height) return gray;
        var square = new float[side * side];
        Array.Fill(square, background);
        var offsetX = (side - width) / 2;
        var offsetY = (side - height) / 2;
        for (var y = 0; y < height; y++)
            Array.Copy(gray, y * width, square, (y + offsetY) * side + offsetX, width);
        return square;
    }

    /// <summary>Area-weighted resampling: each output pixel is the mean of the source area it covers.</summary>
    public static float[] Resize(float[] source, int width, int height, int newWidth, int newHeight)
    {
        var result = new float[newWidth * newHeight];
        var scaleX = (double)width / newWidth;
        var scaleY = (double)height / newHeight;
        for (var ty = 0; ty < newHeight; ty++)
        {
            var y0 = ty * scaleY;
            var y1 = y0 + scaleY;
            for (var tx = 0; tx < newWidth; tx++)
            {
                var x0 = tx * scaleX;
                var x1 = x0 + scaleX;
                double sum = 0, weight = 0;
                for (var sy = (int)Math.Floor(y0); sy < Math.Min(height, (int)Math.Ceiling(y1)); sy++)
                {
                    var wy = Math.Min(y1, sy + 1) - Math.Max(y0, sy);
                    if (wy <= 0) continue;
                    for (var sx = (int)Math.Floor(x0); sx < Math.Min(width, (int)Math.Ceiling(x1)); sx++)
                    {
                        var wx = Math.Min(x1, sx + 1) - Math.Max(x0, sx);
                        if (wx <= 0) continue;
                        sum += source[sy * width + sx] * wx * wy;
                        weight += wx * wy;
                    }
                }
                result[ty * newWidth + tx] = weight > 0 ? (float)(sum / weight) : 0f;
            }
        }
        return result;
    }
}
