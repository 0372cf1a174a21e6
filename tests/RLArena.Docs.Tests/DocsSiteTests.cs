using System.Diagnostics;
using System.Text.RegularExpressions;
using SkiaSharp;

namespace RLArena.Docs.Tests;

/// <summary>
/// The built site (docs/_site, made by docs/build.sh) renders in headless Chromium: the home page, one guide and one
/// API page each have their title, the navigation bar and table of contents filled in, no image that points at a
/// missing file, and a screenshot that is not blank. The site is built here when it is missing; a machine without
/// chromium or docfx skips these tests, naming what is missing.
/// </summary>
[TestFixture]
public sealed partial class DocsSiteTests
{
    private string _browser = "";
    private string _screenshots = "";

    /// <summary>Finds chromium and the site, building the site (docs/build.sh) when it has not been built.</summary>
    [OneTimeSetUp]
    public void FindBrowserAndSite()
    {
        _browser = Chromium.Find() ?? "";
        if (_browser.Length == 0) Assert.Ignore("chromium is not installed (apt-get install chromium)");
        if (!File.Exists(Path.Combine(Repository.Site, "index.html"))) BuildSite();
        _screenshots = Path.Combine(TestContext.CurrentContext.WorkDirectory, "docs-screenshots");
        Directory.CreateDirectory(_screenshots);
    }

    private static IEnumerable<TestCaseData> Pages()
    {
        yield return new TestCaseData("index.html", "RLArena", "Getting started").SetName("Site renders: home page");
        yield return new TestCaseData("guides/getting-started.html", "Getting started", "rlarena info").SetName("Site renders: a guide");
        yield return new TestCaseData("api/RLArena.Environments.IEnvironment.html", "IEnvironment", "Reset").SetName("Site renders: an API page");
    }

    [TestCaseSource(nameof(Pages))]
    public void PageRenders(string relative, string title, string text)
    {
        var page = Path.Combine(Repository.Site, relative);
        Assert.That(File.Exists(page), $"{relative} is not in the built site {Repository.Site}");
        var dom = Chromium.DumpDom(_browser, page);

        var pageTitle = TitleTag().Match(dom).Groups[1].Value;
        Assert.That(pageTitle, Does.Contain(title), $"{relative}: the <title>");
        Assert.That(dom, Does.Contain(text), $"{relative}: the page's own text");
        // The top navigation and the table of contents are filled in by script from toc.json files: their links
        // are there only when the page really rendered (also from the file system).
        var navigation = NavBar().Match(dom).Value;
        Assert.That(navigation, Does.Contain("Guides").And.Contain("API reference"), $"{relative}: the navigation bar");
        Assert.That(Links().Matches(dom).Count, Is.GreaterThan(10), $"{relative}: too few links; did the navigation load?");

        foreach (Match image in Images().Matches(dom))
        {
            var source = image.Groups[1].Value;
            if (source.StartsWith("data:", StringComparison.Ordinal) || source.Contains("://", StringComparison.Ordinal)) continue;
            var file = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, Uri.UnescapeDataString(source.Split('?', '#')[0])));
            Assert.That(File.Exists(file), $"{relative}: <img src=\"{source}\"> points at {file}, which is missing");
        }

        var png = Path.Combine(_screenshots, relative.Replace('/', '_') + ".png");
        Chromium.Screenshot(_browser, page, png);
        TestContext.AddTestAttachment(png);
        AssertNotBlank(png, relative);
    }

    /// <summary>A rendered page has text and a navigation bar: many colours, and plenty of pixels unlike the background.</summary>
    private static void AssertNotBlank(string png, string relative)
    {
        using var bitmap = SKBitmap.Decode(png);
        Assert.That(bitmap, Is.Not.Null, $"{png} is not a PNG");
        Assert.That(bitmap.Width, Is.EqualTo(1280));
        var counts = new Dictionary<uint, int>();
        for (var y = 0; y < bitmap.Height; y += 2)
        for (var x = 0; x < bitmap.Width; x += 2)
        {
            var colour = (uint)bitmap.GetPixel(x, y);
            counts[colour] = counts.GetValueOrDefault(colour) + 1;
        }
        var total = counts.Values.Sum();
        var background = counts.Values.Max();
        TestContext.Out.WriteLine($"{relative}: {counts.Count} colours, {100.0 * (total - background) / total:F1}% of pixels unlike the background");
        Assert.That(counts.Count, Is.GreaterThan(20), $"{relative}: the screenshot has almost no colours (blank page?)");
        Assert.That((total - background) / (double)total, Is.GreaterThan(0.02), $"{relative}: the screenshot is nearly all background");
    }

    /// <summary>Runs docs/build.sh; skips when docfx cannot be restored on this machine.</summary>
    private static void BuildSite()
    {
        var restore = RunQuiet("dotnet", "tool restore");
        if (restore != 0) Assert.Ignore("docfx is not installed and 'dotnet tool restore' could not install it (it needs the NuGet feed)");
        var start = new ProcessStartInfo(Path.Combine(Repository.Root, "docs", "build.sh"))
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH").ToList())
            start.Environment.Remove(key);
        using var build = Process.Start(start)!;
        var output = build.StandardOutput.ReadToEndAsync();
        var errors = build.StandardError.ReadToEndAsync();
        if (!build.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            build.Kill(entireProcessTree: true);
            Assert.Fail("docs/build.sh took over 15 minutes");
        }
        build.WaitForExit();
        Assert.That(build.ExitCode, Is.EqualTo(0), $"docs/build.sh failed:\n{output.Result}\n{errors.Result}");
    }

    private static int RunQuiet(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }

    [GeneratedRegex(@"<title>(.*?)</title>", RegexOptions.Singleline)]
    private static partial Regex TitleTag();

    [GeneratedRegex(@"<nav\b.*?</nav>", RegexOptions.Singleline)]
    private static partial Regex NavBar();

    [GeneratedRegex(@"<a\b[^>]*href=")]
    private static partial Regex Links();

    [GeneratedRegex(@"<img\b[^>]*\bsrc=""([^""]*)""")]
    private static partial Regex Images();
}
