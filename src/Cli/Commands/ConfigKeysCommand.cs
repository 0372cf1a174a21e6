using System.ComponentModel;
using RLArena.Agents;
using RLArena.Cli.Configuration;
using RLArena.Core.Errors;
using RLArena.Supervised.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary>
/// <c>rlarena config keys NAME</c>: every key a config file or <c>--set</c> accepts for an algorithm (<c>ppo</c>,
/// <c>dqn</c>) or for <c>mnist</c>, with its type, default, valid range and help, read from the settings class
/// itself. <c>--markdown</c> prints the same as a Markdown table (the documentation site's tables are made this way).
/// </summary>
public sealed class ConfigKeysCommand(IAnsiConsole output) : Command<ConfigKeysCommand.Settings>
{
    private readonly IAnsiConsole _console = ReportConsole.Widened(output);

    /// <summary>Which settings to list, and in which form.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>An algorithm name (<c>ppo</c>, <c>dqn</c>, <c>sac</c>) or <c>mnist</c>.</summary>
        [CommandArgument(0, "<NAME>")]
        [Description("An algorithm (ppo, dqn, sac) or mnist.")]
        public string Name { get; init; } = "";

        /// <summary>Print a Markdown table instead of aligned text.</summary>
        [CommandOption("--markdown")]
        [Description("Print a Markdown table (key, type, default, range, description).")]
        public bool Markdown { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var keys = ConfigKeyTable.For(Defaults(settings.Name));
        var lines = settings.Markdown ? MarkdownLines(keys) : TextLines(keys);
        foreach (var line in lines) _console.Profile.Out.Writer.WriteLine(line);
        return 0;
    }

    /// <summary>The default settings of <paramref name="name"/>: an algorithm's config, or MNIST's.</summary>
    private static object Defaults(string name)
    {
        var key = name.Trim().ToLowerInvariant();
        if (key == "mnist") return new MnistSettings();
        return AlgorithmRegistry.Find(key)?.CreateConfig()
               ?? throw new UsageException($"config keys {name}: unknown name; expected one of {AlgorithmRegistry.Names}, mnist.");
    }

    private static IEnumerable<string> MarkdownLines(IReadOnlyList<ConfigKey> keys)
    {
        yield return "| key | type | default | range | description |";
        yield return "|---|---|---|---|---|";
        foreach (var k in keys)
            yield return $"| `{k.Key}` | {Cell(k.Type)} | {Code(k.Default)} | {Cell(k.Range)} | {Cell(k.Description)} |";
    }

    private static IEnumerable<string> TextLines(IReadOnlyList<ConfigKey> keys)
    {
        var keyWidth = keys.Max(k => k.Key.Length);
        var defaultWidth = keys.Max(k => k.Default.Length);
        var rangeWidth = keys.Max(k => k.Range.Length);
        yield return $"{"key".PadRight(keyWidth)}  {"default".PadRight(defaultWidth)}  {"range".PadRight(rangeWidth)}  description";
        foreach (var k in keys)
            yield return $"{k.Key.PadRight(keyWidth)}  {k.Default.PadRight(defaultWidth)}  {k.Range.PadRight(rangeWidth)}  {k.Description}";
    }

    /// <summary>A table cell: a '|' would end the cell, so it is escaped.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|");

    private static string Code(string text) => text.Length == 0 ? "(empty)" : $"`{text.Replace("|", "\\|")}`";
}
