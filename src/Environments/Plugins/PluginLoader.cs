using System.Reflection;
using RLArena.Core.Errors;
using RLArena.Environments.Authoring;
using RLArena.Environments.Registry;

namespace RLArena.Environments.Plugins;

/// <summary>
/// Loads games from plugin assemblies and registers them in the <see cref="EnvRegistry"/>, so <c>--env name</c>
/// finds them like the built-ins.
/// <para>
/// <see cref="Load"/> takes a .dll, or a folder whose every .dll that references RLArena.Environments is a plugin.
/// Each plugin gets its own <see cref="System.Runtime.Loader.AssemblyLoadContext"/> (its dependencies from its own
/// folder, RLArena's assemblies shared with the host). It registers every <see cref="GameAgent"/> class marked
/// with <see cref="RLArenaEnvironmentAttribute"/> and whatever the plugin's public <see cref="IRLArenaPlugin"/>
/// classes register. Every environment is made once while loading (with its default options) so a broken game
/// fails here, naming the plugin, rather than later in training. Nothing is registered unless the whole plugin is
/// good. Loading the same file again is a no-op that returns the first result.
/// </para>
/// <para>
/// Problems are one line: a path that does not exist is a <see cref="UsageException"/>; a file that is not a .NET
/// assembly, one built against an incompatible RLArena.Environments, one that declares no environment, a
/// constructor that throws, and a name that is already taken are <see cref="UserFacingException"/>s naming the
/// plugin.
/// </para>
/// </summary>
public static class PluginLoader
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, LoadedPlugin> ByPath = new(StringComparer.Ordinal);

    /// <summary>The plugins loaded so far, in load order.</summary>
    public static IReadOnlyList<LoadedPlugin> Loaded
    {
        get { lock (Gate) return ByPath.Values.ToArray(); }
    }

    /// <summary>The version of RLArena.Environments running now; plugins must be built against the same major version.</summary>
    public static Version HostVersion { get; } = typeof(IEnvironment).Assembly.GetName().Version ?? new Version(0, 0);

    /// <summary>Loads every path in order (see <see cref="PluginPaths"/>); returns all the plugins they held.</summary>
    public static IReadOnlyList<LoadedPlugin> LoadAll(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return paths.SelectMany(Load).ToArray();
    }

    /// <summary>Loads the plugin .dll at <paramref name="path"/>, or every plugin .dll in the folder at <paramref name="path"/>.</summary>
    public static IReadOnlyList<LoadedPlugin> Load(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new UsageException("a plugin path is empty; pass a plugin .dll or a folder of them.");
        var full = Path.GetFullPath(path);
        if (File.Exists(full)) return [LoadFile(full)];
        if (!Directory.Exists(full))
            throw new UsageException($"plugin '{path}' does not exist ({full}); pass a plugin .dll or a folder of them.");

        var plugins = Directory.GetFiles(full, "*.dll").Order(StringComparer.Ordinal)
            .Where(file => PluginAssemblyInfo.Read(file)?.EnvironmentsReference is not null)
            .ToArray();
        if (plugins.Length == 0)
            throw new UserFacingException($"plugin folder {full} has no .dll that references {PluginAssemblyInfo.EnvironmentsAssembly}; build the plugin project into it or pass its .dll.");
        return plugins.Select(LoadFile).ToArray();
    }

    private static LoadedPlugin LoadFile(string path)
    {
        lock (Gate)
        {
            if (ByPath.TryGetValue(path, out var already)) return already;

            var info = PluginAssemblyInfo.Read(path)
                ?? throw new UserFacingException($"plugin {path} is not a .NET assembly; pass the .dll that 'dotnet build' made for the plugin project.");
            if (info.EnvironmentsReference is not { } built)
                throw new UserFacingException($"plugin {path} declares no environment: it does not reference {PluginAssemblyInfo.EnvironmentsAssembly}; reference it and mark a GameAgent class with [RLArenaEnvironment].");
            if (built.Major != HostVersion.Major || built > HostVersion)
                throw new UserFacingException($"plugin {path} was built against {PluginAssemblyInfo.EnvironmentsAssembly} {built}, which this RLArena ({HostVersion}) cannot load; rebuild the plugin against {HostVersion}.");
            var sameName = ByPath.Values.FirstOrDefault(p => p.AssemblyName == info.Name);
            if (sameName is not null)
                throw new UserFacingException($"plugin {path} is assembly {info.Name}, which is already loaded from {sameName.Path}; load only one copy.");

            var assembly = LoadAssembly(path);
            var origin = $"plugin {Path.GetFileName(path)} {info.Version}";
            var registrations = Declared(assembly, path, origin);
            if (registrations.Count == 0)
                throw new UserFacingException($"plugin {path} declares no environment; mark a GameAgent class with [RLArenaEnvironment(\"name\", \"description\")] or add a public class implementing IRLArenaPlugin.");
            CheckNames(registrations, path);
            foreach (var registration in registrations) Probe(registration, path);
            foreach (var registration in registrations)
            {
                try
                {
                    EnvRegistry.Register(registration);
                }
                catch (EnvSpecException e)
                {
                    throw new UserFacingException($"plugin {path}: {e.Message}", inner: e);
                }
            }

            var loaded = new LoadedPlugin(info.Name, info.Version, path, registrations.Select(r => r.Name).ToArray());
            ByPath.Add(path, loaded);
            return loaded;
        }
    }

    private static Assembly LoadAssembly(string path)
    {
        try
        {
            return new PluginLoadContext(path).LoadFromAssemblyPath(path);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            throw new UserFacingException($"plugin {path} could not be loaded: {Line(e)}", inner: e);
        }
    }

    /// <summary>The registrations the plugin declares: attributed games first, then what its entry points register.</summary>
    private static List<EnvRegistration> Declared(Assembly assembly, string path, string origin)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            var first = e.LoaderExceptions.FirstOrDefault(x => x is not null);
            throw new UserFacingException($"plugin {path} has types that cannot be loaded ({(first is null ? "unknown reason" : Line(first))}); put its dependencies beside it.", inner: e);
        }

        var registrations = new List<EnvRegistration>();
        foreach (var type in types.Where(t => t.GetCustomAttribute<RLArenaEnvironmentAttribute>() is not null).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            try
            {
                registrations.Add(GameRegistration.For(type, origin));
            }
            catch (UserFacingException e)
            {
                throw new UserFacingException($"plugin {path}: {e.Message}", inner: e);
            }
        }

        var entries = types
            .Where(t => t.IsPublic && t.IsClass && !t.IsAbstract && typeof(IRLArenaPlugin).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (var type in entries)
        {
            var constructor = type.GetConstructor(Type.EmptyTypes)
                ?? throw new UserFacingException($"plugin {path}: {type.Name} implements IRLArenaPlugin but has no public parameterless constructor; add one.");
            var context = new PluginContext(path, origin);
            try
            {
                var entry = (IRLArenaPlugin)constructor.Invoke(BindingFlags.DoNotWrapExceptions, binder: null, [], culture: null);
                entry.Register(context);
            }
            catch (Exception e)
            {
                throw new UserFacingException($"plugin {path}: {type.Name} threw {e.GetType().Name} while registering: {Line(e)}", inner: e);
            }
            registrations.AddRange(context.Registrations);
        }
        return registrations;
    }

    /// <summary>No name twice in the plugin, and none that the registry already has (so nothing is half-registered).</summary>
    private static void CheckNames(IReadOnlyList<EnvRegistration> registrations, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in registrations.SelectMany(r => r.Aliases.Prepend(r.Name)))
        {
            if (!seen.Add(name))
                throw new UserFacingException($"plugin {path} declares the environment name '{name}' twice; give each environment its own name.");
            if (EnvRegistry.IsRegistered(name) && EnvRegistry.Find(name) is { } holder)
                throw new UserFacingException($"plugin {path}: environment name '{name}' is already registered by {holder.Origin} ('{holder.Name}'); rename it in the plugin.");
        }
    }

    /// <summary>Makes the environment once with its default options, so a constructor or declaration that fails does so now.</summary>
    private static void Probe(EnvRegistration registration, string path)
    {
        try
        {
            var environment = registration.Make(new EnvOptions(registration.Name, []))
                ?? throw new UserFacingException($"the factory of environment '{registration.Name}' returned null");
            (environment as IDisposable)?.Dispose();
        }
        catch (Exception e)
        {
            var message = e is UserFacingException or EnvSpecException ? e.Message : $"making environment '{registration.Name}' threw {e.GetType().Name}: {Line(e)}";
            throw new UserFacingException($"plugin {path}: {message}", inner: e);
        }
    }

    private static string Line(Exception e) =>
        string.Join(' ', e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
