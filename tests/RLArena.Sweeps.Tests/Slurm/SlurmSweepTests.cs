using System.Diagnostics;
using RLArena.Agents.Training;
using RLArena.Sweeps.Slurm;
using RLArena.Tests.Shared;

namespace RLArena.Sweeps.Tests.Slurm;

/// <summary>
/// Sweeps through a real one-node Slurm cluster (build/slurm/one-node.sh, started once for these tests): job arrays
/// of <c>rlarena sweep run-task</c>, scancel and resume, a crashed trial, successive halving, a rejected
/// submission. Budgets are tiny so each trial takes seconds. Skipped (one line) where Slurm is not installed.
/// </summary>
[NonParallelizable]
public sealed class SlurmSweepTests
{
    private OneNodeSlurm? _cluster;
    private string _folder = "";

    private const string SixTrials = """
        name: tiny-slurm
        algo: ppo
        env: cartpole
        base: {num_envs: 4, num_steps: 16, update_epochs: 2, checkpoint_every: 256}
        search:
          learning_rate: [0.001, 0.0003, 0.0001]
        seeds: 2
        steps: 1024
        eval_episodes: 3
        executor:
          slurm: {time: "00:10:00", cpus_per_task: 1, mem: 1G}

        """;

    [OneTimeSetUp]
    public void StartCluster() => _cluster = OneNodeSlurm.StartOrIgnore();

    [OneTimeTearDown]
    public void StopCluster() => _cluster?.Dispose();

    [SetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "rlarena-slurm-sweeps-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void TearDown()
    {
        // Whatever a failed test left in the queue must not run into the next test.
        using (var cancel = Process.Start(new ProcessStartInfo("scancel", "--user=root") { UseShellExecute = false })) cancel?.WaitForExit();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* a job still closing a file: the temp folder is cleaned later */ }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Context() => _cluster!.Logs();

    private static IReadOnlyList<SubmittedJob> Jobs(string sweepPath) =>
        new SlurmJobLog(Path.Combine(sweepPath, SlurmExecutor.FolderName)).Read();

    [Test]
    public void ASweepRunsToCompletionAsAJobArrayAndMatchesTheLocalExecutor()
    {
        var file = Write("six.yaml", SixTrials);
        var dir = Path.Combine(_folder, "on-slurm");
        var (code, stdout, stderr) = SweepProcess.Run(_folder, null, "sweep", "start", file, "--dir", dir, "--executor", "slurm");
        Assert.That(code, Is.EqualTo(0), stdout + stderr);
        Assert.That(stdout, Does.Contain("Submitted Slurm job").And.Contain("6 trials as array 0-5"));
        Assert.That(stdout, Does.Contain($"Follow it with: rlarena sweep status {dir}"));

        SweepProcess.WaitFor(dir, s => s.All(t => t.State == TrialState.Done), "all 6 trials done", TimeSpan.FromMinutes(3), Context);
        var jobs = Jobs(dir);
        Assert.That(jobs, Has.Count.EqualTo(1));
        Assert.That(jobs[0].Tasks, Is.EqualTo(Enumerable.Range(0, 6)));
        var script = File.ReadAllText(jobs[0].Script);
        Assert.That(script, Does.Contain("#SBATCH --array=0-5").And.Contain("#SBATCH --time=00:10:00").And.Contain("#SBATCH --mem=1G"));
        var sweep = SweepDirectory.Open(dir);
        for (var task = 0; task < 6; task++)
        {
            var status = sweep.ReadStatus(task);
            Assert.That(status.ExecutorJob, Is.EqualTo($"{jobs[0].JobId}_{task}"), "run-task saw its array task id");
            Assert.That(File.ReadAllText(sweep.TaskLogPath(task)), Does.Contain($"slurm job {jobs[0].JobId}_{task} on "), "the trial's output is in its log.txt");
        }

        var (statusCode, statusOut, statusErr) = SweepProcess.Run(_folder, null, "sweep", "status", dir);
        Assert.That(statusCode, Is.EqualTo(0), statusOut + statusErr);
        Assert.That(statusOut, Does.Contain("done 6").And.Contain($"Slurm: job {jobs[0].JobId}; none of their tasks is queued or running now"));

        // The same sweep with the local executor: every trial ends the same, bit for bit.
        var localDir = Path.Combine(_folder, "local");
        var (localCode, localOut, localErr) = SweepProcess.Run(_folder, null, "sweep", "start", file, "--dir", localDir, "--executor", "local", "--workers", "2");
        Assert.That(localCode, Is.EqualTo(0), localOut + localErr);
        var local = SweepDirectory.Open(localDir);
        for (var task = 0; task < 6; task++) SweepProcess.AssertSameTrial(sweep, task, local, task);
    }

    [Test]
    public void ACancelledTaskResumesFromItsCheckpointAndAKilledOneShowsItsLog()
    {
        var file = Write("long.yaml", """
            name: cancel-me
            algo: ppo
            env: cartpole
            base: {num_envs: 4, num_steps: 16, update_epochs: 2, checkpoint_every: 1024}
            seeds: 2
            steps: 30000
            eval_episodes: 3

            """);
        var dir = Path.Combine(_folder, "cancel");
        var (code, stdout, stderr) = SweepProcess.Run(_folder, null, "sweep", "start", file, "--dir", dir, "--executor", "slurm");
        Assert.That(code, Is.EqualTo(0), stdout + stderr);
        var job = Jobs(dir).Single().JobId;

        // Both trials running, each with a periodic checkpoint on disk.
        bool HasCheckpoint(int task) => SweepDirectory.Open(dir).TaskRunDirectory(task) is { } run && File.Exists(Path.Combine(run, TrainingRun.CheckpointFileName));
        SweepProcess.WaitFor(dir, s => s.All(t => t.State == TrialState.Running) && HasCheckpoint(0) && HasCheckpoint(1),
            "both trials running with a checkpoint", TimeSpan.FromMinutes(2), Context);

        // Task 0: scancel (Slurm sends SIGTERM: the trial saves its checkpoint and is left cancelled).
        using (var scancel = Process.Start(new ProcessStartInfo("scancel", $"{job}_0") { UseShellExecute = false })!) scancel.WaitForExit();
        // Task 1: killed outright, as a crash or the OOM killer would: it records nothing itself.
        var pid = SweepDirectory.Open(dir).ReadStatus(1).ProcessId!.Value;
        Process.GetProcessById(pid).Kill();

        SweepProcess.WaitFor(dir, s => s[0].State == TrialState.Cancelled, "task 0 cancelled", TimeSpan.FromMinutes(1), Context);
        var cancelled = SweepDirectory.Open(dir).ReadStatus(0);
        Assert.That(cancelled.Steps, Is.GreaterThan(0).And.LessThan(30000), "stopped mid-run");

        // status asks Slurm: task 1's job ended without an outcome, so it is failed, with its log's last lines.
        var waited = Stopwatch.StartNew();
        (int Code, string Stdout, string Stderr) status;
        while (true)
        {
            status = SweepProcess.Run(_folder, null, "sweep", "status", dir);
            if (status.Stdout.Contains("Task 1 (") || waited.Elapsed > TimeSpan.FromSeconds(30)) break;
            Thread.Sleep(500);
        }
        var (statusCode, statusOut, statusErr) = status;
        Assert.That(statusCode, Is.EqualTo(0), statusOut + statusErr);
        Assert.That(statusOut, Does.Contain("Task 1 (").And.Contain("failed").And.Contain($"job {job}_1"), statusOut);
        Assert.That(statusOut, Does.Contain("    | Task 1: ppo on cartpole"), "the crashed trial's last log lines are shown");
        var crashed = SweepDirectory.Open(dir).ReadStatus(1);
        Assert.That(crashed.State, Is.EqualTo(TrialState.Failed));
        Assert.That(crashed.LastLines, Is.Not.Empty);

        // resume (on Slurm again, the executor the sweep last used) resubmits both; they continue from their checkpoints.
        var (resumeCode, resumeOut, resumeErr) = SweepProcess.Run(_folder, null, "sweep", "resume", dir);
        Assert.That(resumeCode, Is.EqualTo(0), resumeOut + resumeErr);
        Assert.That(resumeOut, Does.Contain("Submitted Slurm job").And.Contain("2 trials as array 0-1"));
        SweepProcess.WaitFor(dir, s => s.All(t => t.State == TrialState.Done), "both trials done after resume", TimeSpan.FromMinutes(3), Context);
        var sweep = SweepDirectory.Open(dir);
        Assert.That(Jobs(dir), Has.Count.EqualTo(2));
        var log0 = File.ReadAllText(sweep.TaskLogPath(0));
        Assert.That(log0, Does.Contain($"at step {cancelled.Steps:N0}."), "task 0 resumed from the step it was cancelled at, not from 0");
        Assert.That(File.ReadAllText(sweep.TaskLogPath(1)), Does.Contain("Resuming "), "task 1 resumed from its last periodic checkpoint");
        Assert.That(sweep.ReadStatus(0).Attempts, Is.EqualTo(2));

        // Exactly what an uninterrupted run gives.
        var localDir = Path.Combine(_folder, "uninterrupted");
        var (localCode, localOut, localErr) = SweepProcess.Run(_folder, null, "sweep", "start", file, "--dir", localDir, "--executor", "local", "--workers", "2");
        Assert.That(localCode, Is.EqualTo(0), localOut + localErr);
        var local = SweepDirectory.Open(localDir);
        SweepProcess.AssertSameTrial(sweep, 0, local, 0);
        SweepProcess.AssertSameTrial(sweep, 1, local, 1);
    }

    [Test]
    public void SuccessiveHalvingSubmitsOneArrayPerRung()
    {
        var file = Write("halving.yaml", """
            name: halving
            algo: ppo
            env: cartpole
            base: {num_envs: 4, num_steps: 16, update_epochs: 2, checkpoint_every: 256}
            search:
              learning_rate: [0.003, 0.001, 0.0003, 0.0001]
            seeds: 1
            steps: 1024
            halving: {eta: 2, min_steps: 512}
            eval_episodes: 3

            """);
        var dir = Path.Combine(_folder, "halving");
        var (code, stdout, stderr) = SweepProcess.Run(_folder, null, "sweep", "start", file, "--dir", dir, "--executor", "slurm");
        Assert.That(code, Is.EqualTo(0), stdout + stderr);
        SweepProcess.WaitFor(dir, s => s.Count(t => t.IsDoneAt(1024)) == 2, "the 2 promoted trials done at 1,024 steps", TimeSpan.FromMinutes(3), Context);

        var jobs = Jobs(dir);
        Assert.That(jobs, Has.Count.EqualTo(2), "one array per rung");
        Assert.That(jobs[0].Tasks, Is.EqualTo(new[] { 0, 1, 2, 3 }));
        Assert.That(jobs[1].Tasks, Has.Count.EqualTo(2));
        Assert.That(File.ReadAllText(jobs[0].Script), Does.Contain("--job-name=rlarena-halving-rung0"));
        Assert.That(File.ReadAllText(jobs[1].Script), Does.Contain("--job-name=rlarena-halving-rung1"));
        var sweep = SweepDirectory.Open(dir);
        var statuses = sweep.ReadAllStatuses();
        var promoted = jobs[1].Tasks;
        var dropped = Enumerable.Range(0, 4).Except(promoted).ToList();
        foreach (var task in promoted)
        {
            Assert.That(statuses[task].Attempts, Is.EqualTo(2));
            Assert.That(File.ReadAllText(sweep.TaskLogPath(task)), Does.Contain("Resuming ").And.Contain("at step 512."), "promoted trials continue their checkpoints");
            foreach (var other in dropped)
                Assert.That(statuses[task].ScoreAt(512)!.Score, Is.GreaterThanOrEqualTo(statuses[other].ScoreAt(512)!.Score), "the better half was promoted");
        }
        foreach (var task in dropped)
        {
            Assert.That(statuses[task].IsDoneAt(512) && !statuses[task].IsDoneAt(1024), $"task {task} stopped after rung 1");
            Assert.That(statuses[task].Attempts, Is.EqualTo(1));
        }
    }

    [Test]
    public void ARejectedSubmissionShowsSlurmsMessageOnOneLine()
    {
        var file = Write("six.yaml", SixTrials);
        var dir = Path.Combine(_folder, "rejected");
        var (code, stdout, stderr) = SweepProcess.Run(_folder, null, "sweep", "start", file, "--dir", dir, "--executor", "slurm", "--partition", "nosuchpartition");
        Assert.That(code, Is.EqualTo(1), stdout + stderr);
        var errors = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("error:")).ToList();
        Assert.That(errors, Has.Count.EqualTo(1), stderr);
        Assert.That(errors[0], Does.Contain("Slurm rejected the job: ").And.Contain("nvalid partition").And.Contain(".sbatch)"));
        Assert.That(stderr, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(Jobs(dir), Is.Empty, "nothing recorded as submitted");
        Assert.That(SweepDirectory.Open(dir).ReadAllStatuses().All(s => s.State == TrialState.Pending));
    }
}
