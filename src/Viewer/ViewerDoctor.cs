using RLArena.Viewer.Raylib;
using RLArena.Viewer.Recording;

namespace RLArena.Viewer;

/// <summary>The viewer's rows in <c>rlarena info</c>: where libraylib is looked for and what was found, ffmpeg, the display.</summary>
public static class ViewerDoctor
{
    /// <summary>What <c>rlarena info</c> shows about the viewer: where libraylib is looked for and found, ffmpeg, the display.</summary>
    /// <param name="explicitRaylib">--raylib PATH, or null.</param>
    public static IEnumerable<(string Name, string Value)> Rows(string? explicitRaylib = null)
    {
        var locator = RaylibLocator.ForThisProcess(explicitRaylib);
        var candidates = locator.Candidates();
        string found;
        try
        {
            var hit = locator.Locate();
            found = $"{hit.Path} (from {hit.Source})";
        }
        catch (Core.Errors.UserFacingException e)
        {
            found = e.Message.StartsWith("libraylib was not found", StringComparison.Ordinal)
                ? "not found: watch/play need it (--raylib PATH or RLARENA_RAYLIB=PATH); --record works without it"
                : e.Message;
        }
        yield return ("libraylib (watch, play)", found);

        var env = Environment.GetEnvironmentVariable(RaylibLocator.EnvironmentVariable);
        var order = new List<string> { "--raylib PATH", string.IsNullOrEmpty(env) ? $"{RaylibLocator.EnvironmentVariable} (not set)" : $"{RaylibLocator.EnvironmentVariable}={env}" };
        order.AddRange(candidates.Where(c => c.Source is not (RaylibLocator.Option or RaylibLocator.EnvironmentVariable))
            .Select(c => c.Source == "app folder" ? $"app folder {Folder(c.Path)}" : Folder(c.Path)));
        yield return ("libraylib search order", string.Join(", ", order.Distinct()) + " (libraylib.so, else the newest libraylib.so.N)");

        var ffmpeg = FfmpegLocator.TryFind();
        yield return ("ffmpeg (--record GIF/MP4)", ffmpeg ?? "not found: apt-get install ffmpeg, or record PNG frames (--record frames/)");
        var display = Environment.GetEnvironmentVariable("DISPLAY");
        yield return ("Display (windows)", string.IsNullOrEmpty(display) ? "none (DISPLAY not set): use xvfb-run or --record" : display);
    }

    private static string Folder(string path) => File.Exists(path) ? Path.GetDirectoryName(path) ?? path : path;
}
