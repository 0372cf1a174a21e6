using System.Diagnostics;
using NUnit.Framework;

namespace RLArena.Tests.Shared;

/// <summary>
/// Runs a real <c>dotnet build -c Release</c> of a project or solution that a test wrote into a temporary folder
/// (plugins built against our assemblies), without the build server, and fails the test with the build's output
/// when it does not succeed within five minutes. Linked into the test projects that build plugins.
/// </summary>
internal static class DotnetBuild
{
    /// <param name="folder">The folder to build in.</param>
    /// <param name="target">A project or solution file in it, or null for the one project there.</param>
    public static void Run(string folder, string? target = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("build");
        if (target is not null) start.ArgumentList.Add(target);
        foreach (var argument in new[] { "-c", "Release", "--disable-build-servers", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-v:q", "-nologo" })
            start.ArgumentList.Add(argument);
        // Variables that dotnet test sets for its own MSBuild must not steer this separate build.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH").ToList())
            start.Environment.Remove(key);
        using var build = Process.Start(start)!;
        var output = build.StandardOutput.ReadToEndAsync();
        var errors = build.StandardError.ReadToEndAsync();
        if (!build.WaitForExit(300_000))
        {
            build.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet build in {folder} took over 5 minutes");
        }
        if (build.ExitCode != 0) Assert.Fail($"dotnet build in {folder} failed ({build.ExitCode}):\n{output.Result}\n{errors.Result}");
    }
}
