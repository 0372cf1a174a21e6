using System.Diagnostics;
using RLArena.Sweeps.Slurm;

namespace RLArena.Sweeps.Tests.Slurm;

/// <summary>The Slurm executor's command line where no cluster is needed: the dry run's batch script (run here by
/// hand, as Slurm would run one array task), flag and sweep-file checks, and sbatch missing.</summary>
[NonParallelizable]
public sealed class SlurmCommandLineTests
{
    private string _folder = "";

    private const string TwoTrials = """
        name: dry
        algo: ppo
        env: cartpole
        base: {num_envs: 4, num_steps: 16, update_epochs: 2, checkpoint_every: 256}
        seeds: 2
        steps: 512
        eval_episodes: 3

        """;

    [SetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "rlarena-slurm-cli-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void TearDown()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void TheDryRunPrintsABatchScriptThatRunsATaskAsSlurmWould()
    {
        var file = Write("dry.yaml", TwoTrials);
        var dir = Path.Combine(_folder, "sweep");
        var (code, stdout, stderr) = SweepProcess.Run(_folder, null, "sweep", "start", file, "--dir", dir, "--executor", "slurm", "--dry-run",
            "--partition", "short", "--time", "00:05:00", "--mem", "1G", "--cpus-per-task", "2", "--max-running", "1", "--sbatch-arg=--qos=debug");
        Assert.That(code, Is.EqualTo(0), stdout + stderr);
        Assert.That(stdout, Does.StartWith("#!/bin/bash\n"));
        foreach (var line in new[] { "#SBATCH --array=0-1%1", "#SBATCH --partition=short", "#SBATCH --time=00:05:00", "#SBATCH --mem=1G", "#SBATCH --cpus-per-task=2", "#SBATCH --qos=debug", "#SBATCH --job-name=rlarena-dry" })
            Assert.That(stdout.Split('\n'), Does.Contain(line));
        Assert.That(stdout, Does.Contain(Path.Combine(AppContext.BaseDirectory, "rlarena")), "the batch script starts the rlarena that wrote it");
        Assert.That(stderr, Does.Contain("Dry run: nothing was submitted").And.Contain($"rlarena sweep resume {dir} --executor slurm"));
        Assert.That(Directory.Exists(Path.Combine(dir, SlurmExecutor.FolderName)), Is.False, "no job recorded");

        // Slurm runs the script with the array task id in the environment; so does this test, for task 1.
        var script = Write("job.sbatch", stdout);
        var run = new ProcessStartInfo("bash") { WorkingDirectory = _folder };
        run.ArgumentList.Add(script);
        run.Environment["SLURM_ARRAY_TASK_ID"] = "1";
        run.Environment["SLURM_ARRAY_JOB_ID"] = "77";
        run.Environment["SLURM_CPUS_PER_TASK"] = "2";
        var (taskCode, taskOut, taskErr) = SweepProcess.RunToEnd(run, TimeSpan.FromMinutes(2));
        var sweep = SweepDirectory.Open(dir);
        Assert.That(taskCode, Is.EqualTo(0), taskOut + taskErr + string.Join("\n", sweep.LastLogLines(1, 20)));
        Assert.That(sweep.ReadStatus(1).State, Is.EqualTo(TrialState.Done));
        Assert.That(sweep.ReadStatus(1).ExecutorJob, Is.EqualTo("77_1"));
        Assert.That(sweep.ReadStatus(0).State, Is.EqualTo(TrialState.Pending), "only its own task ran");
        var log = File.ReadAllText(sweep.TaskLogPath(1));
        Assert.That(log, Does.Contain("slurm job 77_1 on ").And.Contain("Done: step 512"), "the task's output went to its log.txt");
        Assert.That(taskOut, Is.Empty, "nothing left on the job's own output");
    }

    [TestCase("--time", "1h", "--time '1h' is not a Slurm time limit")]
    [TestCase("--mem", "4GB", "--mem '4GB' is not a Slurm memory size")]
    [TestCase("--cpus-per-task", "0", "--cpus-per-task 0 is out of range")]
    [TestCase("--partition", "a;b", "--partition 'a;b' is not a partition name")]
    [TestCase("--sbatch-arg=--array=0-9", null, "--sbatch-arg '--array=0-9' sets something rlarena sets itself")]
    public void ABadFlagIsNamedOnOneLine(string flag, string? value, string message)
    {
        var file = Write("dry.yaml", TwoTrials);
        string[] args = value is null
            ? ["sweep", "start", file, "--dir", Path.Combine(_folder, "s"), "--executor", "slurm", flag]
            : ["sweep", "start", file, "--dir", Path.Combine(_folder, "s"), "--executor", "slurm", flag, value];
        var (code, stdout, stderr) = SweepProcess.Run(_folder, null, args);
        Assert.That(code, Is.EqualTo(2), stdout + stderr);
        Assert.That(stderr, Does.Contain(message));
        Assert.That(stderr.Split('\n').Count(l => l.Contains("error:")), Is.EqualTo(1));
        Assert.That(Directory.Exists(Path.Combine(_folder, "s")), Is.False, "nothing planned");
    }

    [Test]
    public void SlurmFlagsNeedTheSlurmExecutor()
    {
        var file = Write("dry.yaml", TwoTrials);
        var (code, _, stderr) = SweepProcess.Run(_folder, null, "sweep", "start", file, "--dir", Path.Combine(_folder, "s"), "--executor", "local", "--partition", "gpu");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("--partition is a Slurm setting, but --executor is local"));
    }

    [Test]
    public void TheSweepFilesSlurmSectionIsCheckedWhenItIsRead()
    {
        var file = Write("bad.yaml", TwoTrials + "executor:\n  slurm: {mem: 4GB}\n");
        var (code, _, stderr) = SweepProcess.Run(_folder, null, "sweep", "start", file, "--dir", Path.Combine(_folder, "s"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("executor.slurm.mem '4GB' is not a Slurm memory size"));
        var limit = Write("limit.yaml", TwoTrials + "executor:\n  slurm: {max_running: 0}\n");
        var (limitCode, _, limitErr) = SweepProcess.Run(_folder, null, "sweep", "start", limit, "--dir", Path.Combine(_folder, "s"));
        Assert.That(limitCode, Is.EqualTo(2));
        Assert.That(limitErr, Does.Contain("executor.slurm.max_running"));
    }

    [Test]
    public void WithoutSbatchTheSlurmExecutorSaysWhereToRun()
    {
        var file = Write("dry.yaml", TwoTrials);
        var empty = Directory.CreateDirectory(Path.Combine(_folder, "empty-path")).FullName;
        // A PATH without Slurm's commands; DOTNET_ROOT so that the app host still finds .NET.
        var dotnetRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        var environment = new Dictionary<string, string> { ["PATH"] = empty, ["DOTNET_ROOT"] = dotnetRoot };
        var (code, stdout, stderr) = SweepProcess.Run(_folder, environment, "sweep", "start", file, "--dir", Path.Combine(_folder, "s"), "--executor", "slurm");
        Assert.That(code, Is.EqualTo(1), stdout + stderr);
        Assert.That(stderr, Does.Contain("sbatch was not found on PATH: run this on a Slurm login node"));
    }
}
