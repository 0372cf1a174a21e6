using System.Globalization;
using System.Text.RegularExpressions;
using RLArena.Core.Errors;
using RLArena.Sweeps.Execution;

namespace RLArena.Sweeps.Slurm;

/// <summary>What the command line says about the Slurm executor.</summary>
/// <param name="Overrides">The sbatch flags (--partition, --time...), on top of the sweep file's section.</param>
/// <param name="DryRun">Print the batch script instead of submitting it.</param>
/// <param name="Say">Where the executor's lines go (the job submitted, warnings).</param>
public sealed record SlurmChoices(SbatchOptionOverrides Overrides, bool DryRun, Action<string> Say);

/// <summary>
/// Runs a sweep's tasks as one Slurm job array per call (per rung with successive halving): it writes the batch
/// script into the sweep directory (<c>slurm/job-NNN.sbatch</c>), submits it with <c>sbatch</c>, and records the
/// job in <c>slurm/jobs.tsv</c>. Each array task runs <c>rlarena sweep run-task DIR --task $SLURM_ARRAY_TASK_ID</c>
/// on a compute node, so the sweep directory must be on a filesystem the nodes share. A plain sweep (or the last
/// rung) returns once Slurm has accepted the job; an earlier halving rung waits for its tasks to leave the queue, so
/// the next rung can be chosen (Ctrl+C stops the waiting, not the jobs; <c>sweep resume</c> picks up from there).
/// Tasks that Slurm still has queued or running are never submitted twice.
/// </summary>
public sealed partial class SlurmExecutor : ITrialExecutor
{
    /// <summary>The folder in the sweep directory that holds the batch scripts, jobs.tsv and Slurm's logs.</summary>
    public const string FolderName = "slurm";

    private static readonly string[] ActiveStates =
        ["PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESIZING", "SIGNALING", "STAGE_OUT", "STOPPED", "RESV_DEL_HOLD"];

    private readonly SbatchOptions _options;
    private readonly TrialLauncher _launcher;
    private readonly Action<string> _say;
    private readonly SlurmCommands _slurm;
    private readonly TimeSpan _poll;

    /// <summary>Makes a Slurm executor.</summary>
    /// <param name="options">What each task asks for (the sweep file's <c>slurm:</c> section with the flags applied);
    /// checked here.</param>
    /// <param name="launcher">How a task starts <c>rlarena</c>: the running CLI's own path.</param>
    /// <param name="say">Receives the executor's lines (the job submitted, warnings, the dry run's script).</param>
    /// <param name="slurm">Runs Slurm's commands; null for the real ones on PATH.</param>
    /// <param name="poll">The longest pause between two looks at squeue while waiting for a rung (default 10 s); the
    /// first looks come sooner (1 s, then half as long again each time), so short trials are not kept waiting.</param>
    /// <exception cref="UsageException">An option is out of range or badly formed.</exception>
    public SlurmExecutor(SbatchOptions options, TrialLauncher launcher, Action<string> say, SlurmCommands? slurm = null, TimeSpan? poll = null)
    {
        options.Validate();
        _options = options;
        _launcher = launcher;
        _say = say;
        _slurm = slurm ?? new SlurmCommands();
        _poll = poll ?? TimeSpan.FromSeconds(10);
    }

    /// <inheritdoc />
    public string Name => "slurm";

    /// <summary>Print the batch script instead of submitting it (<c>--dry-run</c>): nothing is submitted or recorded.</summary>
    public bool DryRun { get; init; }

    /// <summary>The options the jobs are submitted with.</summary>
    public SbatchOptions Options => _options;

    /// <summary>The id of the last job this executor submitted, or null.</summary>
    public string? LastJobId { get; private set; }

    /// <summary>The sbatch options of a sweep file's <c>slurm:</c> section.</summary>
    /// <param name="file">The section as the sweep file gives it.</param>
    public static SbatchOptions OptionsFrom(Files.SlurmSettings file) => new()
    {
        Partition = file.Partition,
        Time = file.Time,
        CpusPerTask = file.CpusPerTask ?? 1,
        Memory = file.Mem,
        Account = file.Account,
        MaxRunning = file.MaxRunning,
        ExtraArguments = file.ExtraArgs,
    };

    /// <summary>The Slurm executor for a sweep: its file's <c>slurm:</c> section with the command line's flags on top.</summary>
    /// <param name="sweep">The sweep (its plan holds the file's section).</param>
    /// <param name="launcher">How a task starts <c>rlarena</c>.</param>
    /// <param name="choices">The flags, the dry-run switch and where the executor's lines go.</param>
    public static SlurmExecutor For(SweepDirectory sweep, TrialLauncher launcher, SlurmChoices choices)
    {
        choices.Overrides.Validate();
        return new SlurmExecutor(OptionsFrom(sweep.Plan.Slurm).OverriddenBy(choices.Overrides), launcher, choices.Say) { DryRun = choices.DryRun };
    }

    /// <inheritdoc />
    public async Task ExecuteAsync(SweepDirectory sweep, IReadOnlyList<int> tasks, CancellationToken cancel)
    {
        if (tasks.Count == 0) return;
        var script = Script(sweep, tasks);
        if (DryRun)
        {
            _say(script);
            return;
        }
        if (!SlurmCommands.SbatchAvailable())
            throw new UserFacingException("sbatch was not found on PATH: run this on a Slurm login node (or load the slurm module), or use --executor local");

        var active = ActiveTasks(sweep, _slurm);
        var skipped = tasks.Where(active.ContainsKey).ToList();
        foreach (var task in skipped) _say($"Task {task} is still {active[task]} in Slurm; it is not submitted again.");
        var submit = tasks.Where(t => !active.ContainsKey(t)).ToList();
        if (submit.Count > 0)
        {
            if (SharedFilesystemCheck.Warning(sweep.Path, _slurm.NodeHostNames()) is { } warning) _say(warning);
            var log = new SlurmJobLog(Folder(sweep));
            var scriptPath = Path.Combine(Folder(sweep), $"job-{log.Read().Count.ToString("D3", CultureInfo.InvariantCulture)}.sbatch");
            Directory.CreateDirectory(Path.Combine(Folder(sweep), "logs"));
            File.WriteAllText(scriptPath, submit.Count == tasks.Count ? script : Script(sweep, submit));
            var jobId = _slurm.Submit(scriptPath);
            log.Append(new SubmittedJob(jobId, submit, DateTime.UtcNow, scriptPath));
            LastJobId = jobId;
            _say($"Submitted Slurm job {jobId}: {submit.Count} trials as array {ArraySpec.Format(submit, _options.MaxRunning)}" +
                 $"{(_options.Partition is { } p ? $" on partition {p}" : "")}. Follow it with 'rlarena sweep status {sweep.Path}'; stop it with 'scancel {jobId}'.");
        }
        if (!MustWait(sweep, tasks)) return;
        _say($"Waiting for these {tasks.Count} trials to end before the next rung is chosen (Ctrl+C stops the waiting; the jobs keep running).");
        try
        {
            var pause = TimeSpan.FromSeconds(Math.Min(1, _poll.TotalSeconds));
            while (true)
            {
                Refresh(sweep, _slurm);
                if (tasks.All(t => sweep.ReadStatus(t).IsFinished)) return;
                await Task.Delay(pause, cancel).ConfigureAwait(false);
                pause = TimeSpan.FromSeconds(Math.Min(_poll.TotalSeconds, pause.TotalSeconds * 1.5));
            }
        }
        catch (OperationCanceledException)
        {
            _say("Stopped waiting; the Slurm jobs keep running. 'rlarena sweep resume " + sweep.Path + "' continues the halving once they end.");
        }
    }

    /// <summary>The batch script that runs <paramref name="tasks"/> of <paramref name="sweep"/>.</summary>
    /// <param name="sweep">The sweep.</param>
    /// <param name="tasks">Task numbers.</param>
    public string Script(SweepDirectory sweep, IReadOnlyCollection<int> tasks)
    {
        var budget = tasks.Select(t => sweep.ReadStatus(t).TargetSteps).DefaultIfEmpty(sweep.Plan.Steps).Max();
        var rung = sweep.Plan.Halving is { } halving ? Math.Max(0, halving.Budgets.ToList().IndexOf(budget)) : -1;
        var name = $"rlarena-{JobNameRegex().Replace(sweep.Plan.Name, "_")}{(rung >= 0 ? $"-rung{rung}" : "")}";
        return SlurmBatchScript.Render(name, tasks, _options, sweep.Path, Path.Combine(Folder(sweep), "logs"),
            [_launcher.FileName, .. _launcher.LeadingArguments], SweepDirectory.TrialsFolderName + "/$(printf %03d \"$task\")-*");
    }

    /// <summary>The sweep directory's <c>slurm</c> folder.</summary>
    /// <param name="sweep">The sweep.</param>
    public static string Folder(SweepDirectory sweep) => Path.Combine(sweep.Path, FolderName);

    /// <summary>Whether the sweep ever submitted a Slurm job (its <c>slurm/jobs.tsv</c> exists).</summary>
    /// <param name="sweep">The sweep.</param>
    public static bool HasJobs(SweepDirectory sweep) => new SlurmJobLog(Folder(sweep)).Read().Count > 0;

    /// <summary>
    /// The sweep's tasks that Slurm still has queued or running, with the state squeue gives (<c>PENDING
    /// (Resources)</c>, <c>RUNNING</c>...). Empty when squeue cannot be asked.
    /// </summary>
    /// <param name="sweep">The sweep.</param>
    /// <param name="slurm">Runs Slurm's commands; null for the real ones.</param>
    public static IReadOnlyDictionary<int, string> ActiveTasks(SweepDirectory sweep, SlurmCommands? slurm = null)
    {
        var latest = new SlurmJobLog(Folder(sweep)).LatestJobOfEachTask();
        if (latest.Count == 0) return new Dictionary<int, string>();
        var queue = (slurm ?? new SlurmCommands()).Queue(latest.Values.Distinct().ToList());
        var active = new Dictionary<int, string>();
        foreach (var state in queue ?? [])
            if (latest.TryGetValue(state.Task, out var job) && job == state.JobId && ActiveStates.Contains(state.State))
                active[state.Task] = state.State == "PENDING" && state.Reason is { Length: > 0 } reason && reason != "None" ? $"PENDING ({reason})" : state.State;
        return active;
    }

    /// <summary>
    /// Brings the trials' status files up to date with Slurm: a task whose newest job has left the queue while its
    /// status still says pending or running never recorded an outcome (cancelled while queued, killed at its time
    /// limit, preempted, out of memory, its node lost, a crash). It becomes cancelled (time limit, preemption,
    /// scancel: <c>resume</c> continues it from its checkpoint) or failed (anything else), with Slurm's reason and the
    /// last lines of its logs. Nothing changes when squeue cannot be asked. Returns the tasks it changed.
    /// </summary>
    /// <param name="sweep">The sweep.</param>
    /// <param name="slurm">Runs Slurm's commands; null for the real ones.</param>
    public static IReadOnlyList<int> Refresh(SweepDirectory sweep, SlurmCommands? slurm = null)
    {
        slurm ??= new SlurmCommands();
        var latest = new SlurmJobLog(Folder(sweep)).LatestJobOfEachTask();
        if (latest.Count == 0) return [];
        var jobs = latest.Values.Distinct().ToList();
        var queue = slurm.Queue(jobs);
        if (queue is null) return [];
        var queued = queue.Where(s => ActiveStates.Contains(s.State)).Select(s => (s.JobId, s.Task)).ToHashSet();
        var candidates = latest.Where(kv => !queued.Contains((kv.Value, kv.Key))
            && kv.Key < sweep.TaskCount && sweep.ReadStatus(kv.Key).State is TrialState.Pending or TrialState.Running).ToList();
        if (candidates.Count == 0) return [];
        // Final states: squeue keeps ended jobs for a few minutes (MinJobAge); sacct where accounting runs.
        var ended = queue.Where(s => !ActiveStates.Contains(s.State)).ToDictionary(s => (s.JobId, s.Task), s => s.State);
        foreach (var state in slurm.Accounting(jobs) ?? []) ended.TryAdd((state.JobId, state.Task), state.State);
        var changed = new List<int>();
        foreach (var (task, job) in candidates)
        {
            var status = sweep.ReadStatus(task); // again: it may have changed since the query
            if (status.State is not (TrialState.Pending or TrialState.Running)) continue;
            var slurmLog = Path.Combine(Folder(sweep), "logs", $"{job}_{task}.out");
            var reason = ended.TryGetValue((job, task), out var final) ? final : FinalStateFromLog(slurmLog);
            var cancelled = reason is "CANCELLED" or "TIMEOUT" or "PREEMPTED" or "DEADLINE";
            var why = reason switch
            {
                "TIMEOUT" => "Slurm's time limit ended it (raise --time)",
                "PREEMPTED" => "Slurm preempted it",
                "CANCELLED" => "its Slurm job was cancelled (scancel)",
                "DEADLINE" => "it reached its Slurm deadline",
                "OUT_OF_MEMORY" => "it ran out of memory (raise --mem)",
                "NODE_FAIL" => "its node failed",
                "BOOT_FAIL" => "its node failed to boot",
                null => "its Slurm job ended without recording an outcome",
                _ => $"its Slurm job ended as {reason} without recording an outcome",
            };
            var lines = sweep.LastLogLines(task).Concat(LastLines(slurmLog)).TakeLast(8).ToList();
            sweep.WriteStatus(task, status with
            {
                State = cancelled ? TrialState.Cancelled : TrialState.Failed,
                ExecutorJob = $"{job}_{task}",
                EndedUtc = status.EndedUtc ?? DateTime.UtcNow,
                Message = cancelled
                    ? $"{why} (job {job}_{task}); 'rlarena sweep resume' continues it{(status.Steps > 0 ? $" from step {status.Steps:N0}" : "")} from its checkpoint"
                    : $"{why} (job {job}_{task}); see {slurmLog}",
                LastLines = lines,
            });
            changed.Add(task);
        }
        return changed;
    }

    /// <summary>What Slurm wrote into a task's output file when it ended it, e.g. <c>*** JOB 12 ON node1 CANCELLED AT
    /// ... DUE TO TIME LIMIT ***</c>: TIMEOUT, PREEMPTED, CANCELLED, NODE_FAIL, or null when the file says nothing.</summary>
    /// <param name="slurmLog">The task's Slurm output file.</param>
    public static string? FinalStateFromLog(string slurmLog)
    {
        foreach (var line in LastLines(slurmLog, 40).Reverse())
        {
            var match = StepdLineRegex().Match(line);
            if (!match.Success) continue;
            var due = match.Groups["due"].Value;
            if (due.Contains("TIME LIMIT", StringComparison.Ordinal)) return "TIMEOUT";
            if (due.Contains("PREEMPTION", StringComparison.Ordinal)) return "PREEMPTED";
            if (due.Contains("NODE FAILURE", StringComparison.Ordinal)) return "NODE_FAIL";
            return match.Groups["state"].Value;
        }
        if (LastLines(slurmLog, 40).Any(l => l.Contains("oom-kill", StringComparison.OrdinalIgnoreCase) || l.Contains("Out Of Memory", StringComparison.OrdinalIgnoreCase)))
            return "OUT_OF_MEMORY";
        return null;
    }

    private static bool MustWait(SweepDirectory sweep, IReadOnlyList<int> tasks) =>
        sweep.Plan.Halving is not null && tasks.Any(t => sweep.ReadStatus(t).TargetSteps < sweep.Plan.Steps);

    private static IReadOnlyList<string> LastLines(string path, int count = 4)
    {
        if (!File.Exists(path)) return [];
        try
        {
            return File.ReadLines(path).Where(l => l.Trim().Length > 0).TakeLast(count).ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    [GeneratedRegex(@"[^A-Za-z0-9_.\-]")]
    private static partial Regex JobNameRegex();

    [GeneratedRegex(@"\*\*\* (?:JOB|STEP) \S+ ON \S+ (?<state>[A-Z_]+) AT \S+(?: DUE TO (?<due>[A-Z ]+))?")]
    private static partial Regex StepdLineRegex();
}
