using System.Diagnostics;
using System.Text;

namespace RLArena.Sweeps.Tests;

/// <summary>A real <c>rlarena</c> process (the app host built beside the tests), its output collected as it comes.</summary>
internal sealed class Rlarena : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public Rlarena(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "rlarena"))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public int Id => _process.Id;

    /// <summary>stdout and stderr together, in the order they came.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    public bool HasExited => _process.HasExited;

    /// <summary>Sends a POSIX signal (TERM, INT, KILL).</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{name} {_process.Id}") { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.That(kill.ExitCode, Is.EqualTo(0), $"kill -{name} {_process.Id}");
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"rlarena did not exit within {timeout.TotalSeconds} s:\n{Output}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Runs rlarena to the end: exit code and output.</summary>
    public static (int Code, string Output) Run(string workingDirectory, params string[] args)
    {
        using var process = new Rlarena(workingDirectory, args);
        var code = process.WaitForExit(TimeSpan.FromMinutes(4));
        return (code, process.Output);
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails when the process ends or time runs out first.</summary>
    public void WaitUntil(Func<bool> condition, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (_process.HasExited) Assert.Fail($"rlarena exited ({_process.ExitCode}) before {what}:\n{Output}");
            if (clock.Elapsed > timeout) Assert.Fail($"not {what} within {timeout.TotalSeconds} s:\n{Output}");
            Thread.Sleep(50);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
