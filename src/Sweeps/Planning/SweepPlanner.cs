using System.Globalization;
using RLArena.Agents.Training;
using RLArena.Core.Errors;
using RLArena.Core.Reproducibility;
using RLArena.Engine.Config;
using RLArena.Environments;
using RLArena.Sweeps.Files;

namespace RLArena.Sweeps.Planning;

/// <summary>A plan and the full settings of each trial (what goes into each trial's config.yaml).</summary>
/// <param name="Plan">The plan.</param>
/// <param name="BaseSettings">The base config every trial starts from (algo first), with the sweep's step budget.</param>
/// <param name="TrialSettings">Per trial (by index): every setting, algo first, as a run's config.yaml holds it.</param>
public sealed record PlannedSweep(SweepPlan Plan, IReadOnlyList<KeyValuePair<string, string>> BaseSettings,
    IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> TrialSettings);

/// <summary>
/// Turns a <see cref="SweepSpec"/> into trials: draws the configurations (every grid combination, or seeded random
/// draws), crosses them with the seeds, and builds and checks every trial's full settings with the algorithm's own
/// config class, so a bad combination fails before anything runs.
/// </summary>
public static class SweepPlanner
{
    /// <summary>Plans the sweep described by <paramref name="spec"/>.</summary>
    /// <param name="spec">The checked sweep file.</param>
    /// <param name="now">The planning time (UTC); the clock when null.</param>
    public static PlannedSweep Plan(SweepSpec spec, DateTime? now = null)
    {
        var configurations = DrawConfigurations(spec);
        var baseConfig = BuildConfig(spec, [], spec.Seeds[0], "the base config");
        var trials = new List<PlannedTrial>();
        var trialSettings = new List<IReadOnlyList<KeyValuePair<string, string>>>();
        foreach (var configuration in configurations)
        {
            foreach (var seed in spec.Seeds)
            {
                var config = BuildConfig(spec, configuration.Settings, seed, $"configuration {configuration.Id} ({configuration.Describe()})");
                trials.Add(new PlannedTrial(trials.Count, configuration.Id, seed));
                trialSettings.Add(Describe(config));
            }
        }
        var plan = new SweepPlan
        {
            Name = spec.Name,
            SourceFile = spec.Source,
            CreatedUtc = now ?? DateTime.UtcNow,
            Algorithm = spec.Algorithm,
            Environment = baseConfig.Env,
            Metric = spec.Metric,
            Direction = spec.Direction,
            Steps = spec.Steps,
            EvalEpisodes = spec.EvalEpisodes,
            Device = spec.Device,
            Seeds = spec.Seeds,
            Sampling = spec.Sampling == SamplingMethod.Grid ? "grid" : "random",
            SearchSpace = spec.Search.Select(d => new SettingValue(d.Key, d.ToString())).ToList(),
            Configurations = configurations,
            Trials = trials,
            Halving = spec.Halving is { } h ? new HalvingPlan(h.Eta, h.MinSteps, h.Budgets(spec.Steps)) : null,
            Workers = spec.Workers,
            Slurm = spec.Slurm,
        };
        return new PlannedSweep(plan, Describe(baseConfig), trialSettings);
    }

    /// <summary>
    /// The configurations: for grid sampling every combination (the first search key varies slowest); for random
    /// sampling <see cref="SweepSpec.Configurations"/> draws from a generator seeded with the sampling seed (a draw
    /// equal to an earlier one is drawn again, up to a limit, so configurations differ where the space allows).
    /// </summary>
    /// <param name="spec">The checked sweep file.</param>
    public static IReadOnlyList<PlannedConfiguration> DrawConfigurations(SweepSpec spec)
    {
        var result = new List<PlannedConfiguration>();
        if (spec.Sampling == SamplingMethod.Grid)
        {
            IEnumerable<List<SettingValue>> combinations = [[]];
            foreach (var dimension in spec.Search)
            {
                var values = dimension.Enumerate();
                combinations = combinations.SelectMany(c => values.Select(v => new List<SettingValue>(c) { new(dimension.Key, v) })).ToList();
            }
            foreach (var settings in combinations) result.Add(new PlannedConfiguration(Id(result.Count), settings));
            return result;
        }
        var rng = new Rng(spec.SamplingSeed);
        var seen = new HashSet<string>();
        for (var attempts = 0; result.Count < spec.Configurations; attempts++)
        {
            var settings = spec.Search.Select(d => new SettingValue(d.Key, d.Sample(rng))).ToList();
            var key = string.Join("\n", settings.Select(s => s.Value));
            if (!seen.Add(key) && attempts < 100 * spec.Configurations) continue; // a repeat: draw again
            result.Add(new PlannedConfiguration(Id(result.Count), settings));
        }
        return result;
    }

    /// <summary>Environment specs already made once without error (making one per trial would be wasteful).</summary>
    [ThreadStatic] private static HashSet<string>? _checkedEnvironments;

    private static HashSet<string> CheckedEnvironments => _checkedEnvironments ??= [];

    private static string Id(int index) => "c" + index.ToString(index < 100 ? "D2" : "D", CultureInfo.InvariantCulture);

    /// <summary>
    /// A trial's settings: the algorithm's defaults, the base (file, or tuned file, then inline keys), the
    /// environment, the configuration's values, the seed and the step budget; checked with the config's own rules.
    /// </summary>
    private static AgentConfig BuildConfig(SweepSpec spec, IReadOnlyList<SettingValue> settings, int seed, string what)
    {
        try
        {
            var config = AgentConfigs.Build(spec.Algorithm, spec.Environment, spec.BaseFile, [], []);
            ConfigBinder.Apply(config, spec.InlineBase, "base");
            ConfigBinder.Apply(config, settings.Select(s => new KeyValuePair<string, string>(s.Key, s.Value)), "search");
            ConfigBinder.Apply(config, [new("seed", seed.ToString(CultureInfo.InvariantCulture)),
                new("total_timesteps", spec.Steps.ToString(CultureInfo.InvariantCulture))], "seeds/steps");
            config.Validate();
            if (CheckedEnvironments.Add(config.Env) && !EnvRegistry.TryValidate(config.Env, out var problem))
            {
                CheckedEnvironments.Remove(config.Env);
                throw new UsageException($"env: {problem}");
            }
            return config;
        }
        catch (UsageException e)
        {
            throw new UsageException($"{spec.Source}: {what}: {e.Message}");
        }
    }

    private static List<KeyValuePair<string, string>> Describe(AgentConfig config)
    {
        var settings = ConfigBinder.Describe(config);
        settings.Insert(0, new("algo", config.Algorithm));
        if (EnvironmentPlugins.Paths(config.Env) is { Count: > 0 } plugins) settings.Insert(1, new(AgentConfigs.PluginsKey, string.Join(",", plugins)));
        return settings;
    }
}
