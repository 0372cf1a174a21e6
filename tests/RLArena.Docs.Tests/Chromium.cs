using System.Diagnostics;

namespace RLArena.Docs.Tests;

/// <summary>Debian's headless Chromium, run once per page: the DOM after scripts ran, or a screenshot.</summary>
internal static class Chromium
{
    /// <summary>The browser on PATH (chromium, chromium-browser or google-chrome), or null when none is installed.</summary>
    public static string? Find() =>
        new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(folder => Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);

    /// <summary>The page's DOM once loaded and its scripts ran (the navigation is filled in by script).</summary>
    public static string DumpDom(string browser, string page) => Run(browser, page, "--dump-dom").Stdout;

    /// <summary>Writes a PNG screenshot of the page, <paramref name="width"/>×<paramref name="height"/>, to <paramref name="png"/>.</summary>
    public static void Screenshot(string browser, string page, string png, int width = 1280, int height = 900)
    {
        var result = Run(browser, page, $"--screenshot={png}", $"--window-size={width},{height}");
        Assert.That(File.Exists(png), $"chromium wrote no screenshot of {page} (exit {result.ExitCode}):\n{result.Stderr}");
    }

    private static (string Stdout, string Stderr, int ExitCode) Run(string browser, string page, params string[] extra)
    {
        var start = new ProcessStartInfo(browser)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Root in CI needs --no-sandbox; a private profile keeps runs apart; time is given for scripts to fill the page.
        var profile = Directory.CreateTempSubdirectory("rlarena-chromium-");
        foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                     "--no-first-run", $"--user-data-dir={profile.FullName}", "--virtual-time-budget=5000" })
            start.ArgumentList.Add(argument);
        foreach (var argument in extra) start.ArgumentList.Add(argument);
        start.ArgumentList.Add(new Uri(page).AbsoluteUri);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"chromium did not finish {page} within 90 s");
            }
            process.WaitForExit();
            return (output.Result, errors.Result, process.ExitCode);
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { }
        }
    }
}
