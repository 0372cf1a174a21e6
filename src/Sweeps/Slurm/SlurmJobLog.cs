using System.Globalization;

namespace RLArena.Sweeps.Slurm;

/// <summary>One submitted job array, as recorded in the sweep directory.</summary>
/// <param name="JobId">Slurm's job id.</param>
/// <param name="Tasks">The sweep task numbers it runs (its array task ids).</param>
/// <param name="SubmittedUtc">When it was submitted.</param>
/// <param name="Script">The batch script that was submitted.</param>
public sealed record SubmittedJob(string JobId, IReadOnlyList<int> Tasks, DateTime SubmittedUtc, string Script);

/// <summary>
/// The jobs a sweep submitted, one line each in <c>slurm/jobs.tsv</c> of the sweep directory (job id, array list,
/// time, script), so that <c>status</c> and <c>resume</c> know which Slurm jobs to ask about, and a person can
/// <c>scancel</c> them.
/// </summary>
public sealed class SlurmJobLog
{
    private const string Header = "job_id\ttasks\tsubmitted_utc\tscript";

    /// <summary>Opens (without creating) the log of a sweep.</summary>
    /// <param name="slurmFolder">The sweep directory's <c>slurm</c> folder.</param>
    public SlurmJobLog(string slurmFolder) => Path = System.IO.Path.Combine(slurmFolder, "jobs.tsv");

    /// <summary>The log file.</summary>
    public string Path { get; }

    /// <summary>Every job recorded so far, oldest first; empty when none was submitted.</summary>
    public IReadOnlyList<SubmittedJob> Read()
    {
        if (!File.Exists(Path)) return [];
        var jobs = new List<SubmittedJob>();
        foreach (var line in File.ReadLines(Path).Skip(1))
        {
            var fields = line.Split('\t');
            if (fields.Length < 4) continue;
            jobs.Add(new SubmittedJob(fields[0], ArraySpec.Parse(fields[1]),
                DateTime.Parse(fields[2], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), fields[3]));
        }
        return jobs;
    }

    /// <summary>Adds a job to the log.</summary>
    /// <param name="job">The job just submitted.</param>
    public void Append(SubmittedJob job)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var line = string.Join('\t', job.JobId, ArraySpec.Format(job.Tasks),
            job.SubmittedUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), job.Script);
        File.AppendAllText(Path, (File.Exists(Path) ? "" : Header + "\n") + line + "\n");
    }

    /// <summary>For each task, the job that ran it last (a task resubmitted by <c>resume</c> belongs to its newest job).</summary>
    public IReadOnlyDictionary<int, string> LatestJobOfEachTask()
    {
        var latest = new Dictionary<int, string>();
        foreach (var job in Read())
            foreach (var task in job.Tasks) latest[task] = job.JobId;
        return latest;
    }
}
