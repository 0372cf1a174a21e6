using System.Text.Json;
using RLArena.Core.Errors;
using RLArena.Engine.Checkpoints;
using RLArena.Environments;
using RLArena.Environments.Plugins;
using RLArena.Environments.Registry;

namespace RLArena.Agents.Training;

/// <summary>A plugin as a checkpoint or a run's config.yaml records it: its assembly name, version and full path.</summary>
public sealed record RecordedPlugin(string AssemblyName, string Version, string Path)
{
    /// <summary>"Catch 1.0.0 (/home/me/catch/bin/Release/net10.0/Catch.dll)".</summary>
    public override string ToString() => $"{AssemblyName} {Version} ({Path})";
}

/// <summary>
/// Ties trained environments to the plugins they came from, so a checkpoint can be used without naming the plugin
/// again: <see cref="Record"/> says which plugin provided an environment (written into the checkpoint metadata's
/// <c>plugins</c> extra as a small JSON list), and <see cref="EnsureLoaded"/> loads it back from the recorded path
/// when the environment is not registered yet. A recorded file that is gone is one line naming the plugin, its path
/// and the fix; a file whose version changed since training is loaded with one warning line.
/// </summary>
public static class EnvironmentPlugins
{
    /// <summary>The checkpoint metadata extra that lists the plugins.</summary>
    public const string ExtraKey = "plugins";

    /// <summary>The plugin that registered the environment <paramref name="environmentId"/> names (options allowed), or null for a built-in or unknown one.</summary>
    public static LoadedPlugin? Providing(string environmentId)
    {
        var name = RegisteredName(environmentId);
        return name is null ? null : PluginLoader.Loaded.FirstOrDefault(p => p.Environments.Contains(name, StringComparer.Ordinal));
    }

    /// <summary>A version as people write it: "1.2.0" for 1.2.0.0, all four parts when the last is set.</summary>
    public static string FormatVersion(Version version) =>
        version.Revision > 0 ? version.ToString() : version.Build >= 0 ? version.ToString(3) : version.ToString();

    /// <summary>"plugin Catch 1.0.0 (/path/Catch.dll)": where a plugin's environment came from, for listings.</summary>
    public static string Origin(LoadedPlugin plugin) => $"plugin {plugin.AssemblyName} {FormatVersion(plugin.Version)} ({plugin.Path})";

    /// <summary>The plugins <paramref name="environmentId"/> needs, as the metadata extra's text; null when it is built in.</summary>
    public static string? Record(string environmentId) =>
        Providing(environmentId) is { } plugin
            ? JsonSerializer.Serialize(new[] { new RecordedPlugin(plugin.AssemblyName, FormatVersion(plugin.Version), plugin.Path) })
            : null;

    /// <summary>Reads the <c>plugins</c> extra back; text that is not such a list is a one-line <see cref="UserFacingException"/>.</summary>
    public static IReadOnlyList<RecordedPlugin> Parse(string text, string source)
    {
        try
        {
            var plugins = JsonSerializer.Deserialize<RecordedPlugin[]>(text);
            if (plugins is not null && plugins.All(p => p is { AssemblyName: not null, Version: not null, Path: not null })) return plugins;
        }
        catch (JsonException)
        {
        }
        throw new UserFacingException($"{source}: its '{ExtraKey}' entry is damaged; pass --plugin PATH with the plugin of its environment.");
    }

    /// <summary>
    /// Makes the environment of a checkpoint available: when it is not registered and the checkpoint records its
    /// plugin, loads the plugin from the recorded path. Writes a warning line to <paramref name="warnings"/>
    /// (stderr when null) when the plugin's version now differs from the recorded one.
    /// </summary>
    public static void EnsureLoaded(CheckpointMetadata metadata, string checkpointPath, TextWriter? warnings = null)
    {
        if (!metadata.Extra.TryGetValue(ExtraKey, out var text)) return;
        var source = $"checkpoint '{checkpointPath}'";
        var recorded = Parse(text, source);
        var name = EnvSpecName(metadata.Environment);
        foreach (var plugin in recorded)
        {
            var loaded = PluginLoader.Loaded.FirstOrDefault(p => p.AssemblyName == plugin.AssemblyName);
            if (loaded is null && (name is null || !EnvRegistry.IsRegistered(name)))
            {
                if (!File.Exists(plugin.Path))
                    throw new UserFacingException(
                        $"{source} was trained on '{metadata.Environment}' from plugin {plugin.AssemblyName} {plugin.Version}, but {plugin.Path} is gone; pass --plugin PATH with the plugin's .dll (or its folder).");
                loaded = PluginLoader.Load(plugin.Path).FirstOrDefault(p => p.AssemblyName == plugin.AssemblyName);
            }
            if (loaded is not null && VersionWarning(plugin, loaded) is { } warning) (warnings ?? Console.Error).WriteLine(warning);
        }
    }

    /// <summary>The warning line when the loaded plugin's version is not the recorded one; null when they match.</summary>
    public static string? VersionWarning(RecordedPlugin recorded, LoadedPlugin loaded)
    {
        var now = FormatVersion(loaded.Version);
        return now == recorded.Version
            ? null
            : $"rlarena: warning: plugin {recorded.AssemblyName} is version {now} ({loaded.Path}), but the checkpoint was trained with {recorded.Version}; results may differ.";
    }

    /// <summary>The full paths of the plugins that provide <paramref name="environmentId"/>, for a run's config.yaml.</summary>
    public static IReadOnlyList<string> Paths(string environmentId) =>
        Providing(environmentId) is { } plugin ? [plugin.Path] : [];

    private static string? EnvSpecName(string environmentId)
    {
        var name = environmentId.Split(':')[0].Trim();
        return name.Length == 0 ? null : name;
    }

    private static string? RegisteredName(string environmentId)
    {
        var name = EnvSpecName(environmentId);
        if (name is null || !EnvRegistry.IsRegistered(name)) return null;
        try
        {
            return EnvRegistry.Find(name)?.Name;
        }
        catch (EnvSpecException)
        {
            return null;
        }
    }
}
