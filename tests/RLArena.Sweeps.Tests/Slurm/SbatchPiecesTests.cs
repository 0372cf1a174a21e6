using RLArena.Core.Errors;
using RLArena.Sweeps.Slurm;

namespace RLArena.Sweeps.Tests.Slurm;

/// <summary>The parts of the Slurm executor that need no cluster: array lists, option checks, the batch script,
/// squeue parsing and the shared-filesystem heuristics.</summary>
public class SbatchPiecesTests
{
    [Test]
    public void ArrayListsJoinRunsIntoRanges()
    {
        Assert.That(ArraySpec.Format([0, 1, 2, 3, 4, 5]), Is.EqualTo("0-5"));
        Assert.That(ArraySpec.Format([9, 7, 0, 1, 10, 2, 1]), Is.EqualTo("0-2,7,9-10"));
        Assert.That(ArraySpec.Format([4], maxRunning: 2), Is.EqualTo("4%2"));
        Assert.That(ArraySpec.Parse("0-2,7,9-10%3"), Is.EqualTo(new[] { 0, 1, 2, 7, 9, 10 }));
        Assert.Throws<ArgumentException>(() => ArraySpec.Format([]));
    }

    [TestCase("90", 90)]
    [TestCase("00:30:00", 30)]
    [TestCase("01:30", 2)] // MM:SS, rounded up to whole minutes
    [TestCase("1-00:00:00", 1440)]
    [TestCase("2-12", 3600)]
    [TestCase("0-00:10", 10)]
    public void SlurmTimeFormsAreRead(string time, long minutes) => Assert.That(SbatchOptions.ParseMinutes(time), Is.EqualTo(minutes));

    [TestCase("0")]
    [TestCase("1h")]
    [TestCase("00:00:00")]
    [TestCase("1-2-3")]
    [TestCase("")]
    public void WrongTimesAreNotRead(string time) => Assert.That(SbatchOptions.ParseMinutes(time), Is.Null);

    [Test]
    public void EveryWrongOptionGetsOneLineNamingIt()
    {
        string Message(SbatchOptions options) => Assert.Throws<UsageException>(() => options.Validate())!.Message;
        Assert.That(Message(new() { Partition = "gpu; rm -rf /" }), Does.StartWith("slurm partition 'gpu; rm -rf /'"));
        Assert.That(Message(new() { Time = "1h" }), Does.Contain("HH:MM:SS"));
        Assert.That(Message(new() { CpusPerTask = 0 }), Does.Contain("1 to 1024"));
        Assert.That(Message(new() { CpusPerTask = 2000 }), Does.Contain("1 to 1024"));
        Assert.That(Message(new() { Memory = "4GB" }), Does.Contain("4G"));
        Assert.That(Message(new() { Memory = "0" }), Does.Contain("zero"));
        Assert.That(Message(new() { Account = "a b" }), Does.StartWith("slurm account 'a b'"));
        Assert.That(Message(new() { MaxRunning = 0 }), Does.Contain("1 to 100000"));
        Assert.That(Message(new() { ExtraArguments = ["qos=short"] }), Does.Contain("--name=value"));
        Assert.That(Message(new() { ExtraArguments = ["--array=0-3"] }), Does.Contain("reserved"));
        Assert.That(Message(new() { ExtraArguments = ["--qos=short\n#SBATCH --x"] }), Does.Contain("one sbatch option"));
        foreach (var message in new[] { Message(new() { Time = "x" }), Message(new() { Memory = "x" }) })
            Assert.That(message, Does.Not.Contain("\n"));
        Assert.DoesNotThrow(() => new SbatchOptions { Partition = "debug,long", Time = "2-00:00:00", CpusPerTask = 4, Memory = "16G", Account = "proj_42", MaxRunning = 8, ExtraArguments = ["--qos=short", "--gres=gpu:1"] }.Validate());
    }

    [Test]
    public void FlagsOverrideTheSweepFile()
    {
        var file = new SbatchOptions { Partition = "debug", Time = "10", CpusPerTask = 2, ExtraArguments = ["--qos=short"] };
        var merged = file.OverriddenBy(new SbatchOptionOverrides(Time: "20", Memory: "1G", ExtraArguments: ["--nice=10"]));
        Assert.That(merged.Partition, Is.EqualTo("debug"));
        Assert.That(merged.Time, Is.EqualTo("20"));
        Assert.That(merged.CpusPerTask, Is.EqualTo(2));
        Assert.That(merged.Memory, Is.EqualTo("1G"));
        Assert.That(merged.ExtraArguments, Is.EqualTo(new[] { "--qos=short", "--nice=10" }));
    }

    [Test]
    public void TheBatchScriptRunsEachTaskThroughRunTask()
    {
        var options = new SbatchOptions { Partition = "debug", Time = "00:30:00", CpusPerTask = 2, Memory = "2G", Account = "lab", MaxRunning = 3, ExtraArguments = ["--qos=short"] };
        var script = SlurmBatchScript.Render("rlarena-demo-rung0", [0, 1, 2, 5], options, "/shared/sweeps/it's here", "/shared/sweeps/logs", ["/opt/rlarena/rlarena"], "trials/$(printf %03d \"$task\")-*");
        Assert.That(script, Does.StartWith("#!/bin/bash\n"));
        foreach (var line in new[]
        {
            "#SBATCH --job-name=rlarena-demo-rung0", "#SBATCH --array=0-2,5%3", "#SBATCH --output=/shared/sweeps/logs/%A_%a.out",
            "#SBATCH --cpus-per-task=2", "#SBATCH --partition=debug", "#SBATCH --time=00:30:00", "#SBATCH --mem=2G",
            "#SBATCH --account=lab", "#SBATCH --qos=short", "#SBATCH --signal=B:TERM@60",
            "sweep='/shared/sweeps/it'\\''s here'",
            "folders=( \"$sweep\"/trials/$(printf %03d \"$task\")-* )",
            "exec /opt/rlarena/rlarena sweep run-task \"$sweep\" --task \"$task\"",
        })
            Assert.That(script.Split('\n'), Does.Contain(line));
        // Every #SBATCH line comes before the first command (sbatch stops reading them there).
        var lines = script.Split('\n');
        var lastOption = Array.FindLastIndex(lines, l => l.StartsWith("#SBATCH", StringComparison.Ordinal));
        var firstCommand = Array.FindIndex(lines, l => l.Length > 0 && !l.StartsWith('#'));
        Assert.That(lastOption, Is.LessThan(firstCommand));
        var bare = SlurmBatchScript.Render("x", [0], new SbatchOptions(), "/s", "/s/logs", ["/usr/bin/dotnet", "/opt/rlarena.dll"], "trials/$task-*");
        Assert.That(bare, Does.Not.Contain("--partition").And.Not.Contain("--mem").And.Not.Contain("--time"));
        Assert.That(bare, Does.Contain("exec /usr/bin/dotnet /opt/rlarena.dll sweep run-task \"$sweep\" --task \"$task\""));
    }

    [Test]
    public void SqueueLinesOfOtherJobsAreIgnored()
    {
        var output = "12|0|RUNNING|None\n12|3|PENDING|Resources\n13|0|RUNNING|None\n9|N/A|RUNNING|None\n";
        var states = SlurmCommands.ParseLines(output, ["12", "9"]);
        Assert.That(states, Is.EqualTo(new[]
        {
            new SlurmTaskState("12", 0, "RUNNING", "None"),
            new SlurmTaskState("12", 3, "PENDING", "Resources"),
        }));
    }

    [Test]
    public void WhatSlurmWroteWhenItEndedATaskIsRead()
    {
        var folder = Path.Combine(Path.GetTempPath(), "rlarena-slurmlog-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            string StateOf(string text)
            {
                var file = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".out");
                File.WriteAllText(file, text);
                return SlurmExecutor.FinalStateFromLog(file) ?? "null";
            }
            Assert.That(StateOf("step 100\nslurmstepd-vm: error: *** JOB 12 ON vm CANCELLED AT 2026-11-27T18:08:49 DUE TO TIME LIMIT ***\n"), Is.EqualTo("TIMEOUT"));
            Assert.That(StateOf("slurmstepd: error: *** JOB 7 ON node3 CANCELLED AT 2026-11-27T18:08:49 DUE TO PREEMPTION ***\n"), Is.EqualTo("PREEMPTED"));
            Assert.That(StateOf("slurmstepd-vm: error: *** JOB 10 ON vm CANCELLED AT 2026-11-27T17:59:53 ***\nmore output\n"), Is.EqualTo("CANCELLED"));
            Assert.That(StateOf("slurmstepd: error: *** JOB 9 ON n1 CANCELLED AT 2026-11-27T17:59:53 DUE TO NODE FAILURE ***"), Is.EqualTo("NODE_FAIL"));
            Assert.That(StateOf("slurmstepd: error: Detected 1 oom-kill event(s) in StepId=5.batch."), Is.EqualTo("OUT_OF_MEMORY"));
            Assert.That(StateOf("step 100\nDone\n"), Is.EqualTo("null"));
            Assert.That(SlurmExecutor.FinalStateFromLog(Path.Combine(folder, "missing.out")), Is.Null);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Test]
    public void TheJobLogKeepsEveryJobAndTheNewestJobOfEachTask()
    {
        var folder = Path.Combine(Path.GetTempPath(), "rlarena-joblog-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var log = new SlurmJobLog(Path.Combine(folder, "slurm"));
            Assert.That(log.Read(), Is.Empty);
            var first = new DateTime(2026, 11, 27, 18, 0, 0, DateTimeKind.Utc);
            log.Append(new SubmittedJob("41", [0, 1, 2, 3, 4, 5], first, "/s/slurm/job-000.sbatch"));
            log.Append(new SubmittedJob("57", [1, 4], first.AddHours(1), "/s/slurm/job-001.sbatch"));
            var jobs = log.Read();
            Assert.That(jobs.Select(j => j.JobId), Is.EqualTo(new[] { "41", "57" }));
            Assert.That(jobs[0].Tasks, Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5 }));
            Assert.That(jobs[1].SubmittedUtc, Is.EqualTo(first.AddHours(1)));
            Assert.That(jobs[1].Script, Is.EqualTo("/s/slurm/job-001.sbatch"));
            Assert.That(File.ReadLines(log.Path).ElementAt(1), Is.EqualTo("41\t0-5\t2026-11-27T18:00:00Z\t/s/slurm/job-000.sbatch"));
            var latest = log.LatestJobOfEachTask();
            Assert.That(latest[0], Is.EqualTo("41"));
            Assert.That(latest[1], Is.EqualTo("57"), "a resubmitted task belongs to its newest job");
            Assert.That(latest[4], Is.EqualTo("57"));
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }

    [TestCase("cpus_per_task", "--cpus-per-task")]
    [TestCase("extra_args", "--sbatch-arg")]
    [TestCase("max_running", "--max-running")]
    [TestCase("mem", "--mem")]
    public void SweepFileKeysHaveTheirFlags(string key, string flag) => Assert.That(SbatchOptionOverrides.FlagOf(key), Is.EqualTo(flag));

    private const string MountInfo =
        "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n" +
        "23 22 0:21 / /tmp rw,nosuid - tmpfs tmpfs rw\n" +
        "24 22 0:40 / /home rw,relatime shared:5 - nfs4 fs:/home rw\n" +
        "25 24 0:41 / /home/lab/scratch rw - lustre 10.0.0.1@tcp:/scratch rw\n" +
        "26 22 0:42 / /mnt/my\\040disk rw - xfs /dev/sdb1 rw\n";

    [Test]
    public void TheMountThatHoldsAPathIsTheLongestPrefix()
    {
        Assert.That(SharedFilesystemCheck.FilesystemType("/home/lab/scratch/sweep", MountInfo), Is.EqualTo("lustre"));
        Assert.That(SharedFilesystemCheck.FilesystemType("/home/lab/sweep", MountInfo), Is.EqualTo("nfs4"));
        Assert.That(SharedFilesystemCheck.FilesystemType("/homework", MountInfo), Is.EqualTo("ext4"));
        Assert.That(SharedFilesystemCheck.FilesystemType("/mnt/my disk/s", MountInfo), Is.EqualTo("xfs"));
    }

    [Test]
    public void LocalFoldersAreWarnedAboutOnAClusterOfOtherMachines()
    {
        string[] nodes = ["node001", "node002"];
        Assert.That(SharedFilesystemCheck.Warning("/tmp/sweep", nodes, MountInfo), Does.Contain("under /tmp"));
        Assert.That(SharedFilesystemCheck.Warning("/var/tmp/sweep", nodes, MountInfo), Does.Contain("under /var/tmp"));
        Assert.That(SharedFilesystemCheck.Warning("/home/lab/sweep", nodes, MountInfo), Is.Null);
        Assert.That(SharedFilesystemCheck.Warning("/home/lab/scratch/s", nodes, MountInfo), Is.Null);
        Assert.That(SharedFilesystemCheck.Warning("/srv/sweep", nodes, MountInfo), Does.Contain("local ext4 disk"));
        Assert.That(SharedFilesystemCheck.Warning("/srv/sweep", null, MountInfo), Does.Contain("local ext4 disk"));
        // A cluster whose only node is this machine shares every folder with itself.
        Assert.That(SharedFilesystemCheck.Warning("/tmp/sweep", [System.Net.Dns.GetHostName()], MountInfo), Is.Null);
        foreach (var path in new[] { "/tmp/sweep", "/srv/sweep" })
            Assert.That(SharedFilesystemCheck.Warning(path, nodes, MountInfo), Does.StartWith("warning: ").And.Not.Contain("\n"));
    }
}
