using System.Globalization;
using RLArena.Environments.CartPole;
using RLArena.Environments.GridWorld;
using RLArena.Environments.Registry;
using RLArena.Environments.Vector;
using RLArena.Environments.Wrappers;

namespace RLArena.Environments;

/// <summary>
/// Environments by name, with options, for the CLI and configs (Gymnasium's <c>gym.make</c>):
/// <list type="bullet">
/// <item><c>cartpole</c> — Gymnasium's CartPole-v1: the dynamics in a 500-step <see cref="TimeLimit"/>
/// (option <c>max_steps</c>; "CartPole-v1" is accepted as an alias).</item>
/// <item><c>gridworld</c> — ML-Agents-style GridWorld (options <c>size, goals, green, red, obstacles, max_steps, obs,
/// mask</c>), e.g. <c>gridworld:size=8,goals=2,obs=visual</c> or <c>gridworld:obstacles=1-1;3-2</c>.</item>
/// </list>
/// An unknown name or option, or a bad value, throws <see cref="EnvSpecException"/> listing what is valid.
/// </summary>
public static class EnvRegistry
{
    private static readonly Registration[] Registrations =
    [
        new(CartPoleEnv.Name, "Gymnasium CartPole-v1: balance a pole on a cart (2 actions, 4 observations, 500-step limit)",
            ["cartpole-v1"],
            [new("max_steps", "500", "steps before truncation")],
            MakeCartPole),
        new(GridWorldEnv.Name, "ML-Agents GridWorld: walk to the goal of the signalled colour (5 actions, masked at walls)",
            [],
            [
                new("size", "5", "grid side, 2..64"),
                new("goals", "1", "goals of each colour"),
                new("green", "1", "green '+' goals"),
                new("red", "1", "red 'x' goals"),
                new("obstacles", "none", "fixed blocked cells x-y;x-y (0-based, y=0 is the top row)"),
                new("max_steps", "100", "steps before truncation"),
                new("obs", "vector", "vector (flattened one-hot layers + goal signal) or visual (channels x height x width)"),
                new("mask", "true", "mask moves into walls and obstacles"),
            ],
            MakeGridWorld),
    ];

    /// <summary>The registered names: "cartpole", "gridworld".</summary>
    public static IReadOnlyList<string> Names { get; } = Registrations.Select(d => d.Name).ToArray();

    /// <summary>Every registered environment with its options, for help texts.</summary>
    public static IReadOnlyList<EnvDefinition> Catalog { get; } =
        Registrations.Select(r => new EnvDefinition(r.Name, r.Description, r.Aliases, r.Options)).ToArray();

    /// <summary>Makes the environment a spec names, e.g. "cartpole" or "gridworld:size=8,goals=2,obs=visual".</summary>
    public static IEnvironment Make(string spec)
    {
        var parsed = EnvSpec.Parse(spec);
        var definition = Find(parsed.Name)
            ?? throw new EnvSpecException($"unknown environment '{parsed.Name}'; valid environments: {string.Join(", ", Names)}.");
        foreach (var (key, _) in parsed.Options)
        {
            if (definition.Options.All(o => o.Key != key))
                throw new EnvSpecException($"unknown option '{key}' for {definition.Name}; valid options: {string.Join(", ", definition.Options.Select(o => o.Key))}.");
        }
        return definition.Factory(new OptionReader(definition.Name, parsed.Options));
    }

    /// <summary><paramref name="count"/> copies of a spec in a <see cref="VectorEnv"/>.</summary>
    public static VectorEnv MakeVector(string spec, int count, bool parallel = false)
    {
        Make(spec); // fail on a bad spec before making copies
        return new VectorEnv(() => Make(spec), count, parallel);
    }

    /// <summary>Whether a spec is valid (no exception), and the one-line problem if not.</summary>
    public static bool TryValidate(string spec, out string? problem)
    {
        try
        {
            Make(spec);
            problem = null;
            return true;
        }
        catch (EnvSpecException e)
        {
            problem = e.Message;
            return false;
        }
    }

    private static Registration? Find(string name) =>
        Registrations.FirstOrDefault(d => d.Name == name || d.Aliases.Contains(name));

    private static IEnvironment MakeCartPole(OptionReader options)
    {
        var maxSteps = options.Int("max_steps", 500, 1, int.MaxValue);
        var id = maxSteps == 500 ? CartPoleEnv.Name : $"{CartPoleEnv.Name}:max_steps={maxSteps}";
        return new TimeLimit(new CartPoleEnv(), maxSteps, id);
    }

    private static IEnvironment MakeGridWorld(OptionReader options)
    {
        var goals = options.Int("goals", 1, 0, 1000);
        var gridOptions = new GridWorldOptions(
            Size: options.Int("size", 5, 2, GridWorldOptions.MaxSize),
            GreenGoals: options.Int("green", goals, 0, 1000),
            RedGoals: options.Int("red", goals, 0, 1000),
            Obstacles: options.Cells("obstacles"),
            MaxSteps: options.Int("max_steps", 100, 1, int.MaxValue),
            Observation: options.Choice("obs", GridObservationKind.Vector),
            MaskActions: options.Bool("mask", true));
        try
        {
            return new GridWorldEnv(gridOptions);
        }
        catch (ArgumentException e)
        {
            throw new EnvSpecException(e.Message);
        }
    }

    private sealed record Registration(
        string Name, string Description, IReadOnlyList<string> Aliases, IReadOnlyList<EnvOption> Options, Func<OptionReader, IEnvironment> Factory);

    /// <summary>Typed access to a spec's options with one-line errors.</summary>
    private sealed class OptionReader(string env, IReadOnlyList<KeyValuePair<string, string>> options)
    {
        private string? Raw(string key) => options.FirstOrDefault(o => o.Key == key).Value;

        public int Int(string key, int fallback, int min, int max)
        {
            var raw = Raw(key);
            if (raw is null) return fallback;
            if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
                throw new EnvSpecException($"{env} option {key}={raw} is invalid; expected a whole number from {min} to {(max == int.MaxValue ? "any" : max)}.");
            return value;
        }

        public bool Bool(string key, bool fallback)
        {
            var raw = Raw(key);
            if (raw is null) return fallback;
            return raw.ToLowerInvariant() switch
            {
                "true" or "1" or "yes" or "on" => true,
                "false" or "0" or "no" or "off" => false,
                _ => throw new EnvSpecException($"{env} option {key}={raw} is invalid; expected true or false."),
            };
        }

        public T Choice<T>(string key, T fallback) where T : struct, Enum
        {
            var raw = Raw(key);
            if (raw is null) return fallback;
            if (Enum.TryParse<T>(raw, ignoreCase: true, out var value) && Enum.IsDefined(value) && !raw.All(char.IsDigit)) return value;
            throw new EnvSpecException($"{env} option {key}={raw} is invalid; expected one of: {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");
        }

        public IReadOnlyList<GridCell>? Cells(string key)
        {
            var raw = Raw(key);
            if (raw is null || raw.Equals("none", StringComparison.OrdinalIgnoreCase)) return null;
            var cells = new List<GridCell>();
            foreach (var part in raw.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var xy = part.Split('-');
                if (xy.Length != 2
                    || !int.TryParse(xy[0], NumberStyles.None, CultureInfo.InvariantCulture, out var x)
                    || !int.TryParse(xy[1], NumberStyles.None, CultureInfo.InvariantCulture, out var y))
                    throw new EnvSpecException($"{env} option {key}: '{part}' is not a cell; write cells as x-y separated by ';', e.g. obstacles=1-1;3-2.");
                cells.Add(new GridCell(x, y));
            }
            return cells;
        }
    }
}
