namespace RLArena.Sweeps.Files;

/// <summary>How configurations are drawn from the search space.</summary>
public enum SamplingMethod
{
    /// <summary>Every combination of the listed values (the Cartesian product), in file order.</summary>
    Grid,

    /// <summary><see cref="SweepSpec.Configurations"/> independent draws, reproducible from <see cref="SweepSpec.SamplingSeed"/>.</summary>
    Random,
}

/// <summary>Synchronous successive halving: rungs with growing step budgets, the best 1/η configurations promoted.</summary>
/// <param name="Eta">The reduction factor η: after a rung, the best ⌊n/η⌋ configurations (at least one) continue, with η times the steps.</param>
/// <param name="MinSteps">The first rung's step budget.</param>
public sealed record HalvingSettings(int Eta, long MinSteps)
{
    /// <summary>The step budget of every rung: MinSteps, MinSteps·η, … while below <paramref name="maxSteps"/>, then <paramref name="maxSteps"/>.</summary>
    /// <param name="maxSteps">The sweep's full step budget (the last rung's).</param>
    public IReadOnlyList<long> Budgets(long maxSteps)
    {
        var budgets = new List<long>();
        for (var b = MinSteps; b < maxSteps; b = checked(b * Eta)) budgets.Add(b);
        budgets.Add(maxSteps);
        return budgets;
    }
}

/// <summary>
/// The <c>slurm:</c> section of a sweep file: how the Slurm executor asks for resources. Every field is optional;
/// null leaves it to the cluster's defaults.
/// </summary>
/// <param name="Partition">sbatch --partition.</param>
/// <param name="Time">sbatch --time, per array task (e.g. "00:30:00").</param>
/// <param name="CpusPerTask">sbatch --cpus-per-task.</param>
/// <param name="Mem">sbatch --mem (e.g. "2G").</param>
/// <param name="Account">sbatch --account.</param>
/// <param name="ExtraArgs">Further sbatch arguments, each one word (e.g. "--qos=short").</param>
public sealed record SlurmSettings(string? Partition, string? Time, int? CpusPerTask, string? Mem, string? Account, IReadOnlyList<string> ExtraArgs)
{
    /// <summary>No settings: the cluster's defaults.</summary>
    public static SlurmSettings Empty { get; } = new(null, null, null, null, null, []);

    /// <summary>At most this many trials of one job array run at once (the <c>%N</c> of <c>--array</c>); null for no limit.</summary>
    public int? MaxRunning { get; init; }
}

/// <summary>
/// A parsed and checked sweep file (<c>configs/sweeps/*.yaml</c>): what to train, the search space, how to sample
/// it, how many seeds and steps each configuration gets, what to optimise, and how trials are executed.
/// </summary>
public sealed record SweepSpec
{
    /// <summary>The file it was read from (for messages), or a description of its source.</summary>
    public required string Source { get; init; }

    /// <summary>The sweep's name (default: the file name without extension).</summary>
    public required string Name { get; init; }

    /// <summary>The algorithm's registry name ("ppo", "dqn").</summary>
    public required string Algorithm { get; init; }

    /// <summary>The environment spec, or null to take the base config's.</summary>
    public string? Environment { get; init; }

    /// <summary>The base config file (absolute path), or null when the base is inline or the tuned file.</summary>
    public string? BaseFile { get; init; }

    /// <summary>Settings written inline under <c>base:</c> (applied after the tuned file).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> InlineBase { get; init; } = [];

    /// <summary>The search space, in file order.</summary>
    public IReadOnlyList<SearchDimension> Search { get; init; } = [];

    /// <summary>Grid or random sampling.</summary>
    public SamplingMethod Sampling { get; init; } = SamplingMethod.Grid;

    /// <summary>The seed of random sampling.</summary>
    public int SamplingSeed { get; init; }

    /// <summary>How many configurations random sampling draws; for grid sampling, the size of the grid.</summary>
    public int Configurations { get; init; }

    /// <summary>The training seeds every configuration runs with.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [1];

    /// <summary>Each trial's full step budget (its total_timesteps).</summary>
    public long Steps { get; init; }

    /// <summary>What is optimised: <see cref="SweepMetric.EvalReturn"/> or a metrics.csv series name.</summary>
    public string Metric { get; init; } = SweepMetric.EvalReturn;

    /// <summary>"max" or "min".</summary>
    public string Direction { get; init; } = "max";

    /// <summary>Deterministic evaluation episodes after each trial (and each rung).</summary>
    public int EvalEpisodes { get; init; } = 100;

    /// <summary>The torch device trials train on ("cpu", "auto", "cuda", "cuda:N").</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Successive halving, or null for a plain sweep (every trial runs its whole budget).</summary>
    public HalvingSettings? Halving { get; init; }

    /// <summary>Local worker processes (null: the machine's core count).</summary>
    public int? Workers { get; init; }

    /// <summary>The Slurm executor's resource requests.</summary>
    public SlurmSettings Slurm { get; init; } = SlurmSettings.Empty;

    /// <summary>Whether larger scores are better.</summary>
    public bool Maximize => Direction == "max";
}

/// <summary>The names of the built-in metrics.</summary>
public static class SweepMetric
{
    /// <summary>The mean return of the deterministic evaluation after training (eval.txt's mean_return).</summary>
    public const string EvalReturn = "eval_return";
}
