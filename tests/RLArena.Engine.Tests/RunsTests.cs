using System.Text.RegularExpressions;
using RLArena.Engine.Devices;
using RLArena.Core.Errors;
using RLArena.Engine.Runs;

namespace RLArena.Engine.Tests;

public class RunsTests
{
    [Test]
    public void RunDirectoryIsNamedAfterNameSeedAndTimeAndHoldsConfigMetricsAndTensorBoard()
    {
        var root = Directory.CreateTempSubdirectory("rlarena-runs-").FullName;
        try
        {
            var run = RunDirectory.Create(root, "ppo_cartpole", 3, new DateTime(2026, 11, 25, 20, 30, 5));
            Assert.That(Path.GetFileName(run.Path), Is.EqualTo("ppo_cartpole__3__20261125-203005"));
            run.WriteConfig([new("learning_rate", "0.001"), new("env", "cartpole")]);
            Assert.That(File.ReadAllText(run.File("config.yaml")), Does.Contain("learning_rate: 0.001").And.Contain("env: cartpole"));

            using (var metrics = new MetricsLogger(run))
            {
                metrics.Scalar("charts/episodic_return", 21.5, 100);
                metrics.Scalar("losses/value_loss", 0.25, 100);
                metrics.Flush();
                Assert.That(metrics.Series["charts/episodic_return"], Is.EqualTo(new[] { (100L, 21.5) }));
            }
            var lines = File.ReadAllLines(run.File("metrics.csv"));
            Assert.That(lines[0], Is.EqualTo("step,wall_time,metric,value"));
            Assert.That(lines[1], Does.Match(@"^100,[0-9.]+,charts/episodic_return,21\.5$"));
            Assert.That(Directory.GetFiles(run.Path, "events.out.tfevents*", SearchOption.AllDirectories), Is.Not.Empty);

            var second = RunDirectory.Create(root, "ppo_cartpole", 3, new DateTime(2026, 11, 25, 20, 30, 5));
            Assert.That(second.Path, Is.Not.EqualTo(run.Path), "a second run in the same second gets its own folder");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void ARunsFolderThatCannotBeMadeIsAOneLineErrorNamingIt()
    {
        var blocker = Path.Combine(Directory.CreateTempSubdirectory("rlarena-runs-").FullName, "a-file");
        File.WriteAllText(blocker, "not a folder");
        var e = Assert.Throws<UserFacingException>(() => RunDirectory.Create(blocker, "ppo_cartpole", 1))!;
        Assert.That(e.Message, Does.Contain("cannot create the run folder under").And.Contain(blocker));
        File.Delete(blocker);
    }

    [Test]
    public void DeviceChoiceIsValidated()
    {
        Assert.That(DeviceSelector.Resolve("cpu").type, Is.EqualTo(TorchSharp.DeviceType.CPU));
        Assert.That(DeviceSelector.Resolve("auto").type,
            Is.EqualTo(DeviceSelector.CudaAvailable ? TorchSharp.DeviceType.CUDA : TorchSharp.DeviceType.CPU));
        Assert.Throws<UsageException>(() => DeviceSelector.Resolve("tpu"));
        if (!DeviceSelector.CudaAvailable)
        {
            var error = Assert.Throws<UsageException>(() => DeviceSelector.Resolve("cuda"));
            Assert.That(error!.Message, Does.Contain("CUDA is not available").And.Contain("--device cpu"));
        }
    }
}
