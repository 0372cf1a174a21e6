using RLArena.Engine.Config;
using RLArena.Core.Errors;

namespace RLArena.Engine.Tests;

public class ConfigTests
{
    private enum Optimizer { Sgd, Adam }

    private sealed class Settings
    {
        public double LearningRate { get; set; } = 0.01;
        public int BatchSize { get; set; } = 64;
        public bool Shuffle { get; set; } = true;
        public int[] Hidden { get; set; } = [128, 64];
        public Optimizer Optimizer { get; set; } = Optimizer.Sgd;
        public string Dataset { get; set; } = "mnist";
    }

    [Test]
    public void KeysAreSnakeCaseOfThePropertyNames()
    {
        Assert.That(ConfigBinder.Keys(typeof(Settings)),
            Is.EqualTo(new[] { "learning_rate", "batch_size", "shuffle", "hidden", "optimizer", "dataset" }));
        Assert.That(ConfigBinder.SnakeCase("GaeLambda"), Is.EqualTo("gae_lambda"));
        Assert.That(ConfigBinder.SnakeCase("TargetKL"), Is.EqualTo("target_kl"));
    }

    [Test]
    public void YamlThenOverridesApplyInOrder()
    {
        var settings = new Settings();
        var yaml = ConfigYaml.Read("\uFEFFlearning_rate: 0.001\nhidden: [256, 256]\noptimizer: adam\nshuffle: false\n", "test.yaml");
        ConfigBinder.Apply(settings, yaml, "test.yaml");
        ConfigBinder.Apply(settings, ConfigBinder.ParseOverrides(["batch_size=32", "learning_rate=3e-4"]), "--set");
        Assert.That(settings.LearningRate, Is.EqualTo(3e-4));
        Assert.That(settings.BatchSize, Is.EqualTo(32));
        Assert.That(settings.Hidden, Is.EqualTo(new[] { 256, 256 }));
        Assert.That(settings.Optimizer, Is.EqualTo(Optimizer.Adam));
        Assert.That(settings.Shuffle, Is.False);
    }

    [Test]
    public void AnUnknownKeyNamesTheClosestValidOne()
    {
        var error = Assert.Throws<UsageException>(() =>
            ConfigBinder.Apply(new Settings(), [new("lerning_rate", "0.1")], "my.yaml"));
        Assert.That(error!.Message, Does.Contain("my.yaml").And.Contain("'lerning_rate'").And.Contain("did you mean 'learning_rate'"));
    }

    [Test]
    public void ABadValueSaysWhatWasExpected()
    {
        var error = Assert.Throws<UsageException>(() => ConfigBinder.Apply(new Settings(), [new("batch_size", "lots")], "--set"));
        Assert.That(error!.Message, Does.Contain("batch_size=lots").And.Contain("whole number"));
        var enumError = Assert.Throws<UsageException>(() => ConfigBinder.Apply(new Settings(), [new("optimizer", "rmsprop")], "--set"));
        Assert.That(enumError!.Message, Does.Contain("sgd, adam"));
    }

    [Test]
    public void NestedSectionsAndBrokenYamlAreRejected()
    {
        Assert.Throws<UsageException>(() => ConfigYaml.Read("a:\n  b: 1\n", "x.yaml"));
        Assert.Throws<UsageException>(() => ConfigYaml.Read("a: [1, 2\n", "x.yaml"));
        Assert.That(ConfigYaml.Read("", "empty.yaml"), Is.Empty);
    }

    [Test]
    public void DescribeWritesYamlThatReadsBackToTheSameSettings()
    {
        var settings = new Settings { LearningRate = 0.0025, Hidden = [32], Optimizer = Optimizer.Adam, Dataset = "fashion-mnist" };
        var yaml = ConfigYaml.Write(ConfigBinder.Describe(settings));
        var copy = new Settings();
        ConfigBinder.Apply(copy, ConfigYaml.Read(yaml, "roundtrip"), "roundtrip");
        Assert.That(ConfigBinder.Describe(copy), Is.EqualTo(ConfigBinder.Describe(settings)));
    }
}
