using RLArena.Cli.Errors;

namespace RLArena.Cli.Tests;

/// <summary>
/// Every command, fed bad input, ends with exit code 1 or 2 and one error line (plus the usage line for usage
/// errors) — never a stack trace.
/// </summary>
[NonParallelizable]
public class InvalidInputTests
{
    private static string _dir = "";
    private static string Garbage => Path.Combine(_dir, "garbage.ckpt");
    private static string Missing => Path.Combine(_dir, "missing", "nothing.ckpt");
    private static string Empty => Path.Combine(_dir, "empty");
    private static string Picture => Path.Combine(_dir, "digit.png");

    [OneTimeSetUp]
    public void Files()
    {
        _dir = Directory.CreateTempSubdirectory("rlarena-bad-input-").FullName;
        File.WriteAllText(Garbage, "not a checkpoint");
        File.WriteAllText(Picture, "not a picture either");
        Directory.CreateDirectory(Empty);
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_dir, recursive: true);

    private static IEnumerable<TestCaseData> BadInputs()
    {
        TestCaseData Case(int code, params string[] args) => new TestCaseData(code, args).SetArgDisplayNames(string.Join(" ", args));
        yield return Case(2, "info", "--bogus");
        yield return Case(2, "info", "extra");
        yield return Case(2, "mnist", "--epochs", "0");
        yield return Case(2, "mnist", "train", "--batch-size", "-1");
        yield return Case(2, "mnist", "train", "--seed", "2147483648");
        yield return Case(1, "mnist", "train", "--data", "{picture}", "--no-download");
        yield return Case(2, "mnist", "--seed", "-1");
        yield return Case(2, "mnist", "--lr", "abc");
        yield return Case(2, "mnist", "--epochs", "99999999999");
        yield return Case(2, "mnist", "--runs", "a", "--runs-dir", "b");
        yield return Case(1, "mnist", "--data", "{empty}", "--no-download");
        yield return Case(2, "mnist", "eval");
        yield return Case(1, "mnist", "eval", "--checkpoint", "{garbage}");
        yield return Case(1, "mnist", "eval", "--checkpoint", "{missing}");
        yield return Case(2, "mnist", "predict", "{picture}");
        yield return Case(1, "mnist", "predict", "--checkpoint", "{garbage}", "{picture}");
        yield return Case(2, "mnist", "predict", "--checkpoint", "{garbage}", "--top", "0", "{picture}");
        yield return Case(2, "train", "--seed", "-1");
        yield return Case(2, "train", "--seed", "2147483647");
        yield return Case(2, "train", "--set", "seed=-4");
        yield return Case(2, "train", "--seed", "abc");
        yield return Case(2, "train", "--steps", "0");
        yield return Case(2, "train", "--algo", "zzz");
        yield return Case(2, "train", "--env", "gridworld:size=-3");
        yield return Case(1, "train", "--resume", "{missing}");
        yield return Case(1, "train", "--resume", "{garbage}");
        yield return Case(1, "train", "--resume", "{empty}");
        yield return Case(2, "train", "--resume", "{empty}", "--seed", "3");
        yield return Case(2, "eval");
        yield return Case(1, "eval", "--checkpoint", "{garbage}");
        yield return Case(2, "eval", "--checkpoint", "{garbage}", "--seed", "-1");
        yield return Case(2, "eval", "--checkpoint", "{garbage}", "--episodes", "0");
        yield return Case(2, "watch");
        yield return Case(2, "watch", "--random", "--env", "cartpole", "--seed", "-1");
        yield return Case(2, "watch", "--random", "--env", "nope");
        yield return Case(2, "watch", "--random", "--env", "cartpole", "--record", "{empty}/x.gif", "--fps", "0");
        yield return Case(1, "watch", "--checkpoint", "{garbage}");
        yield return Case(2, "mnist", "train", "--init-from", "{missing}");
        yield return Case(2, "mnist", "eval", "--checkpoint", "{garbage}", "--dataset", "fashion-mnist");
        yield return Case(2, "mnist", "eval", "--checkpoint", "{garbage}", "--normalize", "0.5");
        yield return Case(2, "mnist", "export");
        yield return Case(2, "mnist", "export", "--checkpoint", "{garbage}");
        yield return Case(2, "mnist", "export", "--checkpoint", "{garbage}", "--format", "zip");
        yield return Case(1, "mnist", "export", "--checkpoint", "{garbage}", "--format", "safetensors");
        yield return Case(2, "export");
        yield return Case(2, "export", "--checkpoint", "{garbage}");
        yield return Case(2, "export", "--checkpoint", "{garbage}", "--format", "pickle");
        yield return Case(1, "export", "--checkpoint", "{garbage}", "--format", "pt");
        yield return Case(2, "import");
        yield return Case(2, "import", "--checkpoint", "{garbage}");
        yield return Case(2, "import", "--checkpoint", "{garbage}", "--weights", "{garbage}");
        yield return Case(1, "import", "--checkpoint", "{garbage}", "--weights", "{garbage}", "--out", "{empty}/x.ckpt");
        yield return Case(2, "play");
        yield return Case(2, "play", "--env", "nope");
        yield return Case(2, "play", "--env", "cartpole", "--seed", "-9");
    }

    [TestCaseSource(nameof(BadInputs))]
    public void BadInputIsOneLineAndANonZeroExit(int expected, string[] args)
    {
        var real = args.Select(a => a.Replace("{garbage}", Garbage).Replace("{missing}", Missing)
            .Replace("{empty}", Empty).Replace("{picture}", Picture)).ToArray();
        var (code, output) = RecordingCli.Run(100_000, real);
        Assert.That(code, Is.EqualTo(expected), output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(lines.Count(l => l.StartsWith("rlarena: error:")), Is.EqualTo(1), output);
        Assert.That(lines[0], Does.StartWith("rlarena: error:"), output);
        Assert.That(lines.Skip(1), Has.All.StartWith("Usage: rlarena"), "nothing but the usage after the error");
        Assert.That(output, Does.Not.Contain("   at ").And.Not.Contain("Exception"), "no stack trace, no exception names");
    }

    [Test]
    public void AValueOfTheWrongTypeNamesItsOption()
    {
        var (code, output) = RecordingCli.Run(100_000, "train", "--seed", "abc");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Does.StartWith("rlarena: error: --seed abc: not a valid value").And.Not.Contain("Nullable"));
    }

    [Test]
    public void ADamagedCheckpointNamesTheFileAndTheDamagedSection()
    {
        var runs = Path.Combine(_dir, "runs");
        var (trained, trainOutput) = RecordingCli.Run(100_000, "train", "--steps", "256", "--envs", "4", "--set", "num_steps=64",
            "--set", "num_minibatches=2", "--runs", runs, "--eval-episodes", "0");
        Assert.That(trained, Is.EqualTo(0), trainOutput);
        var checkpoint = Directory.GetFiles(runs, "checkpoint.ckpt", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(checkpoint);
        bytes[^10] ^= 0x01; // inside the last section
        File.WriteAllBytes(checkpoint, bytes);

        var (code, output) = RecordingCli.Run(100_000, "eval", "--checkpoint", checkpoint, "--episodes", "1");
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output, Does.StartWith($"rlarena: error: checkpoint '{checkpoint}' is damaged: its section '"));
        Assert.That(output.Trim().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public void AnUnexpectedExceptionIsOneLineNamingItAndTheFileWithTheTrace()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("something impossible\nhappened");
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }
        var line = CrashReport.Write(thrown, ["train", "--steps", "10"]);
        Assert.That(line, Does.StartWith("internal error (a bug in RLArena, please report it): System.InvalidOperationException: something impossible happened"));
        Assert.That(line, Does.Not.Contain("\n").And.Not.Contain("   at "));
        var file = System.Text.RegularExpressions.Regex.Match(line, @"the full trace is in (\S+rlarena-crash-\S+\.txt)").Groups[1].Value;
        Assert.That(Path.GetDirectoryName(file), Is.EqualTo(Path.GetTempPath().TrimEnd(Path.DirectorySeparatorChar)));
        var report = File.ReadAllText(file);
        Assert.That(report, Does.Contain("command line: rlarena train --steps 10").And.Contain("   at ").And.Contain(nameof(AnUnexpectedExceptionIsOneLineNamingItAndTheFileWithTheTrace)));
        File.Delete(file);
    }

    [Test]
    public void MnistTakesRunsLikeTrainAndStillAcceptsTheOldRunsDirHidden()
    {
        var (code, help) = RecordingCli.Run(100_000, "mnist", "train", "--help");
        Assert.That(code, Is.EqualTo(0));
        Assert.That(help, Does.Contain("--runs <DIR>").And.Not.Contain("--runs-dir"));

        var data = Path.Combine(_dir, "mnist-data");
        SignalTests.WriteMnist(data, train: 200, test: 50);
        foreach (var flag in new[] { "--runs", "--runs-dir" })
        {
            var runs = Path.Combine(_dir, "mnist-runs" + flag);
            var (trained, output) = RecordingCli.Run(100_000, "mnist", "--data", data, "--no-download", "--epochs", "1", flag, runs);
            Assert.That(trained, Is.EqualTo(0), output);
            Assert.That(Directory.GetFiles(runs, "model.ckpt", SearchOption.AllDirectories), Has.Length.EqualTo(1), flag);
        }
    }
}
