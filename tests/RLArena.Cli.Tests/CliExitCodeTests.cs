namespace RLArena.Cli.Tests;

public class CliExitCodeTests
{
    private static (int Code, string Output) Run(params string[] args) => RecordingCli.Run(200, args);

    [TestCase("frobnicate")]
    [TestCase("info", "--bogus")]
    [TestCase("mnist", "--no-such-flag")]
    [TestCase("train", "--no-such-flag")]
    public void BadCommandsOrFlagsExitWithTwoAndOneErrorLinePlusUsage(params string[] args)
    {
        var (code, output) = Run(args);
        Assert.That(code, Is.EqualTo(2));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("rlarena: error:"));
        Assert.That(output, Does.Contain("Usage: rlarena"));
        Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void InfoSucceedsWhenTorchSharpLoads()
    {
        var (code, _) = Run("info");
        Assert.That(code, Is.EqualTo(0));
    }
}
