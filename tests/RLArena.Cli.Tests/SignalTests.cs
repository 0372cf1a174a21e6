using System.IO.Compression;
using System.Text.RegularExpressions;

namespace RLArena.Cli.Tests;

/// <summary>
/// SIGTERM (timeout, docker stop, systemd, Slurm) stops training like Ctrl+C: the checkpoint is saved, its path
/// printed, the exit code is 143, and the run resumes. A second signal quits at once.
/// </summary>
[NonParallelizable]
public class SignalTests
{
    private string _dir = "";

    [SetUp]
    public void Folder() => _dir = Directory.CreateTempSubdirectory("rlarena-signal-").FullName;

    [TearDown]
    public void Clean() => Directory.Delete(_dir, recursive: true);

    private static readonly TimeSpan Minute = TimeSpan.FromSeconds(60);

    private string[] TrainArgs(string runs, long steps) =>
        ["train", "--steps", steps.ToString(), "--envs", "4", "--set", "num_steps=64", "--set", "num_minibatches=2",
         "--runs", runs, "--eval-episodes", "0"];

    [Test]
    public void SigtermDuringTrainSavesTheCheckpointExitsWith143AndTheRunResumes()
    {
        var runs = Path.Combine(_dir, "runs");
        int code;
        string stdout, stderr;
        using (var train = new ChildProcess(_dir, TrainArgs(runs, 50_000_000)))
        {
            train.WaitFor("step ", Minute); // the first progress line: training is under way
            train.Signal("TERM");
            code = train.WaitForExit(Minute);
            (stdout, stderr) = (train.Stdout, train.Stderr);
        }
        Assert.That(code, Is.EqualTo(143), stdout + stderr);
        Assert.That(stderr, Does.Contain("SIGTERM received: stopping after the current update and saving a checkpoint"));
        Assert.That(stderr, Does.Not.Contain("   at "));
        var checkpoint = Regex.Match(stdout, @"Checkpoint: (\S+)").Groups[1].Value;
        Assert.That(File.Exists(checkpoint), Is.True, stdout);
        var interrupted = Regex.Match(stdout, @"Interrupted: ([\d,]+) steps");
        Assert.That(interrupted.Success, stdout);
        var step = long.Parse(interrupted.Groups[1].Value.Replace(",", ""));
        var runDirectory = Path.GetDirectoryName(checkpoint)!;
        Assert.That(File.Exists(Path.Combine(runDirectory, "run.lock")), Is.False, "the lock is released at exit");

        var (resumed, resumedOut, resumedErr) = ChildProcess.Run(_dir, Minute,
            "train", "--resume", checkpoint, "--steps", (step + 512).ToString(), "--eval-episodes", "0");
        Assert.That(resumed, Is.EqualTo(0), resumedOut + resumedErr);
        Assert.That(resumedOut, Does.Contain($"at step {step:N0}"));
        Assert.That(resumedOut, Does.Contain($"Done: {step + 512:N0} steps"));
    }

    [Test]
    public void ASecondSigtermQuitsAtOnce()
    {
        using var train = new ChildProcess(_dir, ["train", "--steps", "50000000", "--set", "num_steps=4096", "--runs", Path.Combine(_dir, "runs"), "--eval-episodes", "0"]);
        train.WaitFor("Training PPO", Minute);
        Thread.Sleep(1500); // inside an update of 4096 × 8 steps
        train.Signal("TERM");
        Thread.Sleep(200);
        train.Signal("TERM");
        Assert.That(train.WaitForExit(Minute), Is.EqualTo(143), train.Stdout + train.Stderr);
        Assert.That(train.Stderr, Does.Contain("quitting at once"));
        Assert.That(train.Stdout, Does.Not.Contain("Interrupted:"), "no checkpoint was waited for");
    }

    [Test]
    public void SigtermDuringMnistTrainingSavesTheCheckpointAndExitsWith143()
    {
        var data = Path.Combine(_dir, "data");
        WriteMnist(data, train: 20_000, test: 500);
        var runs = Path.Combine(_dir, "runs");
        using var mnist = new ChildProcess(_dir, ["mnist", "--data", data, "--no-download", "--epochs", "1000", "--runs", runs, "--log-interval", "50"]);
        mnist.WaitFor("Epoch 1, Step 50", Minute);
        mnist.Signal("TERM");
        var code = mnist.WaitForExit(Minute);
        Assert.That(code, Is.EqualTo(143), mnist.Stdout + mnist.Stderr);
        Assert.That(mnist.Stderr, Does.Contain("SIGTERM received"));
        var saved = Regex.Match(mnist.Stdout, @"the checkpoint holds the weights reached: (\S+)");
        Assert.That(saved.Success, mnist.Stdout);
        Assert.That(mnist.Stdout, Does.Contain("Interrupted (SIGTERM) in epoch"));
        var (evalCode, evalOut, evalErr) = ChildProcess.Run(_dir, Minute, "mnist", "eval", "--checkpoint", saved.Groups[1].Value, "--data", data, "--no-download");
        Assert.That(evalCode, Is.EqualTo(0), evalOut + evalErr);
    }

    /// <summary>Four gzipped IDX files of random 28×28 images with labels 0..9.</summary>
    internal static void WriteMnist(string folder, int train, int test)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(1);
        void Write(string name, byte[] header, int count, int itemSize)
        {
            using var file = new GZipStream(File.Create(Path.Combine(folder, name)), CompressionLevel.Fastest);
            file.Write(header);
            var body = new byte[count * itemSize];
            if (itemSize == 1) for (var i = 0; i < count; i++) body[i] = (byte)(i % 10);
            else random.NextBytes(body);
            file.Write(body);
        }
        byte[] Header(int magic, params int[] sizes) =>
            new[] { magic }.Concat(sizes).SelectMany(v => BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v))).ToArray();
        Write("train-images-idx3-ubyte.gz", Header(0x803, train, 28, 28), train, 784);
        Write("train-labels-idx1-ubyte.gz", Header(0x801, train), train, 1);
        Write("t10k-images-idx3-ubyte.gz", Header(0x803, test, 28, 28), test, 784);
        Write("t10k-labels-idx1-ubyte.gz", Header(0x801, test), test, 1);
    }
}
