using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RLArena.Sweeps.Execution;

/// <summary>
/// Runs tasks on this machine: <see cref="Workers"/> at a time, each as its own <c>rlarena sweep run-task</c> child
/// process (one torch thread per trial unless the trial's torch_threads says otherwise), its output appended to the
/// trial's log.txt. Cancelling sends each child SIGTERM: it saves its checkpoint and leaves the trial cancelled, so
/// <c>sweep resume</c> continues it. Children run in their own session, so a Ctrl+C in the terminal reaches only this
/// process, which passes it on once. A child that ends without recording an outcome (killed, crashed) is marked failed
/// with its exit code and the last lines of its log.
/// </summary>
public sealed class LocalExecutor : ITrialExecutor
{
    private const int SigTerm = 15;
    private static readonly string? SetSid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    private readonly TrialLauncher _launcher;

    /// <summary>Makes a local executor.</summary>
    /// <param name="workers">Trials run at the same time (at least 1).</param>
    /// <param name="launcher">How to start rlarena for a task.</param>
    public LocalExecutor(int workers, TrialLauncher launcher)
    {
        if (workers < 1) throw new Core.Errors.UsageException($"--workers {workers}: give 1 or more.");
        Workers = workers;
        _launcher = launcher;
    }

    /// <inheritdoc />
    public string Name => "local";

    /// <summary>Trials run at the same time.</summary>
    public int Workers { get; }

    /// <summary>The default number of workers: the machine's core count.</summary>
    public static int DefaultWorkers => Environment.ProcessorCount;

    /// <inheritdoc />
    public async Task ExecuteAsync(SweepDirectory sweep, IReadOnlyList<int> tasks, CancellationToken cancel)
    {
        var queue = new ConcurrentQueue<int>(tasks);
        var ending = new ConcurrentBag<Task>();
        var workers = Enumerable.Range(0, Math.Min(Workers, tasks.Count)).Select(_ => Task.Run(async () =>
        {
            while (!cancel.IsCancellationRequested && queue.TryDequeue(out var task))
                ending.Add(await RunTaskAsync(sweep, task, cancel).ConfigureAwait(false));
        }, CancellationToken.None));
        await Task.WhenAll(workers).ConfigureAwait(false);
        await Task.WhenAll(ending).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the task's process and returns once its worker may start the next one: when the process has ended, or
    /// as soon as it reports its trial done (its last line, <see cref="TrialRunner.DoneLinePrefix"/>; the status is
    /// written by then), so the next trial's start-up overlaps this process's exit (a few tenths of a second of
    /// runtime and libtorch teardown). The task returned completes when the process has ended and its outcome is
    /// recorded.
    /// </summary>
    private async Task<Task> RunTaskAsync(SweepDirectory sweep, int task, CancellationToken cancel)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ended = RunProcessAsync(sweep, task, line =>
        {
            if (line.StartsWith(TrialRunner.DoneLinePrefix, StringComparison.Ordinal)) done.TrySetResult();
        }, cancel);
        await Task.WhenAny(ended, done.Task).ConfigureAwait(false);
        return ended;
    }

    private async Task RunProcessAsync(SweepDirectory sweep, int task, Action<string> onLine, CancellationToken cancel)
    {
        var arguments = _launcher.Arguments(sweep.Path, task);
        var info = new ProcessStartInfo(SetSid ?? _launcher.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = sweep.Path,
        };
        if (SetSid is not null) info.ArgumentList.Add(_launcher.FileName);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);

        Directory.CreateDirectory(sweep.TaskFolder(task));
        await using var log = new StreamWriter(new FileStream(sweep.TaskLogPath(task), FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var gate = new object();
        void Write(string? line)
        {
            if (line is null) return;
            lock (gate) log.WriteLine(line);
            onLine(line);
        }
        lock (gate) log.WriteLine($"--- {DateTime.UtcNow:O} local worker: {_launcher.FileName} {string.Join(' ', arguments)}");

        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            MarkFailed(sweep, task, null, $"could not start {_launcher.FileName}: {e.Message}");
            return;
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await using (cancel.Register(() => Terminate(process)))
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        process.WaitForExit(); // drains the output readers

        var status = sweep.ReadStatus(task);
        if (status.State is TrialState.Pending or TrialState.Running)
            MarkFailed(sweep, task, process.ExitCode, $"the trial's process ended (exit code {process.ExitCode}) without recording an outcome (killed, or out of memory?)");
        else if (status.State == TrialState.Failed)
            sweep.WriteStatus(task, status with { ExitCode = process.ExitCode, LastLines = sweep.LastLogLines(task) });
    }

    private static void MarkFailed(SweepDirectory sweep, int task, int? exitCode, string message)
    {
        var status = sweep.ReadStatus(task);
        sweep.WriteStatus(task, status with
        {
            State = TrialState.Failed, ExitCode = exitCode, EndedUtc = DateTime.UtcNow, Message = message, LastLines = sweep.LastLogLines(task),
        });
    }

    private static void Terminate(Process process)
    {
        try
        {
            if (!process.HasExited && OperatingSystem.IsLinux() | OperatingSystem.IsMacOS()) _ = Kill(process.Id, SigTerm);
            else if (!process.HasExited) process.Kill();
        }
        catch (InvalidOperationException)
        {
            // it has ended already
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
