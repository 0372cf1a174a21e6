namespace RLArena.Environments.Plugins;

/// <summary>A plugin that <see cref="PluginLoader"/> loaded: its assembly name and version, its file, and the environment names it registered.</summary>
public sealed record LoadedPlugin(string AssemblyName, Version Version, string Path, IReadOnlyList<string> Environments)
{
    /// <summary>"AssemblyName Version (path)".</summary>
    public override string ToString() => $"{AssemblyName} {Version} ({Path}): {string.Join(", ", Environments)}";
}
