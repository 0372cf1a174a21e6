using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using RLArena.Core.Errors;
using RLArena.Engine.Config;
using RLArena.Sweeps.Planning;

namespace RLArena.Sweeps;

/// <summary>
/// A sweep's folder. Layout:
/// <code>
/// DIR/sweep.yaml                      the sweep file as given
/// DIR/plan.json                       the plan: configurations, trials (tasks), budgets, metric
/// DIR/base.yaml                       the base config every trial starts from
/// DIR/sessions.csv                    one line per executor session (start, end, executor, workers, tasks)
/// DIR/trials/007-c02-seed2/config.yaml   the trial's full settings (a run config: rlarena train --config)
/// DIR/trials/007-c02-seed2/status.json   state, target budget, steps, scores per rung, wall time, exit code
/// DIR/trials/007-c02-seed2/log.txt       the trial's output (every session appended)
/// DIR/trials/007-c02-seed2/runs/&lt;env&gt;__&lt;algo&gt;__&lt;seed&gt;__&lt;time&gt;/   its run directory: checkpoint.ckpt, metrics.csv, eval.txt
/// </code>
/// The folder may sit on a shared filesystem: every file is written whole (a temporary file, then a rename), and
/// each trial's files are written only by the process running it, or by the coordinator while it is not running.
/// </summary>
public sealed class SweepDirectory
{
    /// <summary>The plan's file name.</summary>
    public const string PlanFileName = "plan.json";

    /// <summary>The copy of the sweep file.</summary>
    public const string SweepFileName = "sweep.yaml";

    /// <summary>The base config's file name.</summary>
    public const string BaseConfigFileName = "base.yaml";

    /// <summary>The executor sessions' log.</summary>
    public const string SessionsFileName = "sessions.csv";

    /// <summary>The folder that holds one folder per trial.</summary>
    public const string TrialsFolderName = "trials";

    /// <summary>A trial's settings.</summary>
    public const string TrialConfigFileName = "config.yaml";

    /// <summary>A trial's status.</summary>
    public const string StatusFileName = "status.json";

    /// <summary>A trial's output.</summary>
    public const string LogFileName = "log.txt";

    /// <summary>The folder inside a trial's folder that holds its run directory.</summary>
    public const string RunsFolderName = "runs";

    /// <summary>How plan.json and status.json are written: snake_case keys, states as words.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private SweepDirectory(string path, SweepPlan plan)
    {
        Path = path;
        Plan = plan;
    }

    /// <summary>The sweep folder (absolute).</summary>
    public string Path { get; }

    /// <summary>The plan.</summary>
    public SweepPlan Plan { get; }

    /// <summary>The number of tasks (trials).</summary>
    public int TaskCount => Plan.Trials.Count;

    /// <summary>
    /// Creates the sweep folder at <paramref name="path"/> (which must not exist or be empty) and writes the plan,
    /// the sweep file, the base config and every trial's config.yaml and pending status.
    /// </summary>
    /// <param name="path">The folder to create.</param>
    /// <param name="planned">The plan and every trial's settings.</param>
    /// <param name="sweepFileText">The sweep file's text, kept as sweep.yaml.</param>
    public static SweepDirectory Create(string path, PlannedSweep planned, string sweepFileText)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (File.Exists(full) || Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
            throw new UsageException($"--dir {path}: it already exists and is not empty; continue that sweep with 'rlarena sweep resume {path}', or choose another --dir.");
        Directory.CreateDirectory(full);
        var sweep = new SweepDirectory(full, planned.Plan);
        File.WriteAllText(System.IO.Path.Combine(full, SweepFileName), sweepFileText);
        File.WriteAllText(System.IO.Path.Combine(full, BaseConfigFileName), ConfigYaml.Write(planned.BaseSettings));
        foreach (var trial in planned.Plan.Trials)
        {
            Directory.CreateDirectory(sweep.TaskFolder(trial.Index));
            File.WriteAllText(sweep.TaskConfigPath(trial.Index), ConfigYaml.Write(planned.TrialSettings[trial.Index]));
            sweep.WriteStatus(trial.Index, new TrialStatus { TargetSteps = planned.Plan.Halving?.Budgets[0] ?? planned.Plan.Steps });
        }
        WriteAtomically(System.IO.Path.Combine(full, PlanFileName), JsonSerializer.Serialize(planned.Plan, Json));
        return sweep;
    }

    /// <summary>Opens an existing sweep folder (one with a plan.json).</summary>
    /// <param name="path">The sweep folder.</param>
    public static SweepDirectory Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var planPath = System.IO.Path.Combine(full, PlanFileName);
        if (!File.Exists(planPath))
            throw new UsageException($"'{path}' is not a sweep directory (it has no {PlanFileName}); pass the folder 'rlarena sweep start' made.");
        SweepPlan? plan;
        try
        {
            plan = JsonSerializer.Deserialize<SweepPlan>(File.ReadAllText(planPath), Json);
        }
        catch (JsonException e)
        {
            throw new UserFacingException($"{planPath} is damaged ({e.Message}); start the sweep again in a new folder.");
        }
        return new SweepDirectory(full, plan ?? throw new UserFacingException($"{planPath} is empty; start the sweep again in a new folder."));
    }

    /// <summary>Checks that <paramref name="task"/> is one of this sweep's tasks.</summary>
    /// <param name="task">A task number.</param>
    public void CheckTask(int task)
    {
        if (task < 0 || task >= TaskCount)
            throw new UsageException($"--task {task}: this sweep has tasks 0 to {TaskCount - 1}.");
    }

    /// <summary>The trial's folder: trials/007-c02-seed2.</summary>
    /// <param name="task">The task number.</param>
    public string TaskFolder(int task)
    {
        var trial = Plan.Trials[task];
        var name = $"{task.ToString("D3", CultureInfo.InvariantCulture)}-{trial.ConfigurationId}-seed{trial.Seed.ToString(CultureInfo.InvariantCulture)}";
        return System.IO.Path.Combine(Path, TrialsFolderName, name);
    }

    /// <summary>The trial's config.yaml.</summary>
    /// <param name="task">The task number.</param>
    public string TaskConfigPath(int task) => System.IO.Path.Combine(TaskFolder(task), TrialConfigFileName);

    /// <summary>The trial's status.json.</summary>
    /// <param name="task">The task number.</param>
    public string TaskStatusPath(int task) => System.IO.Path.Combine(TaskFolder(task), StatusFileName);

    /// <summary>The trial's log.txt.</summary>
    /// <param name="task">The task number.</param>
    public string TaskLogPath(int task) => System.IO.Path.Combine(TaskFolder(task), LogFileName);

    /// <summary>Where the trial's run directory is made (trials/NNN-cXX-seedS/runs).</summary>
    /// <param name="task">The task number.</param>
    public string TaskRunsRoot(int task) => System.IO.Path.Combine(TaskFolder(task), RunsFolderName);

    /// <summary>The trial's run directory as its status names it, or null before it has started.</summary>
    /// <param name="task">The task number.</param>
    public string? TaskRunDirectory(int task) =>
        ReadStatus(task).RunDirectory is { } relative ? System.IO.Path.Combine(TaskFolder(task), relative) : null;

    /// <summary>The trial's status (pending when its file is missing or torn).</summary>
    /// <param name="task">The task number.</param>
    public TrialStatus ReadStatus(int task)
    {
        var path = TaskStatusPath(task);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return JsonSerializer.Deserialize<TrialStatus>(File.ReadAllText(path), Json) ?? new TrialStatus();
            }
            catch (FileNotFoundException)
            {
                return new TrialStatus { TargetSteps = Plan.Steps };
            }
            catch (Exception e) when (e is JsonException or IOException && attempt < 5)
            {
                Thread.Sleep(20); // a shared filesystem may show a rename late
            }
            catch (JsonException)
            {
                return new TrialStatus { TargetSteps = Plan.Steps, Message = $"{StatusFileName} could not be read" };
            }
        }
    }

    /// <summary>Every trial's status, by task number.</summary>
    public IReadOnlyList<TrialStatus> ReadAllStatuses() => Enumerable.Range(0, TaskCount).Select(ReadStatus).ToList();

    /// <summary>Writes the trial's status whole (a temporary file, then a rename).</summary>
    /// <param name="task">The task number.</param>
    /// <param name="status">The new status.</param>
    public void WriteStatus(int task, TrialStatus status) =>
        WriteAtomically(TaskStatusPath(task), JsonSerializer.Serialize(status, Json));

    /// <summary>The last <paramref name="count"/> non-empty lines of the trial's log (none when it has no log).</summary>
    /// <param name="task">The task number.</param>
    /// <param name="count">How many lines.</param>
    public IReadOnlyList<string> LastLogLines(int task, int count = 8)
    {
        var path = TaskLogPath(task);
        if (!File.Exists(path)) return [];
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var tail = Math.Min(stream.Length, 64 * 1024);
            stream.Seek(-tail, SeekOrigin.End);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
            return lines.Skip(Math.Max(0, lines.Count - count)).ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>Appends one executor session (start, end, executor, workers, tasks) to sessions.csv.</summary>
    /// <param name="session">The session.</param>
    public void RecordSession(SweepSession session)
    {
        var path = System.IO.Path.Combine(Path, SessionsFileName);
        var header = File.Exists(path) ? "" : "started_utc,ended_utc,wall_seconds,executor,workers,tasks\n";
        File.AppendAllText(path, header + string.Join(",",
            session.StartedUtc.ToString("O", CultureInfo.InvariantCulture), session.EndedUtc.ToString("O", CultureInfo.InvariantCulture),
            (session.EndedUtc - session.StartedUtc).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),
            session.Executor, session.Workers.ToString(CultureInfo.InvariantCulture), session.Tasks.ToString(CultureInfo.InvariantCulture)) + "\n");
    }

    /// <summary>Every executor session recorded so far.</summary>
    public IReadOnlyList<SweepSession> ReadSessions()
    {
        var path = System.IO.Path.Combine(Path, SessionsFileName);
        if (!File.Exists(path)) return [];
        var sessions = new List<SweepSession>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var parts = line.Split(',');
            if (parts.Length == 6
                && DateTime.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var start)
                && DateTime.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var end)
                && int.TryParse(parts[4], CultureInfo.InvariantCulture, out var workers) && int.TryParse(parts[5], CultureInfo.InvariantCulture, out var tasks))
                sessions.Add(new SweepSession(start, end, parts[3], workers, tasks));
        }
        return sessions;
    }

    private static void WriteAtomically(string path, string text)
    {
        var temporary = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>One run of an executor over some tasks (sessions.csv): the sweep's wall time is the sum of these.</summary>
/// <param name="StartedUtc">When it started.</param>
/// <param name="EndedUtc">When it ended.</param>
/// <param name="Executor">"local" or "slurm".</param>
/// <param name="Workers">Local worker processes (0 for Slurm).</param>
/// <param name="Tasks">How many tasks it was given.</param>
public sealed record SweepSession(DateTime StartedUtc, DateTime EndedUtc, string Executor, int Workers, int Tasks)
{
    /// <summary>Its length in seconds.</summary>
    public double WallSeconds => (EndedUtc - StartedUtc).TotalSeconds;
}
