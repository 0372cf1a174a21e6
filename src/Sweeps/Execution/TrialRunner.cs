using System.Diagnostics;
using System.Globalization;
using RLArena.Agents.Training;
using RLArena.Core.Errors;
using RLArena.Core.Processes;
using RLArena.Engine.Devices;
using RLArena.Sweeps.Files;
using RLArena.Sweeps.Results;

namespace RLArena.Sweeps.Execution;

/// <summary>How one session of a trial ended.</summary>
/// <param name="Status">The status written at the end.</param>
/// <param name="Cancelled">Whether a signal stopped it before its target (resumable).</param>
public sealed record TrialRunOutcome(TrialStatus Status, bool Cancelled);

/// <summary>
/// Runs one task of a sweep in this process (what <c>rlarena sweep run-task DIR --task N</c> does, whichever
/// executor started it): trains the trial from its config.yaml, or resumes its checkpoint exactly, until it reaches
/// the target budget in its status (the current rung's), evaluates it deterministically, and records the score.
/// The trial's total_timesteps is always the sweep's full budget, so a rung stops the run early instead of
/// shortening its schedules: a promoted trial continues exactly as if it had never stopped.
/// </summary>
public static class TrialRunner
{
    /// <summary>How the last line of a trial that reached its target starts; its status file is written before it.</summary>
    public const string DoneLinePrefix = "Done: step ";

    /// <summary>Runs task <paramref name="task"/> of <paramref name="sweep"/> to its target budget.</summary>
    /// <param name="sweep">The sweep.</param>
    /// <param name="task">The task number.</param>
    /// <param name="log">Where progress lines go (the trial's log).</param>
    /// <param name="executorJob">The executor's id for this session (a Slurm job id), or null.</param>
    /// <param name="stop">A stop request (a signal): the run saves its checkpoint and the trial is left cancelled.</param>
    public static TrialRunOutcome Run(SweepDirectory sweep, int task, Action<string> log, string? executorJob = null, CancellationToken stop = default)
    {
        sweep.CheckTask(task);
        var plan = sweep.Plan;
        var before = sweep.ReadStatus(task);
        if (before.State == TrialState.Running && before.ProcessId is { } pid && pid != Environment.ProcessId
            && before.Host == Environment.MachineName && LocalProcess.IsAlive(pid))
            throw new UserFacingException($"task {task} is already running (process {pid} on {before.Host}); wait for it, or stop it first.");
        var target = before.TargetSteps > 0 ? before.TargetSteps : plan.Steps;
        var clock = Stopwatch.StartNew();
        var cpu = CpuClock.Start();
        var status = before with
        {
            State = TrialState.Running, TargetSteps = target, StartedUtc = DateTime.UtcNow, EndedUtc = null, ExitCode = null,
            Host = Environment.MachineName, ProcessId = Environment.ProcessId, ExecutorJob = executorJob, Attempts = before.Attempts + 1,
            Message = null, LastLines = [],
        };
        sweep.WriteStatus(task, status);
        try
        {
            var device = DeviceSelector.Resolve(plan.Device);
            using var run = OpenRun(sweep, task, device, log, ref status);
            var trial = plan.Trials[task];
            log($"Task {task}: {plan.Algorithm} on {plan.Environment}, configuration {trial.ConfigurationId} " +
                $"({plan.Configuration(trial.ConfigurationId).Describe()}), seed {trial.Seed}: from step {run.Trainer.GlobalStep:N0} to {target:N0} of {plan.Steps:N0}.");
            if (run.Trainer.GlobalStep < target)
            {
                using var budget = CancellationTokenSource.CreateLinkedTokenSource(stop);
                var lastLine = Stopwatch.StartNew();
                var result = run.Run(p =>
                {
                    if (p.Step >= target) budget.Cancel();
                    if (lastLine.Elapsed.TotalSeconds < 5 && p.Step < target) return;
                    lastLine.Restart();
                    var ret = p.MeanReturn is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) : "n/a";
                    log($"step {p.Step,9:N0}/{target:N0} | {p.StepsPerSecond,7:N0} SPS | return {ret}");
                }, budget.Token);
                if (stop.IsCancellationRequested && run.Trainer.GlobalStep < target)
                {
                    status = status with
                    {
                        State = TrialState.Cancelled, Steps = run.Trainer.GlobalStep, EndedUtc = DateTime.UtcNow,
                        WallSeconds = before.WallSeconds + clock.Elapsed.TotalSeconds, CpuSeconds = before.CpuSeconds + cpu.Seconds,
                        Message = $"stopped at step {run.Trainer.GlobalStep:N0} of {target:N0}; its checkpoint is saved and 'rlarena sweep resume' continues it",
                    };
                    sweep.WriteStatus(task, status);
                    log($"Stopped at step {run.Trainer.GlobalStep:N0}; checkpoint {result.CheckpointPath}.");
                    return new TrialRunOutcome(status, Cancelled: true);
                }
            }
            var evaluationClock = Stopwatch.StartNew();
            var evaluation = run.Evaluate(plan.EvalEpisodes);
            var evaluationSeconds = evaluationClock.Elapsed.TotalSeconds;
            var score = Score(plan.Metric, run.Directory, evaluation.MeanReturn);
            var scores = status.Scores.Where(s => s.Budget != target).Append(new RungScore(target, score, evaluation.MeanReturn)).OrderBy(s => s.Budget).ToList();
            status = status with
            {
                State = TrialState.Done, Steps = run.Trainer.GlobalStep, EndedUtc = DateTime.UtcNow, ExitCode = 0, Scores = scores,
                WallSeconds = before.WallSeconds + clock.Elapsed.TotalSeconds, CpuSeconds = before.CpuSeconds + cpu.Seconds,
            };
            sweep.WriteStatus(task, status);
            log($"{DoneLinePrefix}{run.Trainer.GlobalStep:N0}, {plan.Metric} {score.ToString("G6", CultureInfo.InvariantCulture)} " +
                $"(evaluation: {evaluation.MeanReturn.ToString("F2", CultureInfo.InvariantCulture)} over {plan.EvalEpisodes} episodes in {evaluationSeconds:F2} s), " +
                $"{clock.Elapsed.TotalSeconds:F1} s wall, {cpu.Seconds:F1} s CPU.");
            return new TrialRunOutcome(status, Cancelled: false);
        }
        catch (Exception e)
        {
            sweep.WriteStatus(task, status with
            {
                State = TrialState.Failed, EndedUtc = DateTime.UtcNow, ExitCode = e is UserFacingException u ? u.ExitCode : 1,
                WallSeconds = before.WallSeconds + clock.Elapsed.TotalSeconds, CpuSeconds = before.CpuSeconds + cpu.Seconds,
                Message = e.Message.ReplaceLineEndings(" "),
            });
            throw;
        }
    }

    private static TrainingRun OpenRun(SweepDirectory sweep, int task, TorchSharp.torch.Device device, Action<string> log, ref TrialStatus status)
    {
        var existing = sweep.TaskRunDirectory(task);
        if (existing is not null && File.Exists(Path.Combine(existing, TrainingRun.CheckpointFileName)))
        {
            var resumed = TrainingRun.Resume(existing, device);
            log($"Resuming {existing} at step {resumed.Trainer.GlobalStep:N0}.");
            if (resumed.Notice is { } notice) log($"Note: {notice}");
            return resumed;
        }
        if (existing is not null && Directory.Exists(existing))
        {
            log($"{existing} has no checkpoint: starting the trial over.");
            Directory.Delete(existing, recursive: true);
        }
        var config = AgentConfigs.Build(sweep.Plan.Algorithm, null, sweep.TaskConfigPath(task), [], []);
        var run = TrainingRun.Start(config, sweep.TaskRunsRoot(task), device);
        status = status with { RunDirectory = Path.GetRelativePath(sweep.TaskFolder(task), run.Directory) };
        sweep.WriteStatus(task, status);
        return run;
    }

    /// <summary>The trial's score: the evaluation's mean return, or the last value of a metrics.csv series.</summary>
    private static double Score(string metric, string runDirectory, double evalReturn)
    {
        if (metric == SweepMetric.EvalReturn) return evalReturn;
        var series = RunMetrics.Series(runDirectory, metric);
        if (series.Count == 0)
            throw new UserFacingException($"metric '{metric}' was never logged by this run (see its metrics.csv for the names); use {SweepMetric.EvalReturn} or a logged series such as {RunMetrics.ReturnSeries}.");
        return series[^1].Value;
    }

    /// <summary>This process's CPU time (all threads) since <see cref="Start"/>.</summary>
    private readonly struct CpuClock
    {
        private readonly TimeSpan _start;

        private CpuClock(TimeSpan start) => _start = start;

        public static CpuClock Start() => new(Now());

        public double Seconds => (Now() - _start).TotalSeconds;

        private static TimeSpan Now()
        {
            using var self = Process.GetCurrentProcess();
            return self.TotalProcessorTime;
        }
    }
}
