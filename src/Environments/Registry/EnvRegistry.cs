using System.Globalization;
using RLArena.Environments.Acrobot;
using RLArena.Environments.CartPole;
using RLArena.Environments.GridWorld;
using RLArena.Environments.MountainCar;
using RLArena.Environments.MountainCarContinuous;
using RLArena.Environments.Pendulum;
using RLArena.Environments.Registry;
using RLArena.Environments.Vector;
using RLArena.Environments.Wrappers;

namespace RLArena.Environments;

/// <summary>
/// Environments by name, with options, for the CLI and configs (Gymnasium's <c>gym.make</c>):
/// <list type="bullet">
/// <item><c>cartpole</c> — Gymnasium's CartPole-v1: the dynamics in a 500-step <see cref="TimeLimit"/>
/// (option <c>max_steps</c>; "CartPole-v1" is accepted as an alias).</item>
/// <item><c>mountaincar</c> — Gymnasium's MountainCar-v0 in a 200-step <see cref="TimeLimit"/> (options <c>max_steps,
/// low, high</c>: the last two are Gymnasium's reset options; "MountainCar-v0" is accepted as an alias).</item>
/// <item><c>acrobot</c> — Gymnasium's Acrobot-v1 in a 500-step <see cref="TimeLimit"/> (options <c>max_steps, low,
/// high</c>; "Acrobot-v1" is accepted as an alias).</item>
/// <item><c>pendulum</c> — Gymnasium's Pendulum-v1 (continuous torque) in a 200-step <see cref="TimeLimit"/> (options
/// <c>max_steps, g, x_init, y_init</c>; "Pendulum-v1" is accepted as an alias).</item>
/// <item><c>mountaincar-continuous</c> — Gymnasium's MountainCarContinuous-v0 (continuous force) in a 999-step
/// <see cref="TimeLimit"/> (options <c>max_steps, goal_velocity, low, high</c>; "MountainCarContinuous-v0" is accepted
/// as an alias).</item>
/// <item><c>gridworld</c> — ML-Agents-style GridWorld (options <c>size, goals, green, red, obstacles, max_steps, obs,
/// mask</c>), e.g. <c>gridworld:size=8,goals=2,obs=visual</c> or <c>gridworld:obstacles=1-1;3-2</c>.</item>
/// </list>
/// An unknown name or option, or a bad value, throws <see cref="EnvSpecException"/> listing what is valid.
/// Games and plugins add their own with <see cref="Register"/>; the built-ins are registered the same way.
/// </summary>
public static class EnvRegistry
{
    private static readonly object Gate = new();
    private static readonly List<EnvRegistration> Registrations = [];

    static EnvRegistry()
    {
        Register(new EnvRegistration(CartPoleEnv.Name,
            "Gymnasium CartPole-v1: balance a pole on a cart (2 actions, 4 observations, 500-step limit)", MakeCartPole)
        {
            Aliases = ["cartpole-v1"],
            Options = [new("max_steps", "500", "steps before truncation")],
        });
        Register(new EnvRegistration(GridWorldEnv.Name,
            "ML-Agents GridWorld: walk to the goal of the signalled colour (5 actions, masked at walls)", MakeGridWorld)
        {
            Options =
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
        });
        Register(new EnvRegistration(MountainCarEnv.Name,
            "Gymnasium MountainCar-v0: rock the car up to the flag (3 actions, 2 observations, 200-step limit)", MakeMountainCar)
        {
            Aliases = ["mountaincar-v0"],
            Options =
            [
                new("max_steps", "200", "steps before truncation"),
                new("low", "-0.6", "reset position drawn from [low, high) (Gymnasium's reset option)"),
                new("high", "-0.4", "upper end of the reset interval"),
            ],
        });
        Register(new EnvRegistration(AcrobotEnv.Name,
            "Gymnasium Acrobot-v1: swing the two-link tip above the line (3 actions, 6 observations, 500-step limit)", MakeAcrobot)
        {
            Aliases = ["acrobot-v1"],
            Options =
            [
                new("max_steps", "500", "steps before truncation"),
                new("low", "-0.1", "each reset state value drawn from [low, high) (Gymnasium's reset option)"),
                new("high", "0.1", "upper end of the reset interval"),
            ],
        });
        Register(new EnvRegistration(PendulumEnv.Name,
            "Gymnasium Pendulum-v1: swing the pendulum up and hold it (1 continuous torque, 3 observations, 200-step limit)", MakePendulum)
        {
            Aliases = ["pendulum-v1"],
            Options =
            [
                new("max_steps", "200", "steps before truncation"),
                new("g", "10", "gravity, 0..100"),
                new("x_init", "3.14159", "reset angle drawn from [-x_init, x_init], 0..pi (Gymnasium's reset option)"),
                new("y_init", "1", "reset angular velocity drawn from [-y_init, y_init], 0..8"),
            ],
        });
        Register(new EnvRegistration(MountainCarContinuousEnv.Name,
            "Gymnasium MountainCarContinuous-v0: push the car up to the flag (1 continuous force, 2 observations, 999-step limit)", MakeMountainCarContinuous)
        {
            Aliases = ["mountaincarcontinuous-v0"],
            Options =
            [
                new("max_steps", "999", "steps before truncation"),
                new("goal_velocity", "0", "least velocity that counts at the flag, 0..0.07"),
                new("low", "-0.6", "reset position drawn from [low, high) (Gymnasium's reset option)"),
                new("high", "-0.4", "upper end of the reset interval"),
            ],
        });
    }

    /// <summary>
    /// Adds an environment. Names and aliases are lower-case letters, digits and <c>-_.</c>; one that is already
    /// taken (by a name or an alias) is an <see cref="EnvSpecException"/> naming who has it.
    /// </summary>
    public static void Register(EnvRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(registration.Make);
        lock (Gate)
        {
            foreach (var name in registration.Aliases.Prepend(registration.Name))
            {
                if (string.IsNullOrWhiteSpace(name) || name.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.')))
                    throw new EnvSpecException($"environment name '{name}' ({registration.Origin}) is invalid; use lower-case letters, digits and - _ . only.");
                var holder = FindLocked(name);
                if (holder is not null)
                    throw new EnvSpecException($"environment name '{name}' ({registration.Origin}) is already registered by {holder.Origin} ('{holder.Name}'); choose another name.");
            }
            Registrations.Add(registration);
        }
    }

    /// <summary>Whether <paramref name="name"/> (a name or an alias, any case) is registered.</summary>
    public static bool IsRegistered(string name)
    {
        lock (Gate) return FindLocked(name.Trim().ToLowerInvariant()) is not null;
    }

    /// <summary>The registered names, in registration order: "cartpole", "gridworld", "mountaincar", "acrobot", "pendulum", "mountaincar-continuous", then games' and plugins'.</summary>
    public static IReadOnlyList<string> Names
    {
        get { lock (Gate) return Registrations.Select(d => d.Name).ToArray(); }
    }

    /// <summary>Every registered environment with its options, for help texts and <c>rlarena envs</c>.</summary>
    public static IReadOnlyList<EnvDefinition> Catalog
    {
        get
        {
            lock (Gate)
                return Registrations.Select(r => new EnvDefinition(r.Name, r.Description, r.Aliases, r.Options) { Origin = r.Origin }).ToArray();
        }
    }

    /// <summary>The definition a spec's name refers to (name or alias), or null.</summary>
    public static EnvDefinition? Find(string spec)
    {
        var name = EnvSpec.Parse(spec).Name;
        return Catalog.FirstOrDefault(d => d.Name == name || d.Aliases.Contains(name));
    }

    /// <summary>Makes the environment a spec names, e.g. "cartpole" or "gridworld:size=8,goals=2,obs=visual".</summary>
    public static IEnvironment Make(string spec)
    {
        var parsed = EnvSpec.Parse(spec);
        EnvRegistration? definition;
        lock (Gate) definition = FindLocked(parsed.Name);
        if (definition is null)
            throw new EnvSpecException($"unknown environment '{parsed.Name}'; valid environments: {string.Join(", ", Names)}.");
        foreach (var (key, _) in parsed.Options)
        {
            if (definition.Options.All(o => o.Key != key))
                throw new EnvSpecException(definition.Options.Count == 0
                    ? $"unknown option '{key}' for {definition.Name}; it takes no options."
                    : $"unknown option '{key}' for {definition.Name}; valid options: {string.Join(", ", definition.Options.Select(o => o.Key))}.");
        }
        return definition.Make(new EnvOptions(definition.Name, parsed.Options))
            ?? throw new EnvSpecException($"the factory of environment '{definition.Name}' ({definition.Origin}) returned null.");
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

    private static EnvRegistration? FindLocked(string name) =>
        Registrations.FirstOrDefault(d => d.Name == name || d.Aliases.Contains(name));

    private static IEnvironment MakeCartPole(EnvOptions options)
    {
        var maxSteps = options.Int("max_steps", 500, 1, int.MaxValue);
        var id = maxSteps == 500 ? CartPoleEnv.Name : $"{CartPoleEnv.Name}:max_steps={maxSteps}";
        return new TimeLimit(new CartPoleEnv(), maxSteps, id);
    }

    private static IEnvironment MakeMountainCar(EnvOptions options)
    {
        var maxSteps = options.Int("max_steps", 200, 1, int.MaxValue);
        var (low, high) = ResetBounds(options, MountainCarPhysics.ResetLow, MountainCarPhysics.ResetHigh,
            MountainCarPhysics.MinPosition, MountainCarPhysics.MaxPosition);
        var inner = new MountainCarEnv(low, high);
        return new TimeLimit(inner, maxSteps, maxSteps == 200 ? inner.Id : JoinOption(inner.Id, $"max_steps={maxSteps}"));
    }

    private static IEnvironment MakeAcrobot(EnvOptions options)
    {
        var maxSteps = options.Int("max_steps", 500, 1, int.MaxValue);
        var (low, high) = ResetBounds(options, AcrobotPhysics.ResetLow, AcrobotPhysics.ResetHigh, -Math.PI, Math.PI);
        var inner = new AcrobotEnv(low, high);
        return new TimeLimit(inner, maxSteps, maxSteps == 500 ? inner.Id : JoinOption(inner.Id, $"max_steps={maxSteps}"));
    }

    private static IEnvironment MakePendulum(EnvOptions options)
    {
        var maxSteps = options.Int("max_steps", 200, 1, int.MaxValue);
        var inner = new PendulumEnv(
            options.Double("g", PendulumPhysics.DefaultGravity, 0, 100),
            options.Double("x_init", PendulumPhysics.DefaultResetAngle, 0, Math.PI),
            options.Double("y_init", PendulumPhysics.DefaultResetSpeed, 0, PendulumPhysics.MaxSpeed));
        return new TimeLimit(inner, maxSteps, maxSteps == 200 ? inner.Id : JoinOption(inner.Id, $"max_steps={maxSteps}"));
    }

    private static IEnvironment MakeMountainCarContinuous(EnvOptions options)
    {
        var maxSteps = options.Int("max_steps", 999, 1, int.MaxValue);
        var goalVelocity = options.Double("goal_velocity", 0, 0, MountainCarPhysics.MaxSpeed);
        var (low, high) = ResetBounds(options, MountainCarPhysics.ResetLow, MountainCarPhysics.ResetHigh,
            MountainCarPhysics.MinPosition, MountainCarPhysics.MaxPosition);
        var inner = new MountainCarContinuousEnv(goalVelocity, low, high);
        return new TimeLimit(inner, maxSteps, maxSteps == 999 ? inner.Id : JoinOption(inner.Id, $"max_steps={maxSteps}"));
    }

    // Gymnasium's maybe_parse_reset_bounds, as options: each defaults on its own, and low may not exceed high.
    private static (double Low, double High) ResetBounds(EnvOptions options, double defaultLow, double defaultHigh, double min, double max)
    {
        var low = options.Double("low", defaultLow, min, max);
        var high = options.Double("high", defaultHigh, min, max);
        if (low > high)
            throw new EnvSpecException(FormattableString.Invariant($"{options.Environment} options low={low} and high={high}: low must not exceed high; swap them."));
        return (low, high);
    }

    private static string JoinOption(string id, string option) => FormattableString.Invariant($"{id}{(id.Contains(':') ? ',' : ':')}{option}");

    private static IEnvironment MakeGridWorld(EnvOptions options)
    {
        var goals = options.Int("goals", 1, 0, 1000);
        var gridOptions = new GridWorldOptions(
            Size: options.Int("size", 5, 2, GridWorldOptions.MaxSize),
            GreenGoals: options.Int("green", goals, 0, 1000),
            RedGoals: options.Int("red", goals, 0, 1000),
            Obstacles: Cells(options, "obstacles"),
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

    private static IReadOnlyList<GridCell>? Cells(EnvOptions options, string key)
    {
        var raw = options.Raw(key);
        if (raw is null || raw.Equals("none", StringComparison.OrdinalIgnoreCase)) return null;
        var cells = new List<GridCell>();
        foreach (var part in raw.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var xy = part.Split('-');
            if (xy.Length != 2
                || !int.TryParse(xy[0], NumberStyles.None, CultureInfo.InvariantCulture, out var x)
                || !int.TryParse(xy[1], NumberStyles.None, CultureInfo.InvariantCulture, out var y))
                throw new EnvSpecException($"{options.Environment} option {key}: '{part}' is not a cell; write cells as x-y separated by ';', e.g. obstacles=1-1;3-2.");
            cells.Add(new GridCell(x, y));
        }
        return cells;
    }
}
