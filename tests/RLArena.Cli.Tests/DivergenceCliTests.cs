namespace RLArena.Cli.Tests;

/// <summary>
/// Through the real CLI: a diverging MNIST run is one error line and exit 1 with no checkpoint of broken weights;
/// rules between settings are one line and exit 2; steps that are not a whole number of rollouts are announced.
/// </summary>
[NonParallelizable]
public class DivergenceCliTests
{
    private string _dir = "";

    [SetUp]
    public void Folder() => _dir = Directory.CreateTempSubdirectory("rlarena-diverge-").FullName;

    [TearDown]
    public void Clean() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void A_diverging_mnist_run_is_one_line_exit_1_and_saves_no_broken_weights()
    {
        var data = Path.Combine(_dir, "data");
        SignalTests.WriteMnist(data, train: 100, test: 20);
        var runs = Path.Combine(_dir, "runs");
        var (code, stdout, stderr) = ChildProcess.Run(_dir, TimeSpan.FromSeconds(120), "mnist", "--data", data, "--no-download",
            "--lr", "1e6", "--momentum", "0", "--batch-size", "1", "--epochs", "2", "--runs", runs);
        Assert.That(code, Is.EqualTo(1), stdout + stderr);
        var lines = stderr.Trim().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        Assert.That(lines[0], Does.StartWith("rlarena: error: training diverged in steps 1-").And.Contain("of epoch 1")
            .And.Contain("became NaN or infinite").And.Contain("lr=1000000 too high").And.Contain("No checkpoint was written"));
        Assert.That(Directory.GetFiles(runs, "model.ckpt", SearchOption.AllDirectories), Is.Empty);
    }

    [TestCase("train", "--steps", "100")]
    [TestCase("train", "--algo", "dqn", "--steps", "2000", "--set", "batch_size=512", "--set", "buffer_size=100")]
    [TestCase("train", "--algo", "dqn", "--steps", "2000", "--set", "learning_starts=2000")]
    [TestCase("train", "--set", "learning_rate=nan")]
    [TestCase("mnist", "--seed", "-1")]
    [TestCase("mnist", "--set", "lr=inf")]
    public void Nonsense_settings_are_one_line_and_exit_2(params string[] args)
    {
        var (code, stdout, stderr) = ChildProcess.Run(_dir, TimeSpan.FromSeconds(60), [.. args, "--runs", Path.Combine(_dir, "runs")]);
        Assert.That(code, Is.EqualTo(2), stdout + stderr);
        Assert.That(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("rlarena: error:", StringComparison.Ordinal)), Is.EqualTo(1), stderr);
        Assert.That(stderr, Does.Not.Contain("   at "));
        Assert.That(Directory.Exists(Path.Combine(_dir, "runs")), Is.False, "no run folder is made before the settings are checked");
    }

    [Test]
    public void Steps_that_are_not_whole_rollouts_are_announced()
    {
        var (code, stdout, stderr) = ChildProcess.Run(_dir, TimeSpan.FromSeconds(120), "train", "--steps", "300", "--set", "num_steps=32",
            "--eval-episodes", "0", "--runs", Path.Combine(_dir, "runs"));
        Assert.That(code, Is.EqualTo(0), stdout + stderr);
        Assert.That(stdout, Does.Contain("Note: total_timesteps=300 is not a multiple of the rollout size 256 (num_envs × num_steps; PPO trains whole rollouts), so 256 steps will be trained."));
        Assert.That(stdout, Does.Contain("Done: 256 steps"));
    }
}
