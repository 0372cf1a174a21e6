using RLArena.Cli;
using Spectre.Console;

namespace RLArena.Agents.Tests.Training;

/// <summary>`rlarena train` and `rlarena eval` end to end on tiny runs.</summary>
[NonParallelizable]
public class CommandTests
{
    private string _root = "";

    [SetUp]
    public void Folder() => Directory.CreateDirectory(_root = Path.Combine(Path.GetTempPath(), "rlarena-cli-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void Clean() => Directory.Delete(_root, recursive: true);

    private static (int Code, string Output) Run(params string[] args)
    {
        var errors = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(errors), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 300;
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try
        {
            var code = CliApp.Run(args, console);
            return (code, output + errors.ToString());
        }
        finally
        {
            Console.SetOut(previous);
        }
    }

    [Test]
    public void TrainThenEvalPrintsStatistics()
    {
        var (code, output) = Run("train", "--algo", "dqn", "--env", "gridworld", "--steps", "1500", "--seed", "2", "--runs", _root,
            "--set", "learning_starts=500", "--set", "hidden=32", "--eval-episodes", "3");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("Training DQN on gridworld for 1,500 steps (seed 2"));
        Assert.That(output, Does.Contain("Done: 1,500 steps"));
        Assert.That(output, Does.Contain("Evaluation (3 deterministic episodes): return "));
        var run = Directory.GetDirectories(_root).Single();
        Assert.That(File.ReadAllText(Path.Combine(run, "eval.txt")), Does.Contain("episodes: 3"));

        (code, output) = Run("eval", "--checkpoint", Path.Combine(run, "checkpoint.ckpt"), "--episodes", "4", "--deterministic", "--seed", "7");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("DQN on gridworld"));
        Assert.That(output, Does.Contain("4 episodes, deterministic, seed 7:"));
        Assert.That(output, Does.Match(@"return\s+-?\d+\.\d\d ± \d+\.\d\d"));
        Assert.That(output, Does.Match(@"success\s+\d+\.\d%"), "GridWorld defines success");
    }

    [TestCase("train", "--algo", "a2c")]
    [TestCase("train", "--set", "learning_rat=0.1")]
    [TestCase("train", "--env", "mars")]
    [TestCase("train", "--resume", "x", "--seed", "3")]
    [TestCase("eval")]
    public void BadFlagsAreUsageErrors(params string[] args)
    {
        var (code, output) = Run(args);
        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("rlarena: error:"));
        Assert.That(output, Does.Not.Contain("   at "));
    }

    [Test]
    public void EvalOfACorruptCheckpointIsOneLine()
    {
        var path = Path.Combine(_root, "broken.ckpt");
        File.WriteAllBytes(path, [1, 2, 3]);
        var (code, output) = Run("eval", "--checkpoint", path);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(output.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(output, Does.Contain("not a usable RLArena checkpoint"));
    }
}
