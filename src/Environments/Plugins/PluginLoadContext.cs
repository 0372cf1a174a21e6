using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace RLArena.Environments.Plugins;

/// <summary>
/// The <see cref="AssemblyLoadContext"/> one plugin lives in. RLArena's own assemblies come from the host, so the
/// plugin's <c>GameAgent</c> and <c>IEnvironment</c> are the host's types. The plugin's own dependencies come from
/// its folder: through its .deps.json with <see cref="AssemblyDependencyResolver"/> when it has one, else by file
/// name. Everything else (the framework) falls back to the default context.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly string _folder;
    private readonly AssemblyDependencyResolver? _resolver;

    public PluginLoadContext(string pluginPath) : base($"RLArena plugin {Path.GetFileName(pluginPath)}", isCollectible: false)
    {
        _folder = Path.GetDirectoryName(pluginPath)!;
        if (!File.Exists(Path.ChangeExtension(pluginPath, ".deps.json"))) return;
        try
        {
            _resolver = new AssemblyDependencyResolver(pluginPath);
        }
        catch (InvalidOperationException)
        {
            // A host without the resolver (some single-file hosts): fall back to finding dependencies by file name.
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (IsShared(assemblyName)) return HostContext.LoadFromAssemblyName(new AssemblyName(assemblyName.Name!));
        var path = _resolver is not null ? _resolver.ResolveAssemblyToPath(assemblyName) : ProbeFolder(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver?.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    /// <summary>The context RLArena.Environments itself was loaded into (the default one in the CLI).</summary>
    private static AssemblyLoadContext HostContext => GetLoadContext(typeof(PluginLoadContext).Assembly) ?? Default;

    /// <summary>
    /// RLArena's assemblies (Core, Environments, and any other the host has loaded): the plugin must see the host's
    /// copies so that the types match. PluginLoader has already checked the version the plugin was built against.
    /// </summary>
    private static bool IsShared(AssemblyName name) =>
        name.Name is { } simple && simple.StartsWith("RLArena.", StringComparison.Ordinal)
        && (simple is "RLArena.Environments" or "RLArena.Core" || HostContext.Assemblies.Any(a => a.GetName().Name == simple));

    /// <summary>Without a .deps.json: a dependency of the same name beside the plugin, unless the framework has it.</summary>
    private string? ProbeFolder(AssemblyName name)
    {
        if (name.Name is null) return null;
        if (File.Exists(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), name.Name + ".dll"))) return null;
        var candidate = Path.Combine(_folder, name.Name + ".dll");
        return File.Exists(candidate) ? candidate : null;
    }
}
