using System.Diagnostics;
using NUnit.Framework;

namespace RLArena.Tests.Shared;

/// <summary>
/// Runs Python scripts with Debian's PyTorch (<c>/usr/bin/python3</c> with python3-torch and python3-numpy), the
/// peer our PyTorch and safetensors files are checked against. A test calls <see cref="Require"/> first: where the
/// packages are missing it is skipped with a message naming them. Linked into the test projects that need it.
/// </summary>
internal static class PythonTorch
{
    private const string Python = "/usr/bin/python3";
    private static readonly Lazy<string?> Missing = new(FindMissing);

    /// <summary>Skips the calling test when /usr/bin/python3 cannot import torch and numpy.</summary>
    public static void Require()
    {
        if (Missing.Value is { } why) Assert.Ignore(why);
    }

    /// <summary>
    /// Runs <paramref name="script"/> (Python source) with <paramref name="arguments"/> in <paramref name="folder"/>,
    /// fails the test with the script's output when it exits non-zero, and returns what it printed.
    /// </summary>
    /// <param name="folder">The working directory.</param>
    /// <param name="script">The script's source.</param>
    /// <param name="arguments">Its command-line arguments (sys.argv[1:]).</param>
    public static string Run(string folder, string script, params string[] arguments)
    {
        var file = Path.Combine(folder, $"script-{Guid.NewGuid():N}.py");
        File.WriteAllText(file, script);
        var (code, output) = Execute(folder, [file, .. arguments], TimeSpan.FromMinutes(5));
        if (code != 0) Assert.Fail($"python3 exited with {code}:\n{output}");
        return output;
    }

    private static string? FindMissing()
    {
        if (!File.Exists(Python)) return "python3-torch is not installed (no /usr/bin/python3; apt-get install python3-torch python3-numpy)";
        var (code, _) = Execute(Path.GetTempPath(), ["-c", "import torch, numpy"], TimeSpan.FromMinutes(2));
        return code == 0 ? null : "python3-torch is not installed (/usr/bin/python3 cannot import torch and numpy; apt-get install python3-torch python3-numpy)";
    }

    private static (int Code, string Output) Execute(string folder, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Python)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"python3 did not finish within {timeout.TotalMinutes} minutes");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
