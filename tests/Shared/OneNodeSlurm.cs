using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NUnit.Framework;

namespace RLArena.Tests.Shared;

/// <summary>
/// A real one-node Slurm cluster for the tests that submit jobs: build/slurm/one-node.sh starts munged (unless it
/// already answers), slurmctld and slurmd with a slurm.conf in a temporary folder and free ports, and
/// <see cref="Dispose"/> stops them by their PIDs. While it runs, this process's <c>SLURM_CONF</c> points at it, so
/// sbatch, squeue and scancel (and the jobs, which inherit the environment) use it. Linked into the test projects
/// that need Slurm; <see cref="StartOrIgnore"/> skips the test with one line where the machine cannot run it.
/// </summary>
internal sealed class OneNodeSlurm : IDisposable
{
    private readonly string? _previousConf;

    private OneNodeSlurm(string folder, string script, string? previousConf)
    {
        Folder = folder;
        Script = script;
        _previousConf = previousConf;
    }

    /// <summary>The folder with slurm.conf, the daemons' state, logs and pid files.</summary>
    public string Folder { get; }

    /// <summary>build/slurm/one-node.sh in this checkout.</summary>
    public string Script { get; }

    /// <summary>The cluster's slurm.conf.</summary>
    public string ConfigFile => Path.Combine(Folder, "slurm.conf");

    /// <summary>Why this machine cannot run the cluster (binaries missing, not root), or null when it can.</summary>
    public static string? WhyUnavailable()
    {
        foreach (var binary in new[] { "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged" })
            if (!File.Exists(binary)) return $"Slurm is not installed ({binary} is missing; apt-get install slurmctld slurmd slurm-client munge)";
        if (!OnPath("sbatch")) return "Slurm's client is not installed (sbatch is missing; apt-get install slurm-client)";
        if (Environment.UserName != "root") return "the one-node Slurm cluster runs its daemons as root, and the tests do not run as root";
        return null;
    }

    /// <summary>Starts a cluster, or ignores the calling test (one line naming why) where the machine cannot run one.</summary>
    public static OneNodeSlurm StartOrIgnore()
    {
        if (WhyUnavailable() is string reason) Assert.Ignore(reason);
        var script = FindScript();
        var folder = Path.Combine(Path.GetTempPath(), "rlarena-slurm-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("start");
        start.ArgumentList.Add(folder);
        var ports = FreePorts(2);
        start.Environment["SLURM_CTLD_PORT"] = ports[0].ToString();
        start.Environment["SLURM_D_PORT"] = ports[1].ToString();
        var (code, output) = RunToEnd(start, TimeSpan.FromSeconds(60));
        var previous = Environment.GetEnvironmentVariable("SLURM_CONF");
        var cluster = new OneNodeSlurm(folder, script, previous);
        if (code != 0)
        {
            cluster.Dispose();
            Assert.Fail($"the one-node Slurm cluster did not start ({code}):\n{output}");
        }
        Environment.SetEnvironmentVariable("SLURM_CONF", cluster.ConfigFile);
        return cluster;
    }

    /// <summary>Stops the daemons (and the cluster's jobs) and restores <c>SLURM_CONF</c>.</summary>
    public void Dispose()
    {
        var stop = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        stop.ArgumentList.Add(Script);
        stop.ArgumentList.Add("stop");
        stop.ArgumentList.Add(Folder);
        var (code, output) = RunToEnd(stop, TimeSpan.FromSeconds(60));
        Environment.SetEnvironmentVariable("SLURM_CONF", _previousConf);
        if (code != 0) TestContext.Progress.WriteLine($"one-node Slurm stop said ({code}): {output}");
        else try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>The daemons' logs, for a failing test's message.</summary>
    public string Logs()
    {
        var logs = Path.Combine(Folder, "log");
        return Directory.Exists(logs)
            ? string.Join("\n", Directory.GetFiles(logs).Select(f => $"--- {Path.GetFileName(f)}\n{string.Join("\n", File.ReadLines(f).TakeLast(30))}"))
            : "(no logs)";
    }

    private static string FindScript()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "build", "slurm", "one-node.sh");
            if (File.Exists(candidate)) return candidate;
        }
        Assert.Fail("build/slurm/one-node.sh was not found above " + AppContext.BaseDirectory);
        return "";
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var listener in listeners) listener.Start();
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally { foreach (var listener in listeners) listener.Stop(); }
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(f => File.Exists(Path.Combine(f, program)));

    private static (int Code, string Output) RunToEnd(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout.TotalSeconds} s");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
