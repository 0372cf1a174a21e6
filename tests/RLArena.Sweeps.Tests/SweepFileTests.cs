using System.Globalization;
using RLArena.Core.Errors;
using RLArena.Sweeps.Files;
using RLArena.Sweeps.Planning;

namespace RLArena.Sweeps.Tests;

/// <summary>Sweep files: what they plan (grid and random, seeded and reproducible, counts) and every strict error.</summary>
public sealed class SweepFileTests
{
    private static SweepSpec Parse(string text) => SweepFile.Parse(text, "test.yaml", Path.GetTempPath(), "test");

    private const string Tiny = "algo: ppo\nenv: cartpole\nbase: {num_envs: 4, num_steps: 16}\nsteps: 1024\n";

    [Test]
    public void GridTakesEveryCombinationInFileOrderTimesEverySeed()
    {
        var planned = SweepPlanner.Plan(Parse(Tiny + "search:\n  learning_rate: [0.001, 0.0003]\n  gae_lambda: {grid: [0.8, 0.9, 0.95]}\nseeds: 3\n"));
        var plan = planned.Plan;
        Assert.That(plan.Configurations, Has.Count.EqualTo(6));
        Assert.That(plan.Trials, Has.Count.EqualTo(18));
        Assert.That(plan.Configurations.Select(c => c.Describe()), Is.EqualTo(new[]
        {
            "learning_rate=0.001 gae_lambda=0.8", "learning_rate=0.001 gae_lambda=0.9", "learning_rate=0.001 gae_lambda=0.95",
            "learning_rate=0.0003 gae_lambda=0.8", "learning_rate=0.0003 gae_lambda=0.9", "learning_rate=0.0003 gae_lambda=0.95",
        }));
        Assert.That(plan.Trials.Take(4).Select(t => (t.ConfigurationId, t.Seed)), Is.EqualTo(new[] { ("c00", 1), ("c00", 2), ("c00", 3), ("c01", 1) }));
        // Every trial's settings carry its configuration's values, its seed and the full budget.
        var trial = planned.TrialSettings[4].ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.That(trial["algo"], Is.EqualTo("ppo"));
        Assert.That(trial["learning_rate"], Is.EqualTo("0.001"));
        Assert.That(trial["gae_lambda"], Is.EqualTo("0.9"));
        Assert.That(trial["seed"], Is.EqualTo("2"));
        Assert.That(trial["total_timesteps"], Is.EqualTo("1024"));
        Assert.That(trial["num_envs"], Is.EqualTo("4"));
    }

    [Test]
    public void RandomSamplingIsReproducibleFromItsSeedAndStaysInsideTheRanges()
    {
        const string space = "search:\n  learning_rate: {log_uniform: [0.0001, 0.01]}\n  gae_lambda: {uniform: [0.8, 0.99]}\n" +
                             "  update_epochs: {int: [2, 9]}\n  ent_coef: {choice: [0.0, 0.01]}\nsampling: random\nconfigurations: 20\n";
        var a = SweepPlanner.DrawConfigurations(Parse(Tiny + space + "sampling_seed: 7\n"));
        var b = SweepPlanner.DrawConfigurations(Parse(Tiny + space + "sampling_seed: 7\n"));
        var c = SweepPlanner.DrawConfigurations(Parse(Tiny + space + "sampling_seed: 8\n"));
        Assert.That(a, Has.Count.EqualTo(20));
        Assert.That(a.Select(x => x.Describe()), Is.EqualTo(b.Select(x => x.Describe())), "the same sampling seed draws the same configurations");
        Assert.That(a.Select(x => x.Describe()), Is.Not.EqualTo(c.Select(x => x.Describe())), "another seed draws others");
        Assert.That(a.Select(x => x.Describe()).Distinct().Count(), Is.EqualTo(20));
        foreach (var configuration in a)
        {
            var v = configuration.Settings.ToDictionary(s => s.Key, s => s.Value);
            Assert.That(double.Parse(v["learning_rate"], CultureInfo.InvariantCulture), Is.InRange(0.0001, 0.01));
            Assert.That(double.Parse(v["gae_lambda"], CultureInfo.InvariantCulture), Is.InRange(0.8, 0.99));
            Assert.That(int.Parse(v["update_epochs"], CultureInfo.InvariantCulture), Is.InRange(2, 9));
            Assert.That(v["ent_coef"], Is.AnyOf("0.0", "0.01"));
        }
        // log-uniform: about half of the draws below the geometric middle 0.001 (not clustered at the top as uniform would be)
        var below = a.Count(x => double.Parse(x.Settings[0].Value, CultureInfo.InvariantCulture) < 0.001);
        Assert.That(below, Is.InRange(4, 16));
        Assert.That(a.Select(x => x.Settings[2].Value).Distinct().Count(), Is.GreaterThan(3), "int draws spread over the range");
    }

    [Test]
    public void SeedsAreACountFromOneOrAList()
    {
        Assert.That(Parse(Tiny + "seeds: 4\n").Seeds, Is.EqualTo(new[] { 1, 2, 3, 4 }));
        Assert.That(Parse(Tiny + "seeds: [0, 42, 7]\n").Seeds, Is.EqualTo(new[] { 0, 42, 7 }));
        Assert.That(Parse(Tiny).Seeds, Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public void HalvingBudgetsGrowByEtaUpToTheFullBudget()
    {
        var spec = Parse(Tiny.Replace("steps: 1024", "steps: 100000") + "search:\n  learning_rate: [0.001, 0.0003, 0.003]\nhalving: {eta: 2, min_steps: 6250}\n");
        Assert.That(spec.Halving!.Budgets(spec.Steps), Is.EqualTo(new long[] { 6250, 12500, 25000, 50000, 100000 }));
        Assert.That(new HalvingSettings(3, 1000).Budgets(10000), Is.EqualTo(new long[] { 1000, 3000, 9000, 10000 }));
        Assert.That(SweepPlanner.Plan(spec).Plan.Halving!.Budgets, Has.Count.EqualTo(5));
    }

    [Test]
    public void TheShippedSweepFilesPlanWhatTheirCommentsSay()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "configs", "sweeps");
        var seeds = SweepPlanner.Plan(SweepFile.Load(Path.Combine(folder, "ppo-cartpole-seeds.yaml"))).Plan;
        Assert.That((seeds.Configurations.Count, seeds.Seeds.Count, seeds.Trials.Count), Is.EqualTo((4, 3, 12)));
        Assert.That(seeds.Halving, Is.Null);
        var halving = SweepPlanner.Plan(SweepFile.Load(Path.Combine(folder, "ppo-cartpole-halving.yaml"))).Plan;
        Assert.That(halving.Configurations, Has.Count.EqualTo(16));
        Assert.That(halving.Halving!.Budgets, Is.EqualTo(new long[] { 6250, 12500, 25000, 50000, 100000 }));
        Assert.That(halving.Environment, Is.EqualTo("cartpole"));
    }

    private static readonly object[] BadFiles =
    [
        new object[] { Tiny + "seedz: 3\n", "unknown key 'seedz'; did you mean 'seeds'?" },
        new object[] { Tiny + "search:\n  learning_rat: [0.1]\n", "search.learning_rat: 'learning_rat' is not a ppo setting; did you mean 'learning_rate'?" },
        new object[] { Tiny + "search:\n  gamma: {uniform: [0.9, 1.5]}\n", "search.gamma: uniform [0.9, 1.5] reaches outside gamma's valid range [0, 1]" },
        new object[] { Tiny + "search:\n  learning_rate: [0.001, 20]\n", "search.learning_rate: the value 20 is outside learning_rate's valid range (0, 10]" },
        new object[] { Tiny + "search:\n  learning_rate: {log_uniform: [0, 0.1]}\nsampling: random\nconfigurations: 2\n", "bounds must be above 0" },
        new object[] { Tiny + "search:\n  learning_rate: {uniform: [0.001, 0.01]}\n", "search.learning_rate is a uniform range, which grid sampling cannot list; set sampling: random" },
        new object[] { Tiny + "search:\n  learning_rate: [0.001, 0.01]\nconfigurations: 3\n", "configurations: 3, but the grid has 2 combinations" },
        new object[] { Tiny + "search:\n  learning_rate: {unifrom: [0.001, 0.01]}\n", "unknown key 'search.learning_rate.unifrom'; did you mean 'search.learning_rate.uniform'?" },
        new object[] { Tiny + "search:\n  update_epochs: {int: [1.5, 4]}\n", "bounds must be whole numbers" },
        new object[] { Tiny + "search:\n  learning_rate: {int: [1, 4]}\n", "learning_rate is not a whole-number setting" },
        new object[] { Tiny + "search:\n  seed: [1, 2]\n", "search.seed: seeds are not searched; list them with seeds:" },
        new object[] { Tiny + "seeds: 0\n", "seeds: 0 is out of range; expected a whole number in [1, 1000]" },
        new object[] { Tiny + "seeds: [1, 1]\n", "seed 1 is listed twice" },
        new object[] { Tiny + "direction: up\n", "direction: 'up' is not valid; expected one of max, min" },
        new object[] { Tiny + "eval_episodes: 0\n", "eval_episodes: 0 is out of range" },
        new object[] { Tiny + "search:\n  learning_rate: [0.001, 0.01]\nhalving: {eta: 2, min_steps: 1024}\n", "halving.min_steps: 1024 must be below steps (1024)" },
        new object[] { Tiny + "search:\n  learning_rate: [0.001, 0.01]\nhalving: {eta: 1, min_steps: 100}\n", "halving.eta: 1 is out of range; expected a whole number in [2, 100]" },
        new object[] { Tiny + "executor: {workers: 2, slurm: {partion: cpu}}\n", "unknown key 'executor.slurm.partion'; did you mean 'executor.slurm.partition'?" },
        new object[] { Tiny + "executor: {workers: 0}\n", "executor.workers: 0 is out of range" },
        new object[] { "algo: pop\nsteps: 10\n", "algo:" },
        new object[] { "algo: ppo\n", "'steps' is missing" },
        new object[] { "algo: ppo\nsteps: 10\nbase: no/such/file.yaml\n", "base: config file 'no/such/file.yaml' was not found" },
        new object[] { Tiny + "metric: 'eval return'\n", "metric: 'eval return' is not a metric" },
        new object[] { Tiny + "device: gpu\n", "device: 'gpu' is not a device" },
    ];

    [TestCaseSource(nameof(BadFiles))]
    public void BadFilesFailWithOneLineNamingTheKey(string text, string expected)
    {
        var error = Assert.Throws<UsageException>(() => Parse(text))!;
        Assert.That(error.Message, Does.StartWith("test.yaml: "));
        Assert.That(error.Message, Does.Contain(expected));
        Assert.That(error.Message, Does.Not.Contain("\n"));
        Assert.That(error.ExitCode, Is.EqualTo(2));
    }

    [Test]
    public void ACombinationTheAlgorithmRefusesNamesTheConfiguration()
    {
        // num_minibatches 128 > the rollout of 4 × 16 = 64: the range allows it, the configuration's own rule does not.
        var spec = Parse(Tiny + "search:\n  num_minibatches: [1, 128]\n");
        var error = Assert.Throws<UsageException>(() => SweepPlanner.Plan(spec))!;
        Assert.That(error.Message, Does.StartWith("test.yaml: configuration c01 (num_minibatches=128): num_minibatches=128 is out of range"));
    }

    [Test]
    public void AnInlineBaseKeyTheAlgorithmDoesNotHaveIsRefused()
    {
        var spec = Parse("algo: ppo\nbase: {num_envz: 4}\nsteps: 1024\n");
        var error = Assert.Throws<UsageException>(() => SweepPlanner.Plan(spec))!;
        Assert.That(error.Message, Does.Contain("unknown setting 'num_envz'; did you mean 'num_envs'?"));
    }
}
