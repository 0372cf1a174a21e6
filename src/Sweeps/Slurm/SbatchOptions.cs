using System.Globalization;
using System.Text.RegularExpressions;
using RLArena.Core.Errors;

namespace RLArena.Sweeps.Slurm;

/// <summary>
/// What each array task asks Slurm for: the <c>slurm:</c> section of a sweep file, or the <c>--partition</c>,
/// <c>--time</c>, <c>--cpus-per-task</c>, <c>--mem</c>, <c>--account</c> and <c>--sbatch-arg</c> flags of
/// <c>rlarena sweep start</c>. A null setting is left to the cluster's default.
/// </summary>
public sealed partial record SbatchOptions
{
    /// <summary>The partition (queue) to submit to, e.g. <c>gpu</c>; null for the cluster's default partition.</summary>
    public string? Partition { get; init; }

    /// <summary>The wall-time limit of each trial in one of Slurm's forms (<c>MM</c>, <c>HH:MM:SS</c>, <c>D-HH</c>,
    /// <c>D-HH:MM:SS</c>...); null for the partition's default.</summary>
    public string? Time { get; init; }

    /// <summary>CPU cores per trial, 1 to 1024 (<c>--cpus-per-task</c>); each trial runs torch with that many threads.</summary>
    public int CpusPerTask { get; init; } = 1;

    /// <summary>Memory per trial in Slurm's form (<c>4000</c> megabytes, <c>500M</c>, <c>4G</c>, <c>1T</c>); null for the
    /// partition's default.</summary>
    public string? Memory { get; init; }

    /// <summary>The account the jobs are charged to (<c>--account</c>); null for the user's default account.</summary>
    public string? Account { get; init; }

    /// <summary>At most this many trials of one array run at once (the <c>%N</c> of <c>--array</c>), 1 to 100000;
    /// null for no limit beyond the cluster's.</summary>
    public int? MaxRunning { get; init; }

    /// <summary>Further <c>sbatch</c> arguments, each one option such as <c>--qos=short</c> or <c>--gres=gpu:1</c>,
    /// written into the batch script as <c>#SBATCH</c> lines.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>The settings with every value that is set in <paramref name="overrides"/> (flags on the command line)
    /// taking the place of this one's (the sweep file's).</summary>
    /// <param name="overrides">The flags' values; null members keep this record's value.</param>
    public SbatchOptions OverriddenBy(SbatchOptionOverrides overrides) => this with
    {
        Partition = overrides.Partition ?? Partition,
        Time = overrides.Time ?? Time,
        CpusPerTask = overrides.CpusPerTask ?? CpusPerTask,
        Memory = overrides.Memory ?? Memory,
        Account = overrides.Account ?? Account,
        MaxRunning = overrides.MaxRunning ?? MaxRunning,
        ExtraArguments = overrides.ExtraArguments is { Count: > 0 } extra ? [.. ExtraArguments, .. extra] : ExtraArguments,
    };

    /// <summary>Checks every setting's range and format and throws a <see cref="UsageException"/> naming the first
    /// one that is wrong and what it should look like.</summary>
    /// <param name="label">How a setting is named in the message, given its sweep-file key (<c>partition</c>,
    /// <c>time</c>, <c>cpus_per_task</c>, <c>mem</c>, <c>account</c>, <c>max_running</c>, <c>extra_args</c>): e.g.
    /// "executor.slurm.time" for the sweep file or "--time" for a flag; null for "slurm time".</param>
    public void Validate(Func<string, string>? label = null)
    {
        label ??= key => "slurm " + key;
        if (Partition is not null && !NameRegex().IsMatch(Partition))
            throw new UsageException($"{label("partition")} '{Partition}' is not a partition name: use letters, digits, '-', '_' or '.', or a comma-separated list of them (see sinfo)");
        if (Account is not null && !NameRegex().IsMatch(Account))
            throw new UsageException($"{label("account")} '{Account}' is not an account name: use letters, digits, '-', '_' or '.' (see sacctmgr show assoc user=$USER)");
        if (Time is not null && ParseMinutes(Time) is null)
            throw new UsageException($"{label("time")} '{Time}' is not a Slurm time limit: use minutes (90), HH:MM:SS (01:30:00) or D-HH:MM:SS (1-00:00:00), greater than zero");
        if (CpusPerTask is < 1 or > 1024)
            throw new UsageException($"{label("cpus_per_task")} {CpusPerTask} is out of range: use 1 to 1024");
        if (Memory is not null && !MemoryRegex().IsMatch(Memory))
            throw new UsageException($"{label("mem")} '{Memory}' is not a Slurm memory size: use a whole number with an optional unit K, M, G or T (4000, 500M, 4G)");
        if (Memory is not null && long.Parse(MemoryRegex().Match(Memory).Groups[1].Value, CultureInfo.InvariantCulture) == 0)
            throw new UsageException($"{label("mem")} '{Memory}' is zero: give each trial some memory (e.g. 2G), or leave it out for the partition's default");
        if (MaxRunning is < 1 or > 100_000)
            throw new UsageException($"{label("max_running")} {MaxRunning} is out of range: use 1 to 100000, or leave it out for no limit");
        foreach (var argument in ExtraArguments)
        {
            if (!argument.StartsWith('-') || argument.Any(c => c is '\n' or '\r'))
                throw new UsageException($"{label("extra_args")} '{argument}' is not one sbatch option: give each as --name=value (e.g. --qos=short)");
            var name = argument.Split('=', 2)[0];
            if (ReservedOptions.Contains(name))
                throw new UsageException($"{label("extra_args")} '{argument}' sets something rlarena sets itself; use the sweep's own setting instead ({string.Join(", ", ReservedOptions)} are reserved)");
        }
    }

    /// <summary>The options rlarena writes itself, which an extra argument may not set again.</summary>
    public static readonly IReadOnlySet<string> ReservedOptions = new SortedSet<string>(StringComparer.Ordinal)
        { "--array", "-a", "--output", "-o", "--error", "-e", "--job-name", "-J", "--parsable", "--wrap", "--chdir", "-D" };

    /// <summary>A Slurm time limit in whole minutes (rounded up), or null when the text is not one of Slurm's forms
    /// or is zero.</summary>
    /// <param name="time">MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS.</param>
    public static long? ParseMinutes(string time)
    {
        var match = TimeRegex().Match(time);
        if (!match.Success) return null;
        long days = match.Groups["d"].Success ? long.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture) : 0;
        var parts = match.Groups["rest"].Value.Split(':').Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        long seconds;
        if (match.Groups["d"].Success)
            seconds = parts.Length switch { 1 => parts[0] * 3600, 2 => parts[0] * 3600 + parts[1] * 60, _ => parts[0] * 3600 + parts[1] * 60 + parts[2] };
        else
            seconds = parts.Length switch { 1 => parts[0] * 60, 2 => parts[0] * 60 + parts[1], _ => parts[0] * 3600 + parts[1] * 60 + parts[2] };
        seconds += days * 86400;
        return seconds <= 0 ? null : (seconds + 59) / 60;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+(,[A-Za-z0-9_.\-]+)*$")]
    private static partial Regex NameRegex();

    [GeneratedRegex(@"^([0-9]{1,9})([KMGT]?)$", RegexOptions.IgnoreCase)]
    private static partial Regex MemoryRegex();

    [GeneratedRegex(@"^(?:(?<d>[0-9]{1,4})-)?(?<rest>[0-9]{1,6}(?::[0-9]{1,2}){0,2})$")]
    private static partial Regex TimeRegex();
}

/// <summary>The Slurm flags of <c>rlarena sweep start</c>/<c>resume</c>; a null member keeps the sweep file's value.</summary>
/// <param name="Partition">--partition.</param>
/// <param name="Time">--time.</param>
/// <param name="CpusPerTask">--cpus-per-task.</param>
/// <param name="Memory">--mem.</param>
/// <param name="Account">--account.</param>
/// <param name="MaxRunning">--max-running.</param>
/// <param name="ExtraArguments">--sbatch-arg, repeated; added after the sweep file's.</param>
public sealed record SbatchOptionOverrides(
    string? Partition = null, string? Time = null, int? CpusPerTask = null, string? Memory = null,
    string? Account = null, int? MaxRunning = null, IReadOnlyList<string>? ExtraArguments = null)
{
    /// <summary>Checks the flags that are given, naming each by its flag (<c>--time</c>, <c>--mem</c>...).</summary>
    public void Validate() => new SbatchOptions
    {
        Partition = Partition, Time = Time, CpusPerTask = CpusPerTask ?? 1, Memory = Memory, Account = Account,
        MaxRunning = MaxRunning, ExtraArguments = ExtraArguments ?? [],
    }.Validate(FlagOf);

    /// <summary>The flag of a sweep-file key: <c>cpus_per_task</c> → <c>--cpus-per-task</c>, <c>extra_args</c> →
    /// <c>--sbatch-arg</c>.</summary>
    /// <param name="key">A key of the sweep file's <c>executor.slurm</c> section.</param>
    public static string FlagOf(string key) => key == "extra_args" ? "--sbatch-arg" : "--" + key.Replace('_', '-');
}
