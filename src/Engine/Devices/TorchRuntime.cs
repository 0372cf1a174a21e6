using System.Reflection;
using RLArena.Engine.Errors;
using TorchSharp;

namespace RLArena.Engine.Devices;

/// <summary>Loads libtorch once and turns a failure to load into a one-line, actionable error.</summary>
public static class TorchRuntime
{
    private static readonly Lazy<Exception?> LoadError = new(TryLoad);

    /// <summary>Throws a <see cref="UserFacingException"/> when the native TorchSharp libraries cannot be loaded.</summary>
    public static void EnsureLoaded()
    {
        if (LoadError.Value is { } error)
        {
            throw new UserFacingException(
                "TorchSharp's native libraries could not be loaded (" + Describe(error) + "). " +
                "Rebuild with `dotnet build` so the output carries runtimes/linux-x64/native with the patched " +
                "libLibTorchSharp.so, and run `./rlarena info` for details.", 1, error);
        }
    }

    public static bool IsLoaded => LoadError.Value is null;

    public static string TorchSharpVersion =>
        typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>The libtorch package version TorchSharp was built against (for example 2.10.0).</summary>
    public static string LibTorchVersion
    {
        get
        {
            try { return torch.__version__; }
            catch (Exception) { return "unknown"; }
        }
    }

    private static Exception? TryLoad()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            using var probe = torch.zeros(1);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static string Describe(Exception error)
    {
        var inner = error;
        while (inner.InnerException is not null) inner = inner.InnerException;
        var text = inner.Message.ReplaceLineEndings(" ");
        return text.Length > 200 ? text[..200] + "..." : text;
    }
}
