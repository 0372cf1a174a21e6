using RLArena.Agents.Training;
using RLArena.Engine.Checkpoints;
using RLArena.Sweeps.Files;
using RLArena.Sweeps.Planning;
using RLArena.Sweeps.Results;

namespace RLArena.Sweeps.Tests;

/// <summary>
/// Real sweeps with the local executor: every trial is an <c>rlarena sweep run-task</c> child process. Budgets are
/// tiny (1,024 steps of a 64-step rollout) so each trial takes seconds.
/// </summary>
[NonParallelizable]
public sealed class LocalSweepTests
{
    private string _folder = "";

    private const string Tiny = """
        algo: ppo
        env: cartpole
        base: {num_envs: 4, num_steps: 16, update_epochs: 2, checkpoint_every: 256}
        search:
          learning_rate: [0.001, 0.0003]
        seeds: 2
        steps: 1024
        eval_episodes: 3

        """;

    [SetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "rlarena-sweeps-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void TearDown()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* a child still closing a file: the temp folder is cleaned later */ }
    }

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Plans a sweep into DIR without running it (to set a trial up before the executor starts it).</summary>
    private SweepDirectory PlanOnly(string text, string dir) =>
        SweepDirectory.Create(Path.Combine(_folder, dir), SweepPlanner.Plan(SweepFile.Parse(text, "t.yaml", _folder, "t")), text);

    private static Checkpoint FinalCheckpoint(SweepDirectory sweep, int task) =>
        Checkpoint.Read(Path.Combine(sweep.TaskRunDirectory(task)!, TrainingRun.CheckpointFileName));

    /// <summary>metrics.csv without what depends on the clock (wall time, SPS, memory): step, metric, value.</summary>
    private static List<string> TrainingRows(SweepDirectory sweep, int task) =>
        File.ReadLines(Path.Combine(sweep.TaskRunDirectory(task)!, "metrics.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Where(p => p[2] != "charts/SPS" && !p[2].StartsWith("perf/", StringComparison.Ordinal))
            .Select(p => $"{p[0]},{p[2]},{p[3]}").ToList();

    private static void AssertSameTrial(SweepDirectory a, int taskA, SweepDirectory b, int taskB)
    {
        Assert.That(a.ReadStatus(taskA).Scores[^1].Score, Is.EqualTo(b.ReadStatus(taskB).Scores[^1].Score));
        var (ca, cb) = (FinalCheckpoint(a, taskA), FinalCheckpoint(b, taskB));
        Assert.That(ca.Metadata.Step, Is.EqualTo(cb.Metadata.Step));
        Assert.That(ca.SectionNames.Order(), Is.EqualTo(cb.SectionNames.Order()));
        Assert.That(ca.SectionNames, Does.Contain(Checkpoint.ModelSection).And.Contain("adam"), "the weights and the optimizer's state are compared");
        foreach (var section in ca.SectionNames)
            Assert.That(ca.GetSection(section), Is.EqualTo(cb.GetSection(section)), $"checkpoint section '{section}' (weights, Adam state, random state) bit for bit");
        Assert.That(TrainingRows(a, taskA), Is.EqualTo(TrainingRows(b, taskB)), "same losses and returns at every update");
    }

    [Test]
    public void ASweepRunsToCompletionAndTwoWorkersGiveTheSameTrialsAsOne()
    {
        var file = WriteFile("tiny.yaml", Tiny);
        var (code2, output2) = Rlarena.Run(_folder, "sweep", "start", file, "--dir", "two", "--workers", "2");
        Assert.That(code2, Is.EqualTo(0), output2);
        var (code1, output1) = Rlarena.Run(_folder, "sweep", "start", file, "--dir", "one", "--workers", "1");
        Assert.That(code1, Is.EqualTo(0), output1);
        Assert.That(output2, Does.Contain("Planned 2 configurations × 2 seeds = 4 trials"));

        var two = SweepDirectory.Open(Path.Combine(_folder, "two"));
        var one = SweepDirectory.Open(Path.Combine(_folder, "one"));
        var summary = SweepSummary.Read(two);
        Assert.That(summary.Counts[TrialState.Done], Is.EqualTo(4));
        Assert.That(summary.Statuses.All(s => s.Steps == 1024 && s.WallSeconds > 0 && s.ExitCode == 0), Is.True);
        // Each trial's CPU time covers the same span as its wall time: positive, and at most a few cores' worth.
        Assert.That(summary.Statuses.All(s => s.CpuSeconds > 0 && s.CpuSeconds < s.WallSeconds * Environment.ProcessorCount + 1), Is.True,
            string.Join(", ", summary.Statuses.Select(s => $"{s.CpuSeconds:F2} s CPU / {s.WallSeconds:F2} s wall")));
        Assert.That(summary.Sessions.Single().Workers, Is.EqualTo(2));
        Assert.That(SweepSummary.Read(one).Sessions.Single().Workers, Is.EqualTo(1));
        for (var task = 0; task < 4; task++) AssertSameTrial(one, task, two, task);
        // Different configurations really train differently (the comparison above could not pass vacuously).
        Assert.That(FinalCheckpoint(two, 0).GetSection(Checkpoint.ModelSection), Is.Not.EqualTo(FinalCheckpoint(two, 2).GetSection(Checkpoint.ModelSection)));

        var (statusCode, status) = Rlarena.Run(_folder, "sweep", "status", "two");
        Assert.That(statusCode, Is.EqualTo(0), status);
        Assert.That(status, Does.Contain("done 4 · running 0 · failed 0 · pending 0 · cancelled 0"));
        var best = summary.Best!;
        Assert.That(status, Does.Contain($"Best so far: {best.ConfigurationId} (learning_rate="));
        Assert.That(status, Does.Contain("over 2 seed(s) at 1,024 steps"));
        Assert.That(status, Does.Match(@"Wall time: \d+\.\d s over 1 session\(s\) \(local ×2\); trial time \d+\.\d s in all \(CPU \d+\.\d s\); 4,096 steps trained"));
        Assert.That(status, Does.Contain("1,024/1,024"));

        var (reportCode, report) = Rlarena.Run(_folder, "sweep", "report", "two");
        Assert.That(reportCode, Is.EqualTo(0), report);
        var folder = Path.Combine(two.Path, "report");
        foreach (var name in new[] { "report.md", "report.csv", "trials.csv", "report.json", "scores.png", "curves.png", "profile.png", "best-config.yaml" })
            Assert.That(File.Exists(Path.Combine(folder, name)), Is.True, name);
        Assert.That(File.ReadAllText(Path.Combine(folder, "report.md")), Does.Contain($"**Best: {best.ConfigurationId}**"));
        Assert.That(File.ReadAllText(Path.Combine(folder, "best-config.yaml")), Does.Contain("learning_rate: " +
            two.Plan.Configuration(best.ConfigurationId).Settings[0].Value));
        Assert.That(report, Does.Contain("Wall time:"));
    }

    [Test]
    public void APromotedTrialEndsExactlyLikeOneThatRanItsWholeBudget()
    {
        // Two configurations, η = 2: both get 512 steps, the better one continues to 1,024 from its checkpoint.
        var halving = WriteFile("halving.yaml", Tiny.Replace("seeds: 2", "seeds: 1") + "halving: {eta: 2, min_steps: 512}\n");
        var (code, output) = Rlarena.Run(_folder, "sweep", "start", halving, "--dir", "sh", "--workers", "2");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("Rung 1 → 2: promoted 1 of 2 configurations"));
        (code, output) = Rlarena.Run(_folder, "sweep", "start", halving, "--no-halving", "--dir", "plain", "--workers", "2");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Not.Contain("Rung"));

        var sh = SweepDirectory.Open(Path.Combine(_folder, "sh"));
        var full = SweepDirectory.Open(Path.Combine(_folder, "plain"));
        var statuses = sh.ReadAllStatuses();
        var promoted = Enumerable.Range(0, 2).Single(t => statuses[t].TargetSteps == 1024);
        var stopped = 1 - promoted;
        Assert.That(statuses[promoted].Scores.Select(s => s.Budget), Is.EqualTo(new long[] { 512, 1024 }));
        Assert.That(statuses[promoted].Attempts, Is.EqualTo(2), "trained in two sessions: the rung, then the promotion");
        Assert.That(statuses[stopped].Steps, Is.EqualTo(512));
        Assert.That(statuses[stopped].Scores.Select(s => s.Budget), Is.EqualTo(new long[] { 512 }));
        // The promoted one was the better at 512 steps.
        Assert.That(statuses[promoted].ScoreAt(512)!.Score, Is.GreaterThanOrEqualTo(statuses[stopped].ScoreAt(512)!.Score));
        Assert.That(File.ReadAllText(sh.TaskLogPath(promoted)), Does.Contain("Resuming"));

        Assert.That(full.Plan.Halving, Is.Null);
        Assert.That(full.ReadAllStatuses().Select(s => s.Steps), Is.All.EqualTo(1024L));
        AssertSameTrial(sh, promoted, full, promoted);
        Assert.That(SweepSummary.Read(sh).TotalSteps, Is.EqualTo(512 + 1024));
        // The report scores only trials that ran the whole budget; the one halving stopped is listed as stopped.
        var outcomes = SweepOutcomes.Read(sh);
        Assert.That(outcomes[promoted].IsScored, Is.True);
        Assert.That(outcomes[stopped].Status, Is.EqualTo(SweepOutcomes.StoppedStatus));
        Assert.That(outcomes[stopped].IsScored, Is.False);
        Assert.That(outcomes[stopped].Curve, Is.Not.Empty);
    }

    [Test]
    public void AKilledTrialResumesFromItsCheckpointAndEndsAsIfNeverKilled()
    {
        var text = Tiny.Replace("seeds: 2", "seeds: 1").Replace("learning_rate: [0.001, 0.0003]", "learning_rate: [0.001]").Replace("steps: 1024", "steps: 16384");
        var killed = PlanOnly(text, "killed");
        using (var task = new Rlarena(_folder, "sweep", "run-task", killed.Path, "--task", "0"))
        {
            task.WaitUntil(() => killed.TaskRunDirectory(0) is { } run && File.Exists(Path.Combine(run, TrainingRun.CheckpointFileName)),
                "a checkpoint was written", TimeSpan.FromMinutes(2));
            task.Signal("KILL");
            task.WaitForExit(TimeSpan.FromSeconds(30));
        }
        var left = killed.ReadStatus(0);
        Assert.That(left.State, Is.EqualTo(TrialState.Running), "killed mid-run: nothing recorded an outcome");
        var checkpointStep = FinalCheckpoint(killed, 0).Metadata.Step;
        Assert.That(checkpointStep, Is.InRange(256, 16384 - 1));

        var (code, output) = Rlarena.Run(_folder, "sweep", "resume", "killed", "--workers", "1");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(killed.ReadStatus(0).State, Is.EqualTo(TrialState.Done));
        Assert.That(File.ReadAllText(killed.TaskLogPath(0)), Does.Contain("Resuming"));

        var whole = PlanOnly(text, "whole");
        (code, output) = Rlarena.Run(_folder, "sweep", "resume", "whole", "--workers", "1");
        Assert.That(code, Is.EqualTo(0), output);
        AssertSameTrial(killed, 0, whole, 0);
    }

    [Test]
    public void SigtermStopsEveryTrialResumablyAndResumeFinishesTheSweep()
    {
        var file = WriteFile("long.yaml", Tiny.Replace("steps: 1024", "steps: 16384"));
        using (var sweep = new Rlarena(_folder, "sweep", "start", file, "--dir", "stopped", "--workers", "2"))
        {
            var dir = Path.Combine(_folder, "stopped");
            sweep.WaitUntil(() => Directory.Exists(dir) && File.Exists(Path.Combine(dir, SweepDirectory.PlanFileName))
                                  && SweepDirectory.Open(dir) is var s && Enumerable.Range(0, 2).All(t => s.TaskRunDirectory(t) is { } run
                                      && File.Exists(Path.Combine(run, TrainingRun.CheckpointFileName))),
                "both running trials wrote a checkpoint", TimeSpan.FromMinutes(2));
            sweep.Signal("TERM");
            Assert.That(sweep.WaitForExit(TimeSpan.FromMinutes(1)), Is.EqualTo(143), sweep.Output);
            Assert.That(sweep.Output, Does.Contain("Continue with: rlarena sweep resume"));
        }
        var stopped = SweepDirectory.Open(Path.Combine(_folder, "stopped"));
        var statuses = stopped.ReadAllStatuses();
        Assert.That(statuses.Take(2).Select(s => s.State), Is.All.EqualTo(TrialState.Cancelled), string.Join("\n", statuses.Select(s => s.Message)));
        Assert.That(statuses.Skip(2).Select(s => s.State), Is.All.EqualTo(TrialState.Pending));
        Assert.That(statuses[0].Message, Does.Contain("'rlarena sweep resume' continues it"));

        var (code, output) = Rlarena.Run(_folder, "sweep", "resume", "stopped", "--workers", "2");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(stopped.ReadAllStatuses().Select(s => (s.State, s.Steps)), Is.All.EqualTo((TrialState.Done, 16384L)));
        Assert.That(stopped.ReadSessions(), Has.Count.EqualTo(2));
    }

    [Test]
    public void ACrashedTrialIsReportedWithItsLastLogLinesAndTheSweepGoesOn()
    {
        var sweep = PlanOnly(Tiny.Replace("seeds: 2", "seeds: 1"), "crash");
        var config = sweep.TaskConfigPath(1);
        File.WriteAllText(config, File.ReadAllText(config).Replace("learning_rate: 0.0003", "learning_rate: banana"));

        var (code, output) = Rlarena.Run(_folder, "sweep", "resume", "crash", "--workers", "1");
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("1 trial(s) failed"));
        var statuses = sweep.ReadAllStatuses();
        Assert.That(statuses[0].State, Is.EqualTo(TrialState.Done));
        Assert.That(statuses[1].State, Is.EqualTo(TrialState.Failed));
        Assert.That(statuses[1].ExitCode, Is.EqualTo(2));
        Assert.That(statuses[1].Message, Does.Contain("learning_rate=banana is not valid"));

        var (statusCode, status) = Rlarena.Run(_folder, "sweep", "status", "crash");
        Assert.That(statusCode, Is.EqualTo(0), status);
        Assert.That(status, Does.Contain("done 1 · running 0 · failed 1"));
        Assert.That(status, Does.Contain("Task 1 (c01 seed 1) failed (exit code 2)"));
        Assert.That(status, Does.Contain("    | rlarena: error: ").And.Contain("learning_rate=banana"));
    }

    [Test]
    public void BadCommandLinesAreOneLineUsageErrors()
    {
        var (code, output) = Rlarena.Run(_folder, "sweep", "start", "missing.yaml");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Does.Contain("rlarena: error: sweep file 'missing.yaml' does not exist"));
        (code, output) = Rlarena.Run(_folder, "sweep", "status", ".");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Does.Contain("is not a sweep directory (it has no plan.json)"));
        var file = WriteFile("tiny.yaml", Tiny);
        (code, output) = Rlarena.Run(_folder, "sweep", "start", file, "--workers", "0");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Does.Contain("--workers 0: give a number from 1 to 1024"));
        PlanOnly(Tiny, "planned");
        (code, output) = Rlarena.Run(_folder, "sweep", "run-task", "planned", "--task", "9");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Does.Contain("--task 9: this sweep has tasks 0 to 3"));
        (code, output) = Rlarena.Run(_folder, "sweep", "start", file, "--dir", "planned");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Does.Contain("already exists and is not empty; continue that sweep with 'rlarena sweep resume"));
        Assert.That(output.Trim().Split('\n'), Has.Length.EqualTo(2), "the error and the usage line");
    }
}
