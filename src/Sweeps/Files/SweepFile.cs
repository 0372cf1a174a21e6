using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using RLArena.Agents.Training;
using RLArena.Core.Errors;
using RLArena.Engine.Config;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RLArena.Sweeps.Files;

/// <summary>
/// Reads a sweep file strictly: an unknown key, a value of the wrong kind or out of range, a search key the
/// algorithm does not have, or a search range reaching outside the setting's declared range is one
/// <see cref="UsageException"/> line naming the file, the key and the fix.
/// </summary>
public static partial class SweepFile
{
    /// <summary>The keys a sweep file may have at the top level.</summary>
    public static readonly IReadOnlyList<string> TopLevelKeys =
    [
        "name", "algo", "env", "base", "search", "sampling", "sampling_seed", "configurations", "seeds", "steps",
        "metric", "direction", "eval_episodes", "device", "halving", "executor",
    ];

    private static readonly string[] SearchForms = ["grid", "choice", "uniform", "log_uniform", "int"];
    private static readonly string[] HalvingKeys = ["eta", "min_steps"];
    private static readonly string[] ExecutorKeys = ["workers", "slurm"];
    private static readonly string[] SlurmKeys = ["partition", "time", "cpus_per_task", "mem", "account", "extra_args"];

    /// <summary>Reads and checks the sweep file at <paramref name="path"/>.</summary>
    /// <param name="path">The sweep file (YAML).</param>
    public static SweepSpec Load(string path)
    {
        var full = Resolve(path);
        return Parse(File.ReadAllText(full), path, Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full));
    }

    /// <summary>
    /// The sweep file's full path: <paramref name="path"/> itself, or for a relative path that is not there, the
    /// same path beside rlarena (so <c>configs/sweeps/ppo-cartpole-seeds.yaml</c> works from any folder).
    /// </summary>
    /// <param name="path">The path as given.</param>
    public static string Resolve(string path)
    {
        if (File.Exists(path)) return Path.GetFullPath(path);
        var besideApp = Path.Combine(AppContext.BaseDirectory, path);
        if (!Path.IsPathRooted(path) && File.Exists(besideApp)) return Path.GetFullPath(besideApp);
        throw new UsageException($"sweep file '{path}' does not exist; pass a file such as configs/sweeps/ppo-cartpole-seeds.yaml.");
    }

    /// <summary>Parses and checks sweep file text.</summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="source">Where it came from, for messages (usually the path).</param>
    /// <param name="folder">The folder a relative <c>base:</c> path is looked up in first.</param>
    /// <param name="defaultName">The sweep's name when the file has no <c>name:</c>.</param>
    public static SweepSpec Parse(string text, string source, string folder, string defaultName)
    {
        var root = LoadMapping(text, source);
        foreach (var key in root.Keys) CheckKnown(source, "", key, TopLevelKeys);

        var algorithm = Scalar(root, "algo", source) ?? throw new UsageException($"{source}: 'algo' is missing; add e.g. algo: ppo.");
        AgentConfig defaults;
        try
        {
            defaults = AgentConfigs.CreateDefaults(algorithm);
        }
        catch (UsageException e)
        {
            throw new UsageException($"{source}: algo: {e.Message}");
        }
        var environment = Scalar(root, "env", source);
        var (baseFile, inlineBase) = ReadBase(root, source, folder);

        var steps = Long(root, "steps", source, 1, long.MaxValue) ?? throw new UsageException($"{source}: 'steps' is missing; give each trial's step budget, e.g. steps: 100000.");
        var search = ReadSearch(root, source, defaults);
        var sampling = ReadChoice(root, "sampling", source, ["grid", "random"]) switch
        {
            "random" => SamplingMethod.Random,
            _ => SamplingMethod.Grid,
        };
        var configurations = Int(root, "configurations", source, 1, 10_000);
        var samplingSeed = Int(root, "sampling_seed", source, 0, int.MaxValue) ?? 0;
        if (sampling == SamplingMethod.Grid)
        {
            var continuous = search.FirstOrDefault(d => !d.IsDiscrete);
            if (continuous is not null)
                throw new UsageException($"{source}: search.{continuous.Key} is a {continuous.Kind switch { SearchKind.Uniform => "uniform", _ => "log_uniform" }} range, which grid sampling cannot list; set sampling: random (with configurations: N), or give a list of values.");
            var size = GridSize(search, source);
            if (configurations is { } n && n != size)
                throw new UsageException($"{source}: configurations: {n}, but the grid has {size} combinations; remove 'configurations' (grid sampling takes every combination) or set sampling: random.");
            configurations = size;
        }
        else if (configurations is null)
        {
            throw new UsageException($"{source}: sampling: random needs 'configurations' (how many to draw), e.g. configurations: 16.");
        }
        else if (search.Count == 0)
        {
            throw new UsageException($"{source}: sampling: random with an empty search space would draw the same configuration {configurations} times; add a search: section or use more seeds.");
        }

        var seeds = ReadSeeds(root, source);
        var metric = Scalar(root, "metric", source) ?? SweepMetric.EvalReturn;
        if (metric != SweepMetric.EvalReturn && !MetricName().IsMatch(metric))
            throw new UsageException($"{source}: metric: '{metric}' is not a metric; use {SweepMetric.EvalReturn} (the final deterministic evaluation's mean return) or a metrics.csv series such as charts/episodic_return.");
        var direction = ReadChoice(root, "direction", source, ["max", "min"]) ?? "max";
        var evalEpisodes = Int(root, "eval_episodes", source, 1, 100_000) ?? 100;
        var device = Scalar(root, "device", source) ?? "cpu";
        if (!DeviceName().IsMatch(device))
            throw new UsageException($"{source}: device: '{device}' is not a device; use cpu, auto, cuda or cuda:N.");
        var halving = ReadHalving(root, source, steps, configurations.Value);
        var (workers, slurm) = ReadExecutor(root, source);

        return new SweepSpec
        {
            Source = source,
            Name = Scalar(root, "name", source) is { Length: > 0 } name ? CheckName(name, source) : defaultName,
            Algorithm = defaults.Algorithm,
            Environment = environment,
            BaseFile = baseFile,
            InlineBase = inlineBase,
            Search = search,
            Sampling = sampling,
            SamplingSeed = samplingSeed,
            Configurations = configurations.Value,
            Seeds = seeds,
            Steps = steps,
            Metric = metric,
            Direction = direction,
            EvalEpisodes = evalEpisodes,
            Device = device,
            Halving = halving,
            Workers = workers,
            Slurm = slurm,
        };
    }

    [GeneratedRegex("^[A-Za-z0-9_./-]+$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^(cpu|auto|cuda|cuda:[0-9]+)$")]
    private static partial Regex DeviceName();

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex SafeName();

    private static string CheckName(string name, string source) => SafeName().IsMatch(name) ? name
        : throw new UsageException($"{source}: name: '{name}' names folders, so use only letters, digits, '-', '_' and '.'.");

    private static Dictionary<string, YamlNode> LoadMapping(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text.TrimStart('\uFEFF')));
        }
        catch (YamlException e)
        {
            throw new UsageException($"{source}: not valid YAML at line {e.Start.Line}: {e.Message.ReplaceLineEndings(" ")}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            throw new UsageException($"{source}: expected 'key: value' lines at the top level (algo, env, search, steps, ...).");
        return Children(mapping, source, "");
    }

    private static Dictionary<string, YamlNode> Children(YamlMappingNode mapping, string source, string path)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? throw new UsageException($"{source}: {path}keys must be plain words.");
            if (!result.TryAdd(key, value)) throw new UsageException($"{source}: '{path}{key}' is given twice; keep one.");
        }
        return result;
    }

    private static void CheckKnown(string source, string path, string key, IReadOnlyCollection<string> known)
    {
        if (known.Contains(key)) return;
        var closest = ConfigBinder.Closest(key, known);
        throw new UsageException($"{source}: unknown key '{path}{key}'" + (closest is null ? "" : $"; did you mean '{path}{closest}'?") +
                                 $" Valid keys{(path.Length > 0 ? " under " + path.TrimEnd('.') : "")}: {string.Join(", ", known)}.");
    }

    private static string? Scalar(Dictionary<string, YamlNode> map, string key, string source, string path = "")
    {
        if (!map.TryGetValue(key, out var node)) return null;
        if (node is not YamlScalarNode scalar)
            throw new UsageException($"{source}: '{path}{key}' must be a single value, not a list or a section.");
        return scalar.Value?.Trim();
    }

    private static int? Int(Dictionary<string, YamlNode> map, string key, string source, int min, int max, string path = "") =>
        Long(map, key, source, min, max, path) is { } v ? (int)v : null;

    private static long? Long(Dictionary<string, YamlNode> map, string key, string source, long min, long max, string path = "")
    {
        var text = Scalar(map, key, source, path);
        if (text is null) return null;
        if (!long.TryParse(text.Replace("_", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw new UsageException($"{source}: {path}{key}: '{text}' is not a whole number; expected one in {RangeText(min, max)}.");
        if (value < min || value > max)
            throw new UsageException($"{source}: {path}{key}: {value} is out of range; expected a whole number in {RangeText(min, max)}.");
        return value;
    }

    private static string RangeText(long min, long max) =>
        max >= int.MaxValue ? $"[{min}, ∞)" : $"[{min}, {max.ToString(CultureInfo.InvariantCulture)}]";

    private static string? ReadChoice(Dictionary<string, YamlNode> map, string key, string source, string[] choices, string path = "")
    {
        var text = Scalar(map, key, source, path);
        if (text is null) return null;
        var lower = text.ToLowerInvariant();
        return choices.Contains(lower) ? lower
            : throw new UsageException($"{source}: {path}{key}: '{text}' is not valid; expected one of {string.Join(", ", choices)}.");
    }

    private static (string? File, List<KeyValuePair<string, string>> Inline) ReadBase(Dictionary<string, YamlNode> root, string source, string folder)
    {
        if (!root.TryGetValue("base", out var node)) return (null, []);
        if (node is YamlScalarNode { Value: { Length: > 0 } path })
        {
            string[] candidates = Path.IsPathRooted(path) ? [path]
                : [Path.Combine(folder, path), Path.Combine(Directory.GetCurrentDirectory(), path), Path.Combine(AppContext.BaseDirectory, path)];
            var found = candidates.FirstOrDefault(File.Exists)
                        ?? throw new UsageException($"{source}: base: config file '{path}' was not found (looked next to the sweep file, in the current folder and beside rlarena); give a path such as configs/ppo/cartpole.yaml, or the settings inline.");
            return (Path.GetFullPath(found), []);
        }
        if (node is YamlMappingNode mapping)
        {
            var inline = new List<KeyValuePair<string, string>>();
            foreach (var (key, value) in Children(mapping, source, "base."))
                inline.Add(new(key, ValueText(value, source, "base." + key)));
            return (null, inline);
        }
        throw new UsageException($"{source}: base: give a config file path (base: configs/ppo/cartpole.yaml) or settings inline (base: {{learning_rate: 0.001}}).");
    }

    /// <summary>A setting's text as a config file holds it: a scalar as is, a list of scalars as "a,b".</summary>
    private static string ValueText(YamlNode node, string source, string path) => node switch
    {
        YamlScalarNode s => s.Value?.Trim() ?? "",
        YamlSequenceNode seq when seq.Children.All(c => c is YamlScalarNode) => string.Join(",", seq.Children.Select(c => ((YamlScalarNode)c).Value?.Trim())),
        _ => throw new UsageException($"{source}: '{path}' must be a single value or a list of values, not a nested section."),
    };

    private static List<SearchDimension> ReadSearch(Dictionary<string, YamlNode> root, string source, AgentConfig defaults)
    {
        var dimensions = new List<SearchDimension>();
        if (!root.TryGetValue("search", out var node) || node is YamlScalarNode { Value: null or "" }) return dimensions;
        if (node is not YamlMappingNode mapping)
            throw new UsageException($"{source}: search: expected one line per setting, e.g. learning_rate: {{log_uniform: [0.0001, 0.01]}}.");
        var keys = ConfigBinder.Keys(defaults.GetType());
        foreach (var (rawKey, spec) in Children(mapping, source, "search."))
        {
            var key = rawKey.Trim().Replace('-', '_');
            var path = "search." + rawKey;
            if (key == "seed") throw new UsageException($"{source}: {path}: seeds are not searched; list them with seeds: N or seeds: [1, 2, 3].");
            if (key == "total_timesteps") throw new UsageException($"{source}: {path}: the step budget is not searched; set it with steps: N (and halving: for growing budgets).");
            if (!keys.Contains(key))
            {
                var closest = ConfigBinder.Closest(key, keys);
                throw new UsageException($"{source}: {path}: '{rawKey}' is not a {defaults.Algorithm} setting" + (closest is null ? "" : $"; did you mean '{closest}'?") +
                                         $" Valid settings: {string.Join(", ", keys)}.");
            }
            var property = defaults.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).First(p => ConfigBinder.SnakeCase(p.Name) == key);
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var whole = type == typeof(int) || type == typeof(long);
            var range = property.GetCustomAttribute<ConfigRangeAttribute>();
            var dimension = ReadDimension(key, spec, source, path, whole);
            CheckRange(dimension, type, range, source, path);
            dimensions.Add(dimension);
        }
        return dimensions;
    }

    private static SearchDimension ReadDimension(string key, YamlNode spec, string source, string path, bool whole)
    {
        if (spec is YamlSequenceNode list) return new SearchDimension(key, SearchKind.Grid, ListValues(list, source, path), 0, 0, whole);
        if (spec is not YamlMappingNode mapping || mapping.Children.Count != 1)
            throw new UsageException($"{source}: {path}: expected a list of values ([a, b]) or one of {{grid: [...]}}, {{choice: [...]}}, {{uniform: [low, high]}}, {{log_uniform: [low, high]}}, {{int: [low, high]}}.");
        var (formNode, argument) = mapping.Children.Single();
        var form = ((YamlScalarNode)formNode).Value ?? "";
        CheckKnown(source, path + ".", form, SearchForms);
        if (argument is not YamlSequenceNode values)
            throw new UsageException($"{source}: {path}.{form}: expected a list, e.g. {form}: {(form is "grid" or "choice" ? "[1, 2, 4]" : "[low, high]")}.");
        if (form is "grid" or "choice")
            return new SearchDimension(key, form == "grid" ? SearchKind.Grid : SearchKind.Choice, ListValues(values, source, path), 0, 0, whole);

        if (values.Children.Count != 2 || values.Children.Any(c => c is not YamlScalarNode))
            throw new UsageException($"{source}: {path}.{form}: expected two bounds [low, high].");
        var bounds = values.Children.Select(c => ((YamlScalarNode)c).Value?.Trim() ?? "").ToArray();
        var numbers = new double[2];
        for (var i = 0; i < 2; i++)
        {
            if (!double.TryParse(bounds[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) || !double.IsFinite(numbers[i]))
                throw new UsageException($"{source}: {path}.{form}: '{bounds[i]}' is not a finite number.");
        }
        var (low, high) = (numbers[0], numbers[1]);
        if (!(low < high)) throw new UsageException($"{source}: {path}.{form}: the low bound {bounds[0]} must be below the high bound {bounds[1]}.");
        switch (form)
        {
            case "log_uniform" when low <= 0:
                throw new UsageException($"{source}: {path}.log_uniform: bounds must be above 0 (got {bounds[0]}); use uniform for ranges that include 0.");
            case "int" when !whole:
                throw new UsageException($"{source}: {path}.int: {key} is not a whole-number setting; use uniform or log_uniform.");
            case "int" when low != Math.Floor(low) || high != Math.Floor(high):
                throw new UsageException($"{source}: {path}.int: bounds must be whole numbers (got [{bounds[0]}, {bounds[1]}]).");
        }
        var kind = form switch { "uniform" => SearchKind.Uniform, "log_uniform" => SearchKind.LogUniform, _ => SearchKind.IntRange };
        return new SearchDimension(key, kind, [], low, high, whole);
    }

    private static List<string> ListValues(YamlSequenceNode list, string source, string path)
    {
        if (list.Children.Count == 0) throw new UsageException($"{source}: {path}: the list of values is empty; give at least one.");
        var values = list.Children.Select((c, i) => ValueText(c, source, $"{path}[{i}]")).ToList();
        var duplicate = values.GroupBy(v => v).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new UsageException($"{source}: {path}: the value {duplicate.Key} is listed twice; list each value once.");
        return values;
    }

    private static void CheckRange(SearchDimension d, Type type, ConfigRangeAttribute? range, string source, string path)
    {
        var numeric = type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(float);
        if (d.Kind is SearchKind.Uniform or SearchKind.LogUniform or SearchKind.IntRange)
        {
            if (!numeric) throw new UsageException($"{source}: {path}: {d.Key} is not a number; list its values instead ({d.Key}: [a, b]).");
            if (range is not null && (!range.Contains(d.Low) || !range.Contains(d.High)))
                throw new UsageException($"{source}: {path}: {d} reaches outside {d.Key}'s valid range {range}; keep both bounds inside it.");
            if (d.Kind == SearchKind.IntRange && d.High - d.Low + 1 > SearchDimension.MaxIntGridValues)
                throw new UsageException($"{source}: {path}: {d} has more than {SearchDimension.MaxIntGridValues} values; use a narrower range or log_uniform.");
            return;
        }
        if (range is null || !numeric) return;
        foreach (var value in d.Values)
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                throw new UsageException($"{source}: {path}: '{value}' is not a number, and {d.Key} is one.");
            if (!range.Contains(number))
                throw new UsageException($"{source}: {path}: the value {value} is outside {d.Key}'s valid range {range}.");
        }
    }

    private static int GridSize(IReadOnlyList<SearchDimension> search, string source)
    {
        long size = 1;
        foreach (var d in search)
        {
            size *= d.Enumerate().Count;
            if (size > 10_000)
                throw new UsageException($"{source}: the grid has more than 10,000 combinations; search fewer values or use sampling: random with configurations: N.");
        }
        return (int)size;
    }

    private static List<int> ReadSeeds(Dictionary<string, YamlNode> root, string source)
    {
        if (!root.TryGetValue("seeds", out var node)) return [1];
        if (node is YamlSequenceNode list)
        {
            var seeds = new List<int>();
            foreach (var child in list.Children)
            {
                var text = (child as YamlScalarNode)?.Value?.Trim() ?? "";
                if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) || seed < 0)
                    throw new UsageException($"{source}: seeds: '{text}' is not a seed; seeds are whole numbers from 0 to {int.MaxValue}.");
                if (seeds.Contains(seed)) throw new UsageException($"{source}: seeds: seed {seed} is listed twice; list each seed once.");
                seeds.Add(seed);
            }
            if (seeds.Count == 0) throw new UsageException($"{source}: seeds: the list is empty; give at least one seed.");
            return seeds;
        }
        var count = Int(root, "seeds", source, 1, 1000)!.Value;
        return Enumerable.Range(1, count).ToList();
    }

    private static HalvingSettings? ReadHalving(Dictionary<string, YamlNode> root, string source, long steps, int configurations)
    {
        if (!root.TryGetValue("halving", out var node)) return null;
        if (node is not YamlMappingNode mapping)
            throw new UsageException($"{source}: halving: expected a section, e.g. halving: {{eta: 2, min_steps: 10000}}.");
        var map = Children(mapping, source, "halving.");
        foreach (var key in map.Keys) CheckKnown(source, "halving.", key, HalvingKeys);
        var eta = Int(map, "eta", source, 2, 100, "halving.") ?? 3;
        var minSteps = Long(map, "min_steps", source, 1, long.MaxValue, "halving.")
                       ?? throw new UsageException($"{source}: halving.min_steps is missing; give the first rung's step budget, e.g. min_steps: {Math.Max(1, steps / 8)}.");
        if (minSteps >= steps)
            throw new UsageException($"{source}: halving.min_steps: {minSteps} must be below steps ({steps}); the rungs grow from min_steps to steps.");
        if (configurations < 2)
            throw new UsageException($"{source}: halving needs at least 2 configurations to choose between (this sweep has {configurations}).");
        return new HalvingSettings(eta, minSteps);
    }

    private static (int? Workers, SlurmSettings Slurm) ReadExecutor(Dictionary<string, YamlNode> root, string source)
    {
        if (!root.TryGetValue("executor", out var node)) return (null, SlurmSettings.Empty);
        if (node is not YamlMappingNode mapping)
            throw new UsageException($"{source}: executor: expected a section, e.g. executor: {{workers: 2}}.");
        var map = Children(mapping, source, "executor.");
        foreach (var key in map.Keys) CheckKnown(source, "executor.", key, ExecutorKeys);
        var workers = Int(map, "workers", source, 1, 1024, "executor.");
        if (!map.TryGetValue("slurm", out var slurmNode)) return (workers, SlurmSettings.Empty);
        if (slurmNode is not YamlMappingNode slurmMapping)
            throw new UsageException($"{source}: executor.slurm: expected a section, e.g. slurm: {{partition: cpu, time: \"00:30:00\"}}.");
        var slurm = Children(slurmMapping, source, "executor.slurm.");
        foreach (var key in slurm.Keys) CheckKnown(source, "executor.slurm.", key, SlurmKeys);
        const string p = "executor.slurm.";
        IReadOnlyList<string> extra = [];
        if (slurm.TryGetValue("extra_args", out var extraNode))
        {
            extra = extraNode switch
            {
                YamlSequenceNode seq when seq.Children.All(c => c is YamlScalarNode) => seq.Children.Select(c => ((YamlScalarNode)c).Value?.Trim() ?? "").ToList(),
                YamlScalarNode s => (s.Value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
                _ => throw new UsageException($"{source}: {p}extra_args: expected a list of sbatch arguments, e.g. [--qos=short]."),
            };
        }
        return (workers, new SlurmSettings(Scalar(slurm, "partition", source, p), Scalar(slurm, "time", source, p),
            Int(slurm, "cpus_per_task", source, 1, 1024, p), Scalar(slurm, "mem", source, p), Scalar(slurm, "account", source, p), extra));
    }
}
