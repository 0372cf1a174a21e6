using System.Reflection;
using RLArena.Core.Errors;
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
            throw new UserFacingException(Diagnose() ?? (
                "TorchSharp's native libraries could not be loaded (" + Describe(error) + "). " +
                "Rebuild with `dotnet build` so the output carries runtimes/<rid>/native with the patched " +
                "libLibTorchSharp.so, and run `./rlarena info` for details."), 1, error);
        }
    }

    /// <summary>Whether the native TorchSharp libraries loaded.</summary>
    public static bool IsLoaded => LoadError.Value is null;

    /// <summary>The TorchSharp package version in use (for example 0.107.0).</summary>
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
        // When loading fails TorchSharp writes a long, misleading trace to stdout; keep it out of the user's way
        // (Diagnose says what is really wrong).
        var stdout = Console.Out;
        Console.SetOut(TextWriter.Null);
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
        finally
        {
            Console.SetOut(stdout);
        }
    }

    /// <summary>
    /// TorchSharp's own message blames a missing package reference whatever the cause; look at the shim itself to
    /// say what is really wrong. Returns null when nothing more specific is found.
    /// </summary>
    private static string? Diagnose()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var shim = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!File.Exists(shim)) shim = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        if (!File.Exists(shim))
        {
            return "TorchSharp's native shim libLibTorchSharp.so is missing from " + AppContext.BaseDirectory +
                   "; rebuild with `dotnet build` (it restores TorchSharp-cpu and copies runtimes/linux-x64/native).";
        }
        try
        {
            System.Runtime.InteropServices.NativeLibrary.Free(System.Runtime.InteropServices.NativeLibrary.Load(shim));
            return null;
        }
        catch (DllNotFoundException e)
        {
            var text = e.Message.ReplaceLineEndings(" ");
            if (text.Contains("GLIBCXX", StringComparison.Ordinal))
            {
                return "TorchSharp's native shim " + shim + " needs a newer libstdc++ than this system has (" +
                       text[(text.IndexOf("GLIBCXX", StringComparison.Ordinal))..].Split(' ')[0].Trim('\'', '`') +
                       "); rebuild with `dotnet build`, which marks that requirement weak in the output's copy.";
            }
            return "TorchSharp's native shim " + shim + " cannot be loaded: " + (text.Length > 200 ? text[..200] + "..." : text) +
                   ". Check that libtorch's libraries sit beside it (rebuild with `dotnet build`).";
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
