using RLArena.Bench.Report;
using RLArena.Core.Errors;

namespace RLArena.Reports.Tests;

public class ReadmeFiguresTests
{
    private static readonly string Fixtures = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "bench");
    private string _dir = "";

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "rlarena-readmefigures-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

    [Test]
    public void TheTableBetweenTheMarkersIsRewrittenFromMeasuredComparisonsOnly()
    {
        var readme = Path.Combine(_dir, "README.md");
        File.WriteAllText(readme, $"# Title\n\n## Figures\n{ReadmeFigures.Start}\n| stale | table |\n{ReadmeFigures.End}\n\nAfter.\n");

        ReadmeFigures.Update(readme, BenchResultReader.ReadAll(Fixtures));
        var text = File.ReadAllText(readme);

        Assert.That(text, Does.StartWith("# Title\n\n## Figures\n" + ReadmeFigures.Start + "\n| what | RLArena | peer |"));
        Assert.That(text, Does.EndWith(ReadmeFigures.End + "\n\nAfter.\n"));
        Assert.That(text, Does.Not.Contain("stale"));
        Assert.That(text, Does.Contain("| 10.0 s | PyTorch tutorial (torchvision DataLoader): 45.0 s | 4.50× better | 2026-11-27, load 0.5 |"));
        Assert.That(text, Does.Contain("| 10.0 s | PyTorch, dataset held as one tensor: 14.5 s | 1.45× better |"));
        Assert.That(text, Does.Not.Contain("CleanRL ppo.py"), "a recorded (not measured) peer figure never reaches the README");

        ReadmeFigures.Update(readme, BenchResultReader.ReadAll(Fixtures));
        Assert.That(File.ReadAllText(readme), Is.EqualTo(text), "regenerating gives the same file");
    }

    [Test]
    public void AReadmeWithoutTheMarkersIsRefusedWithOneLine()
    {
        var readme = Path.Combine(_dir, "README.md");
        File.WriteAllText(readme, "# Title\n");
        var e = Assert.Throws<UserFacingException>(() => ReadmeFigures.Update(readme, []));
        Assert.That(e!.Message, Does.Contain("has no figures block"));
        Assert.That(e.Message, Does.Not.Contain("\n"));
        Assert.That(File.ReadAllText(readme), Is.EqualTo("# Title\n"), "nothing is written");
    }

    [Test]
    public void WithoutAnyComparisonTheTableSaysSo() =>
        Assert.That(ReadmeFigures.Table([]), Does.StartWith("No measured comparison yet"));
}
