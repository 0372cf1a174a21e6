namespace RLArena.Sweeps.Planning;

/// <summary>One setting as config-file text (<c>learning_rate</c> = "0.001").</summary>
/// <param name="Key">The snake_case config key.</param>
/// <param name="Value">The value as a config file holds it.</param>
public sealed record SettingValue(string Key, string Value);

/// <summary>One point of the search space: an id ("c03") and the settings it changes from the base config.</summary>
/// <param name="Id">"c00", "c01", ... in planning order.</param>
/// <param name="Settings">The searched settings' values, in the order of the file's search section.</param>
public sealed record PlannedConfiguration(string Id, IReadOnlyList<SettingValue> Settings)
{
    /// <summary>"learning_rate=0.001 gae_lambda=0.9", or "base config" when nothing is searched.</summary>
    public string Describe() => Settings.Count == 0 ? "base config" : string.Join(" ", Settings.Select(s => $"{s.Key}={s.Value}"));
}

/// <summary>One trial: a configuration trained with one seed. Its index is the task number (<c>sweep run-task --task N</c>).</summary>
/// <param name="Index">The task number, from 0.</param>
/// <param name="ConfigurationId">The configuration it trains.</param>
/// <param name="Seed">The training seed.</param>
public sealed record PlannedTrial(int Index, string ConfigurationId, int Seed);

/// <summary>The successive-halving schedule of a sweep.</summary>
/// <param name="Eta">The reduction factor η.</param>
/// <param name="MinSteps">The first rung's budget.</param>
/// <param name="Budgets">Every rung's step budget, growing, the last one the sweep's full budget.</param>
public sealed record HalvingPlan(int Eta, long MinSteps, IReadOnlyList<long> Budgets);

/// <summary>
/// Everything a sweep will run, fixed when it starts (plan.json in the sweep directory): the configurations, the
/// trials (configuration × seed, numbered as tasks), budgets, the metric and how to execute. Executors and
/// <c>run-task</c> read it; nothing changes it afterwards.
/// </summary>
public sealed record SweepPlan
{
    /// <summary>The sweep's name.</summary>
    public required string Name { get; init; }

    /// <summary>The sweep file it came from (as given on the command line).</summary>
    public required string SourceFile { get; init; }

    /// <summary>When it was planned (UTC).</summary>
    public required DateTime CreatedUtc { get; init; }

    /// <summary>The algorithm's registry name.</summary>
    public required string Algorithm { get; init; }

    /// <summary>The environment spec every trial trains on.</summary>
    public required string Environment { get; init; }

    /// <summary>The metric optimised (see <see cref="Files.SweepMetric"/>).</summary>
    public required string Metric { get; init; }

    /// <summary>"max" or "min".</summary>
    public required string Direction { get; init; }

    /// <summary>Each trial's full step budget.</summary>
    public required long Steps { get; init; }

    /// <summary>Deterministic evaluation episodes after each trial and rung.</summary>
    public required int EvalEpisodes { get; init; }

    /// <summary>The torch device trials train on.</summary>
    public required string Device { get; init; }

    /// <summary>The seeds every configuration runs with.</summary>
    public required IReadOnlyList<int> Seeds { get; init; }

    /// <summary>"grid" or "random".</summary>
    public required string Sampling { get; init; }

    /// <summary>The search space as the file wrote it (key → "log_uniform [0.0001, 0.01]").</summary>
    public required IReadOnlyList<SettingValue> SearchSpace { get; init; }

    /// <summary>The configurations, in planning order.</summary>
    public required IReadOnlyList<PlannedConfiguration> Configurations { get; init; }

    /// <summary>The trials: configuration-major (c00 seed 1, c00 seed 2, ..., c01 seed 1, ...).</summary>
    public required IReadOnlyList<PlannedTrial> Trials { get; init; }

    /// <summary>Successive halving, or null when every trial runs its whole budget.</summary>
    public HalvingPlan? Halving { get; init; }

    /// <summary>Local workers from the file, or null (the core count).</summary>
    public int? Workers { get; init; }

    /// <summary>The Slurm executor's settings from the file.</summary>
    public required Files.SlurmSettings Slurm { get; init; }

    /// <summary>Whether larger scores are better.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Maximize => Direction == "max";

    /// <summary>The configuration with id <paramref name="id"/>.</summary>
    /// <param name="id">"c03".</param>
    public PlannedConfiguration Configuration(string id) => Configurations.First(c => c.Id == id);

    /// <summary>The trials of configuration <paramref name="id"/>, in seed order.</summary>
    /// <param name="id">"c03".</param>
    public IEnumerable<PlannedTrial> TrialsOf(string id) => Trials.Where(t => t.ConfigurationId == id);
}
