using RLArena.Environments.Scenes;

namespace RLArena.Viewer.Tests;

/// <summary>Pixel helpers; set RLARENA_TEST_IMAGES=folder to keep the pictures the tests draw for a look.</summary>
internal static class TestImages
{
    public static string? KeepFolder => Environment.GetEnvironmentVariable("RLARENA_TEST_IMAGES");

    public static bool Near(Rgba actual, Rgba expected, int tolerance = 12) =>
        Math.Abs(actual.R - expected.R) <= tolerance && Math.Abs(actual.G - expected.G) <= tolerance && Math.Abs(actual.B - expected.B) <= tolerance;

    public static string Describe(Rgba c) => $"({c.R},{c.G},{c.B},{c.A})";

    public static string TempFolder(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "rlarena-viewer-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }
}
