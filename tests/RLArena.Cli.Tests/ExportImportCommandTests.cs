namespace RLArena.Cli.Tests;

/// <summary>
/// <c>rlarena export</c> and <c>rlarena import</c> end to end: a policy written as a PyTorch state dict and read back
/// into a new checkpoint plays exactly as the original (the PyTorch side is checked in the Agents tests).
/// </summary>
[NonParallelizable]
public class ExportImportCommandTests
{
    private string _root = "";

    [SetUp]
    public void Folder() => _root = Directory.CreateTempSubdirectory("rlarena-export-cli-").FullName;

    [TearDown]
    public void Clean() => Directory.Delete(_root, recursive: true);

    private static string RepoFile(params string[] parts)
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RLArena.sln"))) dir = dir.Parent;
        Assert.That(dir, Is.Not.Null, "repository root not found");
        return Path.Combine([dir!.FullName, .. parts]);
    }

    private static (int Code, string Output) Run(params string[] args) => RecordingCli.RunCapturingStdout(300, args);

    [TestCase("pt")]
    [TestCase("safetensors")]
    public void ExportThenImportPlaysTheSameEpisodes(string format)
    {
        var (code, output) = Run("train", "--steps", "512", "--seed", "4", "--runs", _root, "--eval-episodes", "0");
        Assert.That(code, Is.EqualTo(0), output);
        var run = Directory.GetDirectories(_root).Single();

        (code, output) = Run("export", "--checkpoint", run, "--format", format);
        Assert.That(code, Is.EqualTo(0), output);
        var exported = Path.Combine(run, "policy." + format);
        Assert.That(File.Exists(exported), exported);
        Assert.That(output, Does.Contain($"Wrote {exported} (").And.Contain("12 float32 tensors"));
        Assert.That(output, Does.Contain("actor.0.weight   [64, 4]").And.Contain("critic.4.bias    [1]"));
        Assert.That(output, Does.Contain("model = Agent((4,), 2, hidden=(64, 64), activation=\"tanh\")"));
        var modules = Path.Combine(run, "rlarena_modules.py");
        Assert.That(output, Does.Contain($"Wrote {modules}, the PyTorch modules"));
        Assert.That(File.ReadAllText(modules), Is.EqualTo(File.ReadAllText(RepoFile("docs", "pytorch", "rlarena_modules.py"))),
            "the copy the tool carries is the documented file");

        var imported = Path.Combine(_root, "imported.ckpt");
        (code, output) = Run("import", "--checkpoint", run, "--weights", exported, "--out", imported);
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.StartWith($"Wrote {imported}: PPO on cartpole"));

        var (originalCode, original) = Run("eval", "--checkpoint", run, "--episodes", "5", "--seed", "9");
        var (importedCode, again) = Run("eval", "--checkpoint", imported, "--episodes", "5", "--seed", "9");
        Assert.That((originalCode, importedCode), Is.EqualTo((0, 0)), original + again);
        Assert.That(again, Is.EqualTo(original), "the same weights sample the same episodes");
    }
}
