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
            "device", "threads", "log_interval", "test_batch_size", "runs_dir", "init_from",
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
        Assert.That(Assert.Throws<UsageException>(() => new MnistSettings { Epochs = 0 }.Validate())!.Message, Is.EqualTo("epochs=0 is out of range; expected a value in [1, 100000]."));
        Assert.That(Assert.Throws<UsageException>(() => new MnistSettings { Momentum = 1.5 }.Validate())!.Message, Is.EqualTo("momentum=1.5 is out of range; expected a value in [0, 1)."));
        Assert.That(Assert.Throws<UsageException>(() => new MnistSettings { Dataset = "cifar" }.Validate())!.Message, Does.Contain("fashion-mnist"));
        Assert.That(Assert.Throws<UsageException>(() => new MnistSettings { Hidden = [] }.Validate())!.Message, Does.StartWith("hidden="));
        Assert.That(Assert.Throws<UsageException>(() => new MnistSettings { Seed = -1 }.Validate())!.Message, Is.EqualTo("seed=-1 is out of range; expected a value in [0, 2147483647]."));
        Assert.That(Assert.Throws<UsageException>(() => new MnistSettings { Lr = double.NaN }.Validate())!.Message, Does.StartWith("lr=NaN is not a finite number"));
        Assert.That(Assert.Throws<UsageException>(() => new MnistSettings { RunsDir = " " }.Validate())!.Message, Does.StartWith("runs_dir is empty"));
    }

    [Test]
    public void Every_numeric_key_declares_a_range_and_a_value_outside_it_is_one_line_naming_key_value_and_range()
    {
        var type = typeof(MnistSettings);
        var walked = 0;
        foreach (var key in ConfigBinder.Keys(type))
        {
            var property = type.GetProperties().Single(p => ConfigBinder.SnakeCase(p.Name) == key);
            var kind = property.PropertyType;
            if (kind == typeof(string) || kind == typeof(bool) || kind.IsEnum) continue; // checked by their parsers
            var range = ConfigBinder.RangeOf(type, key);
            Assert.That(range, Is.Not.Null, $"{key} declares no range");
            var texts = new List<string>();
            if (kind == typeof(int[])) texts.Add(((long)range!.Min - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            else
            {
                texts.Add((range!.MinExclusive ? range.Min : range.Min - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (!double.IsPositiveInfinity(range.Max) && range.Max < int.MaxValue)
                    texts.Add((range.MaxExclusive ? range.Max : range.Max + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (kind == typeof(double)) texts.AddRange(["NaN", "Infinity"]);
            }
            foreach (var text in texts)
            {
                var settings = new MnistSettings();
                ConfigBinder.Apply(settings, [new(key, text)], "test");
                var e = Assert.Throws<UsageException>(settings.Validate, $"{key}={text}")!;
                Assert.That(e.Message, Does.StartWith($"{key}=").And.Contain(range.ToString()), e.Message);
                Assert.That(e.Message, Does.Not.Contain("\n"));
                walked++;
            }
        }
        Assert.That(walked, Is.GreaterThanOrEqualTo(15));
    }
}
