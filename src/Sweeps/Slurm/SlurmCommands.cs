using System.Diagnostics;
using System.Globalization;
using RLArena.Core.Errors;

namespace RLArena.Sweeps.Slurm;

/// <summary>One array task that <c>squeue</c> or <c>sacct</c> knows: its job, task number, state (PENDING, RUNNING,
/// COMPLETED, CANCELLED, TIMEOUT, PREEMPTED, FAILED, NODE_FAIL, OUT_OF_MEMORY...) and, when queued, Slurm's reason.</summary>
/// <param name="JobId">The array job's id.</param>
/// <param name="Task">The array task id, which is the sweep's task number.</param>
/// <param name="State">Slurm's state name, upper case, without a trailing "by UID".</param>
/// <param name="Reason">Why a pending task waits (Resources, Priority...), or empty.</param>
public sealed record SlurmTaskState(string JobId, int Task, string State, string Reason);

/// <summary>
/// Runs Slurm's own commands (<c>sbatch</c>, <c>squeue</c>, <c>sacct</c>, <c>scancel</c>) and turns their failures into
/// one-line errors that show Slurm's message. The commands read <c>SLURM_CONF</c> and the rest of the environment
/// like they do in a shell.
/// </summary>
public sealed class SlurmCommands
{
    private readonly TimeSpan _timeout;

    /// <summary>Creates the runner.</summary>
    /// <param name="timeout">How long one Slurm command may take before it counts as failed (default 60 s).</param>
    public SlurmCommands(TimeSpan? timeout = null) => _timeout = timeout ?? TimeSpan.FromSeconds(60);

    /// <summary>Whether <c>sbatch</c> can be found on PATH.</summary>
    public static bool SbatchAvailable() => FindOnPath("sbatch") is not null;

    /// <summary>Submits a batch script with <c>sbatch --parsable</c> and returns the job id.</summary>
    /// <param name="scriptPath">The batch script.</param>
    /// <exception cref="UserFacingException">sbatch is missing, or Slurm rejected the job (its message is shown).</exception>
    public string Submit(string scriptPath)
    {
        if (!SbatchAvailable())
            throw new UserFacingException("sbatch was not found on PATH: run this on a Slurm login node (or load the slurm module), or use --executor local");
        var (code, stdout, stderr) = Run("sbatch", ["--parsable", scriptPath]);
        if (code != 0)
            throw new UserFacingException($"Slurm rejected the job: {SlurmMessage(stderr, stdout)} (batch script: {scriptPath})");
        var id = stdout.Trim().Split('\n').Last().Split(';')[0].Trim();
        if (id.Length == 0 || !id.All(char.IsAsciiDigit))
            throw new UserFacingException($"sbatch printed no job id ('{stdout.Trim()}'); the job may or may not have been submitted (batch script: {scriptPath})");
        return id;
    }

    /// <summary>The array tasks of these jobs that <c>squeue</c> still shows (pending, running, completing...);
    /// null when <c>squeue</c> is missing or fails (the caller then goes by the trial files alone).</summary>
    /// <param name="jobIds">Job ids as returned by <see cref="Submit"/>.</param>
    public IReadOnlyList<SlurmTaskState>? Queue(IReadOnlyCollection<string> jobIds)
    {
        if (jobIds.Count == 0) return [];
        if (FindOnPath("squeue") is null) return null;
        // All of this user's jobs, filtered here: squeue -j fails outright when one id has left its memory.
        var (code, stdout, _) = Run("squeue", ["--me", "-h", "-r", "-t", "all", "-o", "%F|%K|%T|%r"]);
        if (code != 0) return null;
        return ParseLines(stdout, jobIds);
    }

    /// <summary>The final states of these jobs' tasks from <c>sacct</c>, or null where accounting is disabled or
    /// <c>sacct</c> is missing (as on the one-node test cluster).</summary>
    /// <param name="jobIds">Job ids as returned by <see cref="Submit"/>.</param>
    public IReadOnlyList<SlurmTaskState>? Accounting(IReadOnlyCollection<string> jobIds)
    {
        if (jobIds.Count == 0) return [];
        if (FindOnPath("sacct") is null) return null;
        var (code, stdout, _) = Run("sacct", ["-n", "-P", "-X", "-j", string.Join(',', jobIds), "-o", "JobID,State"]);
        if (code != 0) return null;
        var states = new List<SlurmTaskState>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('|');
            if (fields.Length < 2) continue;
            var id = fields[0].Split('_');
            if (id.Length != 2 || !jobIds.Contains(id[0]) || !int.TryParse(id[1], NumberStyles.None, CultureInfo.InvariantCulture, out var task)) continue;
            states.Add(new SlurmTaskState(id[0], task, fields[1].Split(' ')[0].ToUpperInvariant(), ""));
        }
        return states;
    }

    /// <summary>The host names of the cluster's nodes (<c>sinfo -N -o %n</c>), or null when <c>sinfo</c> is missing or fails.</summary>
    public IReadOnlyList<string>? NodeHostNames()
    {
        if (FindOnPath("sinfo") is null) return null;
        var (code, stdout, _) = Run("sinfo", ["-h", "-N", "-o", "%n"]);
        if (code != 0) return null;
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
    }

    /// <summary>Cancels a whole job, or one of its array tasks, with <c>scancel</c>.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="task">An array task id, or null for the whole array.</param>
    /// <exception cref="UserFacingException">scancel failed; Slurm's message is shown.</exception>
    public void Cancel(string jobId, int? task = null)
    {
        var target = task is int t ? $"{jobId}_{t}" : jobId;
        var (code, stdout, stderr) = Run("scancel", [target]);
        if (code != 0) throw new UserFacingException($"scancel {target} failed: {SlurmMessage(stderr, stdout)}");
    }

    /// <summary>Parses <c>squeue -o '%F|%K|%T|%r'</c> lines, keeping the given jobs' tasks.</summary>
    /// <param name="output">squeue's output.</param>
    /// <param name="jobIds">The jobs to keep.</param>
    public static IReadOnlyList<SlurmTaskState> ParseLines(string output, IReadOnlyCollection<string> jobIds)
    {
        var states = new List<SlurmTaskState>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('|');
            if (fields.Length < 3 || !jobIds.Contains(fields[0])) continue;
            if (!int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var task)) continue;
            states.Add(new SlurmTaskState(fields[0], task, fields[2].ToUpperInvariant(), fields.Length > 3 ? fields[3] : ""));
        }
        return states;
    }

    /// <summary>Slurm's message on one line: the last "error:" line of its output, without the program prefix.</summary>
    private static string SlurmMessage(string stderr, string stdout)
    {
        var lines = (stderr + "\n" + stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = lines.Where(l => l.Contains("error:", StringComparison.OrdinalIgnoreCase)).ToList();
        var message = string.Join("; ", (errors.Count > 0 ? errors : lines.TakeLast(1))
            .Select(l => l.StartsWith("sbatch: ", StringComparison.Ordinal) || l.StartsWith("scancel: ", StringComparison.Ordinal) ? l[(l.IndexOf(' ') + 1)..] : l)
            .Select(l => l.StartsWith("error: ", StringComparison.Ordinal) ? l["error: ".Length..] : l)
            .Distinct());
        return message.Length > 0 ? message : "no message";
    }

    private (int Code, string Stdout, string Stderr) Run(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new UserFacingException($"{program} could not be started ({e.Message}): is Slurm's client installed on this machine?");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(_timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new UserFacingException($"{program} did not answer within {_timeout.TotalSeconds:0} s: is slurmctld reachable (scontrol ping)?");
            }
            process.WaitForExit();
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    /// <summary>The full path of a program on PATH, or null.</summary>
    /// <param name="program">A program name such as <c>sbatch</c>.</param>
    public static string? FindOnPath(string program)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
