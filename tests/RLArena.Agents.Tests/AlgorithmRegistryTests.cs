using RLArena.Agents.Dqn;
using RLArena.Agents.Ppo;
using RLArena.Agents.Training;
using RLArena.Core.Errors;
using RLArena.Engine.Config;
using RLArena.Engine.Networks;

namespace RLArena.Agents.Tests;

/// <summary>The algorithm registry, the typed configs (enums, shared keys) and the declared ranges of every key.</summary>
public class AlgorithmRegistryTests
{
    [Test]
    public void EveryAlgorithmIsFoundByNameAndOwnsItsConfig()
    {
        Assert.That(AlgorithmRegistry.All.Select(a => a.Name), Is.EqualTo(new[] { "ppo", "dqn", "sac" }));
        foreach (var algorithm in AlgorithmRegistry.All)
        {
            Assert.That(AlgorithmRegistry.Get(algorithm.Name.ToUpperInvariant()), Is.SameAs(algorithm));
            var config = algorithm.CreateConfig();
            Assert.That(config.Algorithm, Is.EqualTo(algorithm.Name));
            Assert.That(AlgorithmRegistry.For(config), Is.SameAs(algorithm));
            Assert.That(algorithm.Description, Is.Not.Empty);
            Assert.DoesNotThrow(config.Validate, "the defaults are valid");
        }
        Assert.That(AlgorithmRegistry.Get("ppo").CreateConfig(), Is.InstanceOf<PpoConfig>());
        Assert.That(AlgorithmRegistry.Get("dqn").CreateConfig(), Is.InstanceOf<DqnConfig>());
        Assert.That(AlgorithmRegistry.Get("sac").CreateConfig(), Is.InstanceOf<RLArena.Agents.Sac.SacConfig>());
    }

    [Test]
    public void AnUnknownAlgorithmIsOneLineListingTheValidNames()
    {
        var e = Assert.Throws<UsageException>(() => AlgorithmRegistry.Get("a2c"))!;
        Assert.That(e.Message, Is.EqualTo("--algo a2c: unknown algorithm; expected one of ppo, dqn, sac."));
    }

    [Test]
    public void ConfigFactoryAppliesTheChanges()
    {
        var config = AlgorithmRegistry.Config<PpoConfig>("ppo", c => { c.Env = "gridworld"; c.TotalTimesteps = 5_000; });
        Assert.That((config.Env, config.TotalTimesteps, config.NumEnvs), Is.EqualTo(("gridworld", 5_000L, 4)));
        Assert.Throws<UsageException>(() => AlgorithmRegistry.Config<DqnConfig>("ppo"));
    }

    [Test]
    public void SharedKeysComeFirstAndEveryConfigRoundTrips()
    {
        foreach (var algorithm in AlgorithmRegistry.All)
        {
            var keys = ConfigBinder.Keys(algorithm.CreateConfig().GetType());
            Assert.That(keys.Take(6), Is.EqualTo(new[] { "env", "seed", "total_timesteps", "num_envs", "checkpoint_every", "torch_threads" }));
        }
        var ppo = new PpoConfig { Activation = Activation.ReLU, Hidden = [8, 4], LearningRate = 1e-3 };
        var described = ConfigBinder.Describe(ppo);
        Assert.That(described, Does.Contain(new KeyValuePair<string, string>("activation", "relu")));
        var back = new PpoConfig();
        ConfigBinder.Apply(back, described, "test");
        Assert.That(ConfigBinder.Describe(back), Is.EqualTo(described));

        var dqn = new DqnConfig { Loss = TdLoss.Huber };
        Assert.That(ConfigBinder.Describe(dqn), Does.Contain(new KeyValuePair<string, string>("loss", "huber")));
    }

    [TestCase("activation", "tanh", Activation.Tanh)]
    [TestCase("activation", "relu", Activation.ReLU)]
    [TestCase("activation", "ReLU", Activation.ReLU)]
    [TestCase("activation", "TANH", Activation.Tanh)]
    public void ActivationTextBindsToTheEnum(string key, string text, Activation expected)
    {
        var config = new PpoConfig();
        ConfigBinder.Apply(config, [new(key, text)], "test");
        Assert.That(config.Activation, Is.EqualTo(expected));
    }

    [Test]
    public void ABadEnumValueIsOneLineListingTheValidValues()
    {
        var e = Assert.Throws<UsageException>(() => ConfigBinder.Apply(new PpoConfig(), [new("activation", "gelu")], "--set"))!;
        Assert.That(e.Message, Is.EqualTo("--set: activation=gelu is not valid; expected one of relu, tanh."));
        e = Assert.Throws<UsageException>(() => ConfigBinder.Apply(new DqnConfig(), [new("loss", "l1")], "--set"))!;
        Assert.That(e.Message, Is.EqualTo("--set: loss=l1 is not valid; expected one of mse, huber."));
    }

    /// <summary>Every numeric key of every algorithm declares a range; a value outside it fails naming key, value and range.</summary>
    [Test]
    public void EveryKeyHasARangeAndAnOutOfRangeValueIsOneLine()
    {
        foreach (var algorithm in AlgorithmRegistry.All)
        {
            var type = algorithm.CreateConfig().GetType();
            foreach (var key in ConfigBinder.Keys(type))
            {
                var property = type.GetProperties().Single(p => ConfigBinder.SnakeCase(p.Name) == key);
                var kind = property.PropertyType;
                if (kind == typeof(string) || kind == typeof(bool) || kind.IsEnum) continue; // no numeric range: checked by their parsers
                var range = ConfigBinder.RangeOf(type, key);
                Assert.That(range, Is.Not.Null, $"{algorithm.Name} {key} declares no range");

                var bad = range!.Min - 1;
                var config = algorithm.CreateConfig();
                var text = kind == typeof(int[]) ? "0"
                    : kind == typeof(int) || kind == typeof(long) ? ((long)Math.Floor(range.MinExclusive ? range.Min : bad)).ToString()
                    : (range.MinExclusive ? range.Min : bad).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (kind == typeof(int[]) && range.Min <= 0) Assert.Fail($"{key}: layer sizes must be positive");
                ConfigBinder.Apply(config, [new(key, text)], "test");
                var e = Assert.Throws<UsageException>(config.Validate, $"{algorithm.Name} {key}={text}")!;
                Assert.That(e.Message, Does.StartWith($"{key}=").And.Contain("out of range").And.Contain(range.ToString()), e.Message);
                Assert.That(e.Message, Does.Not.Contain("\n"));
            }
        }
    }

    [Test]
    public void UpperBoundsAndCombinationsAreChecked()
    {
        var ppo = new PpoConfig { Gamma = 1.5 };
        Assert.That(Assert.Throws<UsageException>(ppo.Validate)!.Message, Is.EqualTo("gamma=1.5 is out of range; expected a value in [0, 1]."));
        var dqn = new DqnConfig { Tau = 0 };
        Assert.That(Assert.Throws<UsageException>(dqn.Validate)!.Message, Is.EqualTo("tau=0 is out of range; expected a value in (0, 1]."));
        ppo = new PpoConfig { NumEnvs = 1, NumSteps = 4, NumMinibatches = 8 };
        Assert.That(Assert.Throws<UsageException>(ppo.Validate)!.Message, Does.StartWith("num_minibatches=8 is out of range"));
        ppo = new PpoConfig { Hidden = [] };
        Assert.That(Assert.Throws<UsageException>(ppo.Validate)!.Message, Does.StartWith("hidden="));
    }

    [Test]
    public void OldCheckpointTextBindsIntoTypedConfigs()
    {
        // Checkpoints written before enums stored these texts.
        var old = new Dictionary<string, string> { ["activation"] = "tanh", ["env"] = "cartpole", ["hidden"] = "64,64" };
        var ppo = new PpoConfig { Activation = Activation.ReLU };
        ConfigBinder.Apply(ppo, old, "checkpoint");
        Assert.That(ppo.Activation, Is.EqualTo(Activation.Tanh));
        var dqn = new DqnConfig();
        ConfigBinder.Apply(dqn, [new("loss", "huber")], "checkpoint");
        Assert.That(dqn.Loss, Is.EqualTo(TdLoss.Huber));
    }
}
