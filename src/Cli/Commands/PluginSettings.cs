using System.ComponentModel;
using RLArena.Environments.Plugins;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary>
/// The settings every command that names environments shares: <c>--plugin PATH</c> (repeatable), a game's .dll or a
/// folder of them. <see cref="LoadPlugins"/> loads those, and the ones RLARENA_PLUGINS lists, before the command
/// makes or checks any environment. Loading is idempotent, so a command may call it and then also load a config
/// file's <c>plugins:</c> list.
/// </summary>
public abstract class PluginSettings : CommandSettings
{
    /// <summary>The --plugin values, in the order given (relative paths are relative to the current folder).</summary>
    [CommandOption("--plugin <PATH>")]
    [Description("A .dll or a folder with your game (repeatable); also RLARENA_PLUGINS and a config's plugins: list.")]
    public string[] Plugins { get; init; } = [];

    /// <summary>
    /// Loads RLARENA_PLUGINS, then <paramref name="configPlugins"/> (a config file's list, relative to
    /// <paramref name="configDirectory"/>), then the --plugin values; returns every plugin they held. A missing path
    /// is a usage error (exit 2), a file that is not a plugin a one-line error (exit 1).
    /// </summary>
    public IReadOnlyList<LoadedPlugin> LoadPlugins(IEnumerable<string>? configPlugins = null, string? configDirectory = null) =>
        PluginLoader.LoadAll(PluginPaths.Resolve(Plugins, configPlugins, configDirectory));
}
