using System.Diagnostics;
using System.Text;
using RLArena.Agents.Training;
using RLArena.Engine.Checkpoints;

namespace RLArena.Sweeps.Tests.Slurm;

/// <summary>Runs the <c>rlarena</c> built beside the tests and collects stdout and stderr apart; and the checks the
/// Slurm tests share (waiting for trials, comparing two trials bit for bit).</summary>
internal static class SweepProcess
{
    /// <summary>Runs rlarena to its end (at most three minutes).</summary>
    public static (int Code, string Stdout, string Stderr) Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "rlarena"))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        return RunToEnd(info, TimeSpan.FromMinutes(3));
    }

    /// <summary>Runs any program to its end.</summary>
    public static (int Code, string Stdout, string Stderr) RunToEnd(ProcessStartInfo info, TimeSpan timeout)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        using var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{info.FileName} {string.Join(' ', info.ArgumentList)} did not end within {timeout.TotalSeconds} s:\n{stdout}\n{stderr}");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Waits until <paramref name="done"/> holds for the sweep's statuses; fails early when a trial fails.</summary>
    public static void WaitFor(string sweepPath, Func<IReadOnlyList<TrialStatus>, bool> done, string what, TimeSpan timeout, Func<string>? context = null, bool failuresAllowed = false)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var sweep = SweepDirectory.Open(sweepPath);
            var statuses = sweep.ReadAllStatuses();
            if (done(statuses)) return;
            if (!failuresAllowed && statuses.Select((s, i) => (s, i)).FirstOrDefault(p => p.s.State == TrialState.Failed) is { s: not null } failed)
                Assert.Fail($"task {failed.i} failed while waiting for {what}: {failed.s.Message}\n{string.Join("\n", sweep.LastLogLines(failed.i, 20))}\n{context?.Invoke()}");
            if (clock.Elapsed > timeout)
                Assert.Fail($"not {what} within {timeout.TotalSeconds} s: {string.Join(", ", statuses.Select((s, i) => $"{i}:{s.State}"))}\n{context?.Invoke()}");
            Thread.Sleep(250);
        }
    }

    /// <summary>Asserts that two trials ended identically: score, step, parameters bit for bit, and every logged
    /// loss and return along the way.</summary>
    public static void AssertSameTrial(SweepDirectory a, int taskA, SweepDirectory b, int taskB)
    {
        Assert.That(a.ReadStatus(taskA).Scores[^1].Score, Is.EqualTo(b.ReadStatus(taskB).Scores[^1].Score), $"task {taskA}: same score");
        var ca = Checkpoint.Read(Path.Combine(a.TaskRunDirectory(taskA)!, TrainingRun.CheckpointFileName));
        var cb = Checkpoint.Read(Path.Combine(b.TaskRunDirectory(taskB)!, TrainingRun.CheckpointFileName));
        Assert.That(ca.Metadata.Step, Is.EqualTo(cb.Metadata.Step), $"task {taskA}: same final step");
        Assert.That(ca.GetSection(Checkpoint.ModelSection), Is.EqualTo(cb.GetSection(Checkpoint.ModelSection)), $"task {taskA}: same final parameters, bit for bit");
        Assert.That(TrainingRows(a, taskA), Is.EqualTo(TrainingRows(b, taskB)), $"task {taskA}: same losses and returns at every update");
    }

    /// <summary>metrics.csv without what depends on the clock (wall time, SPS, memory): step, metric, value.</summary>
    private static List<string> TrainingRows(SweepDirectory sweep, int task)
    {
        var rows = File.ReadLines(Path.Combine(sweep.TaskRunDirectory(task)!, "metrics.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Where(p => p.Length > 3 && p[2] != "charts/SPS" && !p[2].StartsWith("perf/", StringComparison.Ordinal))
            .Select(p => $"{p[0]},{p[2]},{p[3]}").ToList();
        Assert.That(rows, Is.Not.Empty, $"task {task} logged its training");
        return rows;
    }
}
