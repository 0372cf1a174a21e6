using System.Diagnostics;

namespace RLArena.Viewer.Tests;

/// <summary>
/// A display for window tests: the one in DISPLAY, or a private Xvfb this test starts (and stops) when Xvfb is
/// installed. Null when there is neither.
/// </summary>
internal sealed class XvfbDisplay : IDisposable
{
    private readonly Process? _xvfb;
    private readonly string? _previous;

    private XvfbDisplay(Process? xvfb, string? previous)
    {
        _xvfb = xvfb;
        _previous = previous;
    }

    public static XvfbDisplay? Acquire(out string why)
    {
        var current = Environment.GetEnvironmentVariable("DISPLAY");
        if (!string.IsNullOrEmpty(current))
        {
            why = $"DISPLAY={current}";
            return new XvfbDisplay(null, current);
        }
        var xvfb = FindOnPath("Xvfb");
        if (xvfb is null)
        {
            why = "DISPLAY is not set and Xvfb is not installed (apt-get install xvfb)";
            return null;
        }
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var number = Random.Shared.Next(100, 900);
            if (File.Exists($"/tmp/.X{number}-lock")) continue;
            var process = Process.Start(new ProcessStartInfo(xvfb, [$":{number}", "-screen", "0", "1024x768x24", "-nolisten", "tcp"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (DateTime.UtcNow < deadline && !process.HasExited && !File.Exists($"/tmp/.X11-unix/X{number}")) Thread.Sleep(50);
            if (process.HasExited) continue;
            SetDisplay($":{number}");
            why = $"a private Xvfb on :{number}";
            return new XvfbDisplay(process, null);
        }
        why = "Xvfb would not start";
        return null;
    }

    /// <summary>Sets DISPLAY for .NET and for native code (GLFW reads the C environment, which .NET does not update).</summary>
    private static void SetDisplay(string? value)
    {
        Environment.SetEnvironmentVariable("DISPLAY", value);
        if (value is null) UnsetEnv("DISPLAY");
        else SetEnv("DISPLAY", value, 1);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string name,
        [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string value, int overwrite);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "unsetenv")]
    private static extern int UnsetEnv([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string name);

    internal static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    public void Dispose()
    {
        if (_xvfb is null) return;
        SetDisplay(_previous);
        if (!_xvfb.HasExited) _xvfb.Kill();
        _xvfb.WaitForExit(5000);
        _xvfb.Dispose();
    }
}
