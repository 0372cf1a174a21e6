using System.Globalization;
using RLArena.Agents.Training;
using RLArena.Environments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary>
/// <c>rlarena envs</c>: every registered environment (built-in or from a plugin) with its aliases, origin and
/// description, the spaces and metadata of a copy made with the defaults, and its options with defaults and help.
/// </summary>
public sealed class EnvsCommand(IAnsiConsole output) : Command<EnvsCommand.Settings>
{
    private readonly IAnsiConsole _console = ReportConsole.Widened(output);

    /// <summary><c>rlarena envs</c> takes only <c>--plugin</c>: the plugins whose games to list too.</summary>
    public sealed class Settings : PluginSettings
    {
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        settings.LoadPlugins();
        var catalog = EnvRegistry.Catalog;
        _console.WriteLine($"{catalog.Count} registered environment(s); pass one to --env as NAME or NAME:key=value,key=value.");
        foreach (var definition in catalog)
        {
            _console.WriteLine();
            Describe(definition);
        }
        return 0;
    }

    private void Describe(EnvDefinition definition)
    {
        var aliases = definition.Aliases.Count == 0 ? "" : $"  (alias{(definition.Aliases.Count > 1 ? "es" : "")}: {string.Join(", ", definition.Aliases)})";
        _console.WriteLine($"{definition.Name}{aliases}  [{Origin(definition)}]");
        _console.WriteLine($"  {definition.Description}");
        foreach (var line in DefaultsLines(definition.Name)) _console.WriteLine("  " + line);
        if (definition.Options.Count == 0)
        {
            _console.WriteLine("  options: none");
            return;
        }
        _console.WriteLine("  options:");
        var keyWidth = definition.Options.Max(o => o.Key.Length);
        var defaultWidth = definition.Options.Max(o => o.Default.Length) + "default ".Length;
        foreach (var option in definition.Options)
            _console.WriteLine($"    {option.Key.PadRight(keyWidth)}  {("default " + option.Default).PadRight(defaultWidth)}  {option.Description}");
    }

    /// <summary>"built-in", or for a plugin's game "plugin Catch 1.0.0 (/path/Catch.dll)".</summary>
    private static string Origin(EnvDefinition definition) =>
        EnvironmentPlugins.Providing(definition.Name) is { } plugin ? EnvironmentPlugins.Origin(plugin) : definition.Origin;

    /// <summary>What a copy made with the defaults shows: spaces, display name, pace, actions, success and play keys.</summary>
    private static IEnumerable<string> DefaultsLines(string name)
    {
        IEnvironment env;
        try
        {
            env = EnvRegistry.Make(name);
        }
        catch (Exception e)
        {
            return [$"cannot be made with its defaults: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}"];
        }
        var metadata = env.Metadata;
        var pace = metadata.StepsPerSecond.ToString("0.##", CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            $"observations: shape ({string.Join(", ", env.ObservationSpace.Shape)}), float32",
            env.ContinuousActionSpace is { } box
                ? $"actions: continuous {box.Describe()}, float32"
                : $"actions: {env.ActionSpace.N} ({string.Join(", ", env.ActionNames())})",
            $"shown as '{metadata.DisplayName}' at {pace} steps/s",
        };
        if (metadata.Success is { } success) lines.Add($"success: {success}");
        lines.Add(metadata.Play is { } play
            ? $"play keys ({(play.RealTime ? "real time" : "turn based")}): {string.Join(", ", play.Bindings.Select(b => $"{b.Key} {metadata.ActionName(b.Action)}"))}"
            : "play keys: none (cannot be played by hand)");
        return lines;
    }
}
