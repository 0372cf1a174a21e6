namespace RLArena.Environments.Plugins;

/// <summary>
/// The entry point of a plugin that registers environments in code (factories with their own options, several
/// variants of a game). <see cref="PluginLoader"/> creates every public class implementing it through its public
/// parameterless constructor and calls <see cref="Register"/> once. Games marked with
/// <see cref="Authoring.RLArenaEnvironmentAttribute"/> need no entry point: they are registered by themselves.
/// </summary>
public interface IRLArenaPlugin
{
    /// <summary>Registers the plugin's environments with <see cref="PluginContext.Register"/>.</summary>
    void Register(PluginContext context);
}
