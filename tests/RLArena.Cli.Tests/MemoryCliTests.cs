using System.Globalization;

namespace RLArena.Cli.Tests;

/// <summary>
/// Through the real CLI (its own runtime settings): the managed heap of a training run stays small, so resident memory
/// does not climb while the garbage collector waits for a first collection. With the workstation collector, gen0 is
/// sized from the CPU's L3 cache, and on a machine that reports a 300 MiB L3 the first collection came only after
/// ~85 MB of short-lived allocations (PPO CartPole: RSS 189 -> 300 MB over the first ~160k steps).
/// </summary>
[NonParallelizable]
public class MemoryCliTests
{
    private string _dir = "";

    [SetUp]
    public void Folder() => _dir = Directory.CreateTempSubdirectory("rlarena-memory-").FullName;

    [TearDown]
    public void Clean() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void A_ppo_run_keeps_its_managed_heap_small_from_update_to_update()
    {
        // CleanRL's ppo.py settings (bench/rl/cleanrl-ppo.yaml): 4 x 128 steps, 4 epochs of 4 minibatches. 80 updates
        // allocate about 20 MB of short-lived objects (tensor handles, log lines), which a collector that keeps
        // gen0 in proportion to the live heap collects many times over (here: every ~9 updates, the heap cycling
        // between 1 and 3.5 MB; with the workstation collector on a 300 MiB-L3 machine it grew to 23 MB, uncollected).
        var runs = Path.Combine(_dir, "runs");
        var (code, stdout, stderr) = ChildProcess.Run(_dir, TimeSpan.FromSeconds(180), "train", "--algo", "ppo", "--env", "cartpole",
            "--steps", "40960", "--set", "num_envs=4", "--set", "num_steps=128", "--set", "num_minibatches=4", "--set", "update_epochs=4",
            "--eval-episodes", "0", "--runs", runs);
        Assert.That(code, Is.EqualTo(0), stdout + stderr);
        var metrics = Directory.GetFiles(runs, "metrics.csv", SearchOption.AllDirectories).Single();
        var managed = Series(metrics, "perf/managed_mb");
        var rss = Series(metrics, "perf/rss_mb");
        Assert.That(managed, Has.Count.EqualTo(80), "one managed-heap point per update");
        Assert.That(rss, Has.Count.EqualTo(80), "one RSS point per update");
        Assert.That(managed.Max(), Is.LessThan(10), $"managed heap per update (MB): {string.Join(" ", managed.Select(m => m.ToString("F1", CultureInfo.InvariantCulture)))}");
        Assert.That(rss[^1] - rss[9], Is.LessThan(12), $"RSS from update 10 to update 80 (MB): {rss[9]:F1} -> {rss[^1]:F1}");
    }

    private static List<double> Series(string csv, string metric) =>
        File.ReadLines(csv).Skip(1).Select(l => l.Split(','))
            .Where(p => p.Length == 4 && p[2] == metric)
            .Select(p => double.Parse(p[3], CultureInfo.InvariantCulture)).ToList();
}
