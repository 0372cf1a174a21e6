using RLArena.Environments.Authoring;

namespace RLArena.Environments.Plugins;

/// <summary>
/// What a plugin's <see cref="IRLArenaPlugin.Register"/> receives: where the plugin is (to find its data files) and
/// the methods to register environments. Registrations are collected and registered together once the whole plugin
/// has been read, each marked with the plugin as its origin.
/// </summary>
public sealed class PluginContext
{
    private readonly List<EnvRegistration> _registrations = [];

    internal PluginContext(string pluginPath, string origin)
    {
        PluginPath = pluginPath;
        Origin = origin;
    }

    /// <summary>The full path of the plugin's .dll.</summary>
    public string PluginPath { get; }

    /// <summary>The folder the plugin's .dll is in.</summary>
    public string PluginFolder => Path.GetDirectoryName(PluginPath)!;

    /// <summary>How <c>rlarena envs</c> shows where the plugin's environments come from, e.g. "plugin MyGame.dll 1.2.0.0".</summary>
    public string Origin { get; }

    /// <summary>Registers an environment made by a factory (its origin becomes the plugin's).</summary>
    public void Register(EnvRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        _registrations.Add(registration with { Origin = Origin });
    }

    /// <summary>Registers a game class by its <see cref="RLArenaEnvironmentAttribute"/>.</summary>
    public void RegisterGame<TGame>() where TGame : GameAgent => _registrations.Add(GameRegistration.For(typeof(TGame), Origin));

    internal IReadOnlyList<EnvRegistration> Registrations => _registrations;
}
