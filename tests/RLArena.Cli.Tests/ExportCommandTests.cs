namespace RLArena.Cli.Tests;

/// <summary>
/// <c>rlarena export --format onnx</c> and <c>rlarena mnist export</c> write a file and say what they wrote;
/// <c>rlarena eval --policy</c> evaluates it through ONNX Runtime with the checkpoint's returns; bad input (not an
/// ONNX file, an environment of other shapes, a missing checkpoint, an unknown format) is one line.
/// </summary>
[NonParallelizable]
public class ExportCommandTests
{
    private static string _dir = "";
    private static string _run = "";
    private static string _policy = "";

    [OneTimeSetUp]
    public void TrainAndExport()
    {
        _dir = Directory.CreateTempSubdirectory("rlarena-export-").FullName;
        var runs = Path.Combine(_dir, "runs");
        var (code, output) = Run("train", "--steps", "2048", "--seed", "4", "--runs", runs, "--eval-episodes", "0");
        Assert.That(code, Is.EqualTo(0), output);
        _run = Directory.GetDirectories(runs).Single();
        _policy = Path.Combine(_dir, "cartpole.onnx");
        (code, output) = Run("export", "--checkpoint", _run, "--format", "onnx", "--out", _policy);
        Assert.That(code, Is.EqualTo(0), output);
        File.WriteAllText(Path.Combine(_dir, "notes.onnx"), "these are notes, not a model");
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Output) Run(params string[] args) => RecordingCli.RunCapturingStdout(100_000, args);

    [Test]
    public void ExportSaysWhatItWroteAndHowToLoadIt()
    {
        var file = Path.Combine(_dir, "default", "policy.onnx");
        var (code, output) = Run("export", "--checkpoint", Path.Combine(_run, "checkpoint.ckpt"), "--format", "ONNX", "--out", Path.Combine(_dir, "default") + "/");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(File.Exists(file), output);
        Assert.That(output, Does.Contain($"Wrote {file} (").And.Contain("ONNX opset 15, IR version 8"));
        Assert.That(output, Does.Contain("obs_0  float [batch, 4]").And.Contain("action_masks  float [batch, 2]"));
        Assert.That(output, Does.Contain("deterministic_discrete_actions  int64 [batch, 1]").And.Contain("value_estimate  float [batch, 1]"));
        Assert.That(output, Does.Contain("new Microsoft.ML.OnnxRuntime.InferenceSession(").And.Contain("import numpy as np, onnxruntime as ort"));

        (code, output) = Run("export", "--checkpoint", _run, "--format", "onnx");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(File.Exists(Path.Combine(_run, "policy.onnx")), "without --out, policy.onnx goes into the run directory");
    }

    [Test]
    public void EvalThroughOnnxRuntimeGivesTheCheckpointsReturns()
    {
        var (code, fromCheckpoint) = Run("eval", "--checkpoint", _run, "--episodes", "100", "--deterministic", "--seed", "3");
        Assert.That(code, Is.EqualTo(0), fromCheckpoint);
        (code, var fromOnnx) = Run("eval", "--policy", _policy, "--episodes", "100", "--deterministic", "--seed", "3");
        Assert.That(code, Is.EqualTo(0), fromOnnx);
        Assert.That(fromOnnx, Does.Contain($"PPO on cartpole from {_policy} (ONNX Runtime)"));
        static string Statistics(string output) => string.Join("\n", output.Split('\n').SkipWhile(l => !l.StartsWith("100 episodes")));
        Assert.That(Statistics(fromOnnx), Does.Contain("return").And.EqualTo(Statistics(fromCheckpoint)));

        (code, var stochastic) = Run("eval", "--policy", _policy, "--episodes", "5", "--seed", "3", "--env", "cartpole");
        Assert.That(code, Is.EqualTo(0), stochastic);
        Assert.That(stochastic, Does.Contain("5 episodes, stochastic, seed 3:"));
    }

    [Test]
    public void WatchRecordsThePolicyFile()
    {
        var gif = Path.Combine(_dir, "watch.gif");
        var (code, output) = Run("watch", "--policy", _policy, "--record", gif, "--size", "160x120");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("Recorded 1 episode(s)"));
        Assert.That(new FileInfo(gif).Length, Is.GreaterThan(1000), output);
    }

    [Test]
    public void EvalWithAPolicyFileNeverLoadsLibTorch()
    {
        // The dynamic loader lists every shared library it opens (LD_DEBUG=files): ONNX Runtime's must be there,
        // libtorch's must not, as in a game that ships the .onnx file and ONNX Runtime only.
        if (!OperatingSystem.IsLinux()) Assert.Ignore("LD_DEBUG is glibc's (Linux only).");
        var info = new System.Diagnostics.ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "rlarena"))
        {
            WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in new[] { "eval", "--policy", _policy, "--episodes", "3", "--deterministic" }) info.ArgumentList.Add(arg);
        info.Environment["LD_DEBUG"] = "files";
        using var process = System.Diagnostics.Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.That(process.WaitForExit(120_000), "eval finished");
        var loaded = stderr.Result;
        Assert.That(process.ExitCode, Is.EqualTo(0), stdout);
        Assert.That(stdout, Does.Contain("3 episodes, deterministic"));
        Assert.That(loaded, Does.Contain("libonnxruntime.so"), "the loader's list names ONNX Runtime (so the check below can fail)");
        Assert.That(loaded, Does.Not.Contain("libtorch").And.Not.Contain("libLibTorchSharp"), "no TorchSharp native library was loaded");
    }

    [Test]
    public void ExportOfASacRunPrintsTheContinuousOutputsAndEvalRunsItOnPendulum()
    {
        var runs = Path.Combine(_dir, "sac-runs");
        var (code, output) = Run("train", "--algo", "sac", "--env", "pendulum", "--steps", "600", "--seed", "2", "--runs", runs,
            "--set", "learning_starts=300", "--set", "hidden=16", "--set", "batch_size=32", "--set", "normalize_observation=true", "--eval-episodes", "0");
        Assert.That(code, Is.EqualTo(0), output);
        var run = Directory.GetDirectories(runs).Single();
        var file = Path.Combine(_dir, "pendulum-sac.onnx");
        (code, output) = Run("export", "--checkpoint", run, "--format", "onnx", "--out", file);
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("SAC on pendulum"));
        Assert.That(output, Does.Contain("obs_0  float [batch, 3]").And.Not.Contain("action_masks"));
        Assert.That(output, Does.Contain("continuous_actions  float [batch, 1]").And.Contain("deterministic_continuous_actions  float [batch, 1]")
            .And.Contain("continuous_action_output_shape  float [1]").And.Contain("so obs_0 takes raw observations"));

        (code, var fromCheckpoint) = Run("eval", "--checkpoint", run, "--episodes", "3", "--deterministic", "--seed", "5");
        Assert.That(code, Is.EqualTo(0), fromCheckpoint);
        (code, var fromOnnx) = Run("eval", "--policy", file, "--env", "pendulum", "--episodes", "3", "--deterministic", "--seed", "5");
        Assert.That(code, Is.EqualTo(0), fromOnnx);
        Assert.That(fromOnnx, Does.Contain($"SAC on pendulum from {file} (ONNX Runtime)").And.Contain("3 episodes, deterministic, seed 5:"));
        static double MeanReturn(string text) => double.Parse(
            System.Text.RegularExpressions.Regex.Match(text, @"return\s+(-?[\d.]+) ±").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(MeanReturn(fromOnnx), Is.EqualTo(MeanReturn(fromCheckpoint)).Within(0.011), fromOnnx + fromCheckpoint);
        Assert.That(MeanReturn(fromCheckpoint), Is.LessThan(0), "pendulum returns are negative, so the number was read");

        (code, output) = Run("eval", "--policy", file, "--env", "cartpole", "--episodes", "1");
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("expects 3 observation values and 1-dimensional Box actions, but cartpole has 4 values and 2 discrete actions"));
    }

    [Test]
    public void MnistExportWritesTheClassifier()
    {
        var data = Path.Combine(_dir, "mnist-data");
        SignalTests.WriteMnist(data, train: 200, test: 50);
        var runs = Path.Combine(_dir, "mnist-runs");
        var (code, output) = Run("mnist", "--data", data, "--no-download", "--epochs", "1", "--runs", runs);
        Assert.That(code, Is.EqualTo(0), output);
        var checkpoint = Directory.GetFiles(runs, "model.ckpt", SearchOption.AllDirectories).Single();
        (code, output) = Run("mnist", "export", "--checkpoint", checkpoint, "--format", "onnx");
        Assert.That(code, Is.EqualTo(0), output);
        var file = Path.Combine(Path.GetDirectoryName(checkpoint)!, "model.onnx");
        Assert.That(File.Exists(file), output);
        Assert.That(output, Does.Contain("images  float [batch, 1, 28, 28]").And.Contain("probabilities  float [batch, 10]"));
    }

    private static IEnumerable<TestCaseData> BadInputs()
    {
        TestCaseData Case(int code, string expected, params string[] args) =>
            new TestCaseData(code, expected, args).SetArgDisplayNames(string.Join(" ", args));
        yield return Case(2, "--checkpoint is required", "export", "--format", "onnx");
        yield return Case(2, "--format is required: one of onnx, pt, safetensors.", "export", "--checkpoint", "{run}");
        yield return Case(2, "--format tflite: unknown format; expected one of onnx, pt, safetensors.", "export", "--checkpoint", "{run}", "--format", "tflite");
        yield return Case(1, "does not exist", "export", "--checkpoint", "{dir}/missing/checkpoint.ckpt", "--format", "onnx");
        yield return Case(1, "", "export", "--checkpoint", "{dir}/notes.onnx", "--format", "onnx");
        yield return Case(2, "--format tflite: unknown format; expected one of onnx, pt, safetensors.", "mnist", "export", "--checkpoint", "x.ckpt", "--format", "tflite");
        yield return Case(1, "", "mnist", "export", "--checkpoint", "{dir}/missing/model.ckpt", "--format", "onnx");
        yield return Case(1, "not a valid ONNX model", "eval", "--policy", "{dir}/notes.onnx");
        yield return Case(1, "no such file", "eval", "--policy", "{dir}/missing.onnx");
        yield return Case(1, "expects observations of shape [4] (4 values) and 2 actions, but acrobot has 6 values and 3 actions", "eval", "--policy", "{policy}", "--env", "acrobot");
        yield return Case(2, "not both", "eval", "--policy", "{policy}", "--checkpoint", "{run}");
        yield return Case(2, "--env goes with --policy only", "eval", "--checkpoint", "{run}", "--env", "cartpole");
        yield return Case(2, "", "eval", "--policy", "{policy}", "--env", "nope");
        yield return Case(1, "not a valid ONNX model", "watch", "--policy", "{dir}/notes.onnx", "--record", "{dir}/x.gif");
        yield return Case(2, "watch needs one of", "watch", "--policy", "{policy}", "--checkpoint", "{run}");
    }

    [TestCaseSource(nameof(BadInputs))]
    public void BadInputIsOneLine(int expectedCode, string expectedText, string[] args)
    {
        var real = args.Select(a => a.Replace("{dir}", _dir).Replace("{run}", _run).Replace("{policy}", _policy)).ToArray();
        var (code, output) = Run(real);
        Assert.That(code, Is.EqualTo(expectedCode), output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(lines.Count(l => l.StartsWith("rlarena: error:")), Is.EqualTo(1), output);
        Assert.That(lines[0], Does.StartWith("rlarena: error:").And.Contain(expectedText), output);
        Assert.That(lines.Skip(1), Has.All.StartWith("Usage: rlarena"), output);
        Assert.That(output, Does.Not.Contain("   at ").And.Not.Contain("Exception"), "no stack trace, no exception names");
    }
}
