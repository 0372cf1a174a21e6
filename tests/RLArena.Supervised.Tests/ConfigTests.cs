using RLArena.Engine.Config;
using RLArena.Core.Errors;
using RLArena.Supervised.Training;

namespace RLArena.Supervised.Tests;

public class ConfigTests
{
    private static string RepoFile(params string[] parts)
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RLArena.sln"))) dir = dir.Parent;
        Assert.That(dir, Is.Not.Null, "repository root not found");
        return Path.Combine([dir!.FullName, .. parts]);
    }

    [Test]
    public void The_defaults_are_the_tutorials()
    {
        var s = new MnistSettings();
        Assert.That((s.Dataset, s.Epochs, s.BatchSize, s.Lr, s.Momentum, s.Optimizer), Is.EqualTo(("mnist", 10, 64, 0.01, 0.9, OptimizerKind.Sgd)));
        Assert.That(s.Hidden, Is.EqualTo(new[] { 128, 64 }));
        Assert.That(s.LogInterval, Is.EqualTo(100));
        Assert.That(ClassifierModel.Spec(s.Hidden, 10).ToString(), Is.EqualTo("MLP 784-128-64-10 (relu)"));
    }

    [Test]
    public void Keys_are_the_flag_names_in_snake_case()
    {
        Assert.That(ConfigBinder.Keys(typeof(MnistSettings)), Is.EqualTo(new[]
        {
            "dataset", "data", "no_download", "epochs", "batch_size", "lr", "momentum", "optimizer", "hidden", "seed",
            "device", "threads", "log_interval", "test_batch_size", "runs_dir",
        }));
    }

    [TestCase("mnist.yaml", "mnist")]
    [TestCase("fashion-mnist.yaml", "fashion-mnist")]
    public void The_shipped_config_files_bind_to_the_defaults(string file, string dataset)
    {
        var s = new MnistSettings();
        ConfigBinder.Apply(s, ConfigYaml.ReadFile(RepoFile("configs", "mnist", file)), file);
        s.Validate();
        var defaults = ConfigBinder.Describe(new MnistSettings { Dataset = dataset });
        Assert.That(ConfigBinder.Describe(s), Is.EqualTo(defaults));
    }

    [Test]
    public void An_unknown_key_is_an_error_naming_the_closest_valid_one()
    {
        var yaml = ConfigYaml.Read("epochs: 3\nbatch_sise: 32\n", "my.yaml");
        var error = Assert.Throws<UsageException>(() => ConfigBinder.Apply(new MnistSettings(), yaml, "my.yaml"))!;
        Assert.That(error.Message, Does.Contain("my.yaml").And.Contain("'batch_sise'").And.Contain("did you mean 'batch_size'"));
    }

    [Test]
    public void Values_are_checked()
    {
        var s = new MnistSettings();
        Assert.Throws<UsageException>(() => ConfigBinder.Apply(s, [new("optimizer", "rmsprop")], "x"));
        Assert.Throws<UsageException>(() => ConfigBinder.Apply(s, [new("hidden", "128,abc")], "x"));
        ConfigBinder.Apply(s, [new("optimizer", "adam"), new("hidden", "[256, 128, 32]")], "x");
        Assert.That((s.Optimizer, s.Hidden), Is.EqualTo((OptimizerKind.Adam, new[] { 256, 128, 32 })));
        Assert.That(Assert.Throws<UsageException>(() => new MnistSettings { Epochs = 0 }.Validate())!.Message, Does.Contain("--epochs"));
        Assert.That(Assert.Throws<UsageException>(() => new MnistSettings { Momentum = 1.5 }.Validate())!.Message, Does.Contain("--momentum"));
        Assert.That(Assert.Throws<UsageException>(() => new MnistSettings { Dataset = "cifar" }.Validate())!.Message, Does.Contain("fashion-mnist"));
        Assert.That(Assert.Throws<UsageException>(() => new MnistSettings { Hidden = [] }.Validate())!.Message, Does.Contain("--hidden"));
    }
}
