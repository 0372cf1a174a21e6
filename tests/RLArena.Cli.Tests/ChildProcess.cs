using System.Diagnostics;
using System.Text;

namespace RLArena.Cli.Tests;

/// <summary>A real <c>rlarena</c> process (the app host built beside the tests), its output collected as it comes.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    public ChildProcess(string workingDirectory, params string[] args)
    {
        var exe = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "rlarena.exe" : "rlarena");
        var info = new ProcessStartInfo(exe)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_stdout) _stdout.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Waits until stdout contains <paramref name="text"/>; fails the test when the process ends or time runs out first.</summary>
    public void WaitFor(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Stdout.Contains(text))
        {
            if (_process.HasExited) Assert.Fail($"rlarena exited ({_process.ExitCode}) before printing '{text}':\n{Stdout}\n{Stderr}");
            if (clock.Elapsed > timeout) Assert.Fail($"no '{text}' within {timeout.TotalSeconds} s:\n{Stdout}\n{Stderr}");
            Thread.Sleep(50);
        }
    }

    /// <summary>Sends a POSIX signal (TERM, INT) the way timeout, docker stop, systemd and Slurm do.</summary>
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
            Assert.Fail($"rlarena did not exit within {timeout.TotalSeconds} s:\n{Stdout}\n{Stderr}");
        }
        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    /// <summary>Runs to the end and returns the exit code.</summary>
    public static (int Code, string Stdout, string Stderr) Run(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        using var child = new ChildProcess(workingDirectory, args);
        var code = child.WaitForExit(timeout);
        return (code, child.Stdout, child.Stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
