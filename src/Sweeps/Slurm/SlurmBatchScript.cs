using System.Text;

namespace RLArena.Sweeps.Slurm;

/// <summary>
/// The batch script of one job array: <c>#SBATCH</c> lines for the array, the log files and every
/// <see cref="SbatchOptions"/> value, then one line that runs
/// <c>rlarena sweep run-task DIR --task $SLURM_ARRAY_TASK_ID</c> with the same <c>rlarena</c> that submitted it, its
/// output appended to the trial's <c>log.txt</c> (as with the local executor). Slurm's own file for the task
/// (<c>slurm/logs/JOB_TASK.out</c>) keeps what Slurm says about it, such as "CANCELLED ... DUE TO TIME LIMIT".
/// </summary>
public static class SlurmBatchScript
{
    /// <summary>Writes the script's text.</summary>
    /// <param name="jobName">The job's name in <c>squeue</c>, e.g. <c>rlarena-cartpole-rung0</c>.</param>
    /// <param name="tasks">The sweep's task numbers this array runs; each becomes an array task id.</param>
    /// <param name="settings">What each task asks for; validated by the caller.</param>
    /// <param name="sweepDirectory">The sweep directory's absolute path, on a filesystem the compute nodes share.</param>
    /// <param name="logDirectory">Where Slurm writes each task's output (<c>%A_%a.out</c>), absolute.</param>
    /// <param name="rlarenaCommand">The program and leading arguments that start <c>rlarena</c>, absolute paths.</param>
    /// <param name="trialFolderPattern">A bash glob, relative to the sweep directory, that names the folder of the task
    /// in <c>$task</c> (e.g. <c>trials/$(printf %03d "$task")-*</c>).</param>
    public static string Render(string jobName, IReadOnlyCollection<int> tasks, SbatchOptions settings,
        string sweepDirectory, string logDirectory, IReadOnlyList<string> rlarenaCommand, string trialFolderPattern)
    {
        var text = new StringBuilder();
        text.Append("#!/bin/bash\n");
        text.Append("# Written by rlarena: one array task per sweep trial; the array task id is the trial's task number.\n");
        Option(text, "--job-name=" + jobName);
        Option(text, "--array=" + ArraySpec.Format(tasks, settings.MaxRunning));
        Option(text, "--output=" + Path.Combine(logDirectory, "%A_%a.out"));
        Option(text, "--cpus-per-task=" + settings.CpusPerTask);
        if (settings.Partition is not null) Option(text, "--partition=" + settings.Partition);
        if (settings.Time is not null) Option(text, "--time=" + settings.Time);
        if (settings.Memory is not null) Option(text, "--mem=" + settings.Memory);
        if (settings.Account is not null) Option(text, "--account=" + settings.Account);
        // Slurm sends SIGTERM before a time limit or preemption kills the task: rlarena then saves a checkpoint.
        Option(text, "--signal=B:TERM@60");
        Option(text, "--open-mode=append");
        foreach (var extra in settings.ExtraArguments) Option(text, extra);
        text.Append('\n');
        text.Append("set -u\n");
        text.Append("export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"\n");
        text.Append("task=\"$SLURM_ARRAY_TASK_ID\"\n");
        text.Append("sweep=").Append(Quote(sweepDirectory)).Append('\n');
        text.Append("folders=( \"$sweep\"/").Append(trialFolderPattern).Append(" )\n");
        text.Append("if [ -d \"${folders[0]}\" ]; then exec >> \"${folders[0]}/log.txt\" 2>&1; fi\n");
        text.Append("echo \"--- $(date -u +%FT%TZ) slurm job ${SLURM_ARRAY_JOB_ID}_${task} on $(hostname)\"\n");
        text.Append("exec");
        foreach (var part in rlarenaCommand) text.Append(' ').Append(Quote(part));
        text.Append(" sweep run-task \"$sweep\" --task \"$task\"\n");
        return text.ToString();
    }

    private static void Option(StringBuilder text, string option) => text.Append("#SBATCH ").Append(option).Append('\n');

    /// <summary>Quotes one word for bash (single quotes, with embedded single quotes closed and escaped).</summary>
    /// <param name="word">Any text.</param>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+=:,@".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''") + "'";
}
