using System.Diagnostics;

namespace RLArena.Cli.Tests.Plugins;

/// <summary>
/// Runs the built <c>rlarena</c> (rlarena.dll beside these tests) as its own process: plugins load once per process,
/// so checking what a fresh process loads by itself (a checkpoint's recorded plugin, RLARENA_PLUGINS) needs one.
/// </summary>
internal static class RlarenaProcess
{
    /// <summary>Exit code and stdout + stderr. RLARENA_PLUGINS is unset unless <paramref name="pluginsVariable"/> is given.</summary>
    public static (int Code, string Output) Run(string workingDirectory, string? pluginsVariable, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "rlarena.dll"));
        foreach (var argument in args) start.ArgumentList.Add(argument);
        start.Environment.Remove("RLARENA_PLUGINS");
        if (pluginsVariable is not null) start.Environment["RLARENA_PLUGINS"] = pluginsVariable;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(300_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"rlarena {string.Join(' ', args)} took over 5 minutes");
        }
        process.WaitForExit();
        return (process.ExitCode, output.Result + errors.Result);
    }
}
