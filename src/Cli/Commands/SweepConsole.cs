using System.Globalization;
using RLArena.Sweeps;
using RLArena.Sweeps.Execution;
using RLArena.Sweeps.Planning;
using RLArena.Sweeps.Results;
using Spectre.Console;

namespace RLArena.Cli.Commands;

/// <summary>
/// What the sweep commands print: the summary and trial table of <c>sweep status</c>, and while a sweep runs a live
/// table (or, when the output is a file or pipe, one line per trial that changes state).
/// </summary>
internal static class SweepConsole
{
    /// <summary>Runs the sweep with the named executor, showing its trials live; returns the exit code.</summary>
    public static int Run(SweepDirectory sweep, string executorName, int? workers, Func<Action<string>, RLArena.Sweeps.Slurm.SlurmChoices>? slurm = null)
    {
        var messages = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var executor = TrialExecutors.Create(executorName, sweep, workers, TrialLauncher.Current(), slurm?.Invoke(messages.Enqueue));
        if (executor is RLArena.Sweeps.Slurm.SlurmExecutor { DryRun: true } dryRun) return SlurmConsole.DryRun(sweep, dryRun);
        var console = ReportConsole.Widened(AnsiConsole.Console);
        using var stop = new Signals.StopRequest(executor is LocalExecutor
            ? "stopping every trial after its current update (each saves its checkpoint)"
            : "no longer waiting (the submitted jobs keep running)");
        var localWorkers = executor is LocalExecutor local ? local.Workers : 0;
        var run = Task.Run(() => SweepRunner.RunAsync(sweep, executor, localWorkers, messages.Enqueue, stop.Token));
        Follow(console, sweep, run, messages);
        var result = run.GetAwaiter().GetResult();
        while (messages.TryDequeue(out var message)) console.WriteLine(message);

        console.WriteLine();
        PrintSummary(console, SweepSummary.Read(sweep), sweep.Path);
        switch (result.State)
        {
            case SweepRunState.Interrupted:
                console.WriteLine($"Stopped. Continue with: rlarena sweep resume {sweep.Path}");
                return stop.ExitCode;
            case SweepRunState.Submitted:
                console.WriteLine($"Submitted. Follow it with: rlarena sweep status {sweep.Path}");
                return 0;
            default:
                if (result.Failed > 0)
                {
                    console.WriteLine($"{result.Failed} trial(s) failed (see above); re-run them with: rlarena sweep resume {sweep.Path}");
                    return 1;
                }
                console.WriteLine($"Done. Report: rlarena sweep report {sweep.Path}");
                return 0;
        }
    }

    /// <summary>How often the status files are looked at while trials run (a look is a few file stats).</summary>
    private const int PollMilliseconds = 500;

    /// <summary>
    /// Shows progress until <paramref name="run"/> ends: a live table on a terminal, state changes as lines otherwise.
    /// Either is redrawn only when a status file (or, for the table, a running trial's log) changed.
    /// </summary>
    private static void Follow(IAnsiConsole console, SweepDirectory sweep, Task run, System.Collections.Concurrent.ConcurrentQueue<string> messages)
    {
        var live = !Console.IsOutputRedirected && console.Profile.Capabilities.Interactive;
        var watch = new StatusWatch(sweep, watchLogs: live);
        if (live)
        {
            // The runner's lines (rungs, promotions) become the table's title while it is live, and stay printed after.
            var said = new List<string>();
            Table Current()
            {
                while (messages.TryDequeue(out var message)) said.Add(message);
                var table = TrialTable(sweep, watch.Statuses, live: true);
                return said.Count == 0 ? table : table.Title(Markup.Escape(said[^1]));
            }
            console.Live(Current()).AutoClear(true).Start(context =>
            {
                while (!run.Wait(PollMilliseconds))
                    if (watch.Changed() | !messages.IsEmpty) context.UpdateTarget(Current());
            });
            watch.Changed();
            var final = Current();
            foreach (var message in said) console.WriteLine(message);
            console.Write(final);
            return;
        }
        var last = watch.Statuses.Select(s => s.State).ToArray();
        while (true)
        {
            var ended = run.Wait(PollMilliseconds);
            while (messages.TryDequeue(out var message)) console.WriteLine(message);
            if (!watch.Changed() && !ended) continue;
            var statuses = watch.Statuses;
            for (var i = 0; i < statuses.Count; i++)
            {
                if (statuses[i].State == last[i]) continue;
                last[i] = statuses[i].State;
                console.WriteLine($"{DateTime.Now:HH:mm:ss} task {i} ({Describe(sweep, i)}): {Word(statuses[i].State)}{Detail(statuses[i])}");
            }
            if (ended) return;
        }
    }

    private static string Describe(SweepDirectory sweep, int task)
    {
        var trial = sweep.Plan.Trials[task];
        return $"{trial.ConfigurationId} seed {trial.Seed}";
    }

    private static string Word(TrialState state) => state.ToString().ToLowerInvariant();

    private static string Detail(TrialStatus s) => s.State switch
    {
        TrialState.Done when s.Scores.Count > 0 => $", score {Number(s.Scores[^1].Score)} at {s.Scores[^1].Budget:N0} steps, {s.WallSeconds:F1} s",
        TrialState.Failed or TrialState.Cancelled when s.Message is not null => $": {s.Message}",
        _ => "",
    };

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The trial table. Live, it keeps to the running, failed and latest trials when there are many.</summary>
    public static Table TrialTable(SweepDirectory sweep, IReadOnlyList<TrialStatus> statuses, bool live)
    {
        var plan = sweep.Plan;
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "task", "config", "seed", "state", "steps", plan.Metric, "wall s", "note" }) table.AddColumn(column);
        var rows = Enumerable.Range(0, statuses.Count).ToList();
        if (live && rows.Count > 24)
        {
            var interesting = rows.Where(i => statuses[i].State is TrialState.Running or TrialState.Failed or TrialState.Cancelled).ToList();
            var recent = rows.Where(i => statuses[i].State == TrialState.Done).OrderByDescending(i => statuses[i].EndedUtc).Take(Math.Max(0, 24 - interesting.Count));
            rows = interesting.Concat(recent).Distinct().Order().ToList();
            var counts = Enum.GetValues<TrialState>().Select(s => $"{Word(s)} {statuses.Count(t => t.State == s)}");
            table.Caption($"{string.Join(" · ", counts)} (running, failed and latest trials shown)");
        }
        foreach (var i in rows)
        {
            var s = statuses[i];
            var trial = plan.Trials[i];
            var score = s.Scores.Count > 0 ? Number(s.Scores[^1].Score) : "";
            var note = s.State switch
            {
                TrialState.Running => sweep.LastLogLines(i, 1).FirstOrDefault() ?? "",
                TrialState.Done when plan.Halving is not null && s.TargetSteps < plan.Steps && s.Scores.Count > 0 => $"stopped at rung {plan.Halving.Budgets.ToList().IndexOf(s.TargetSteps) + 1}",
                TrialState.Failed or TrialState.Cancelled => s.Message ?? "",
                _ => "",
            };
            var state = s.State switch
            {
                TrialState.Done => "[green]done[/]",
                TrialState.Failed => "[red]failed[/]",
                TrialState.Running => "[yellow]running[/]",
                TrialState.Cancelled => "[blue]cancelled[/]",
                _ => "pending",
            };
            table.AddRow(i.ToString(CultureInfo.InvariantCulture), trial.ConfigurationId, trial.Seed.ToString(CultureInfo.InvariantCulture), state,
                $"{s.Steps:N0}/{s.TargetSteps:N0}", score, s.WallSeconds.ToString("F1", CultureInfo.InvariantCulture), Markup.Escape(Shorten(note, 70)));
        }
        return table;
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    /// <summary>The status summary: counts, best so far, rungs, wall time, then each failed trial's last log lines.</summary>
    public static void PrintSummary(IAnsiConsole console, SweepSummary summary, string path)
    {
        var plan = summary.Plan;
        var halving = plan.Halving is { } h ? $", successive halving η={h.Eta} over {h.Budgets.Count} rungs" : "";
        console.WriteLine($"Sweep {plan.Name}: {plan.Algorithm} on {plan.Environment}, {plan.Configurations.Count} configurations × {plan.Seeds.Count} seeds = " +
                          $"{plan.Trials.Count} trials, {plan.Steps:N0} steps each{halving}; {plan.Metric} ({plan.Direction}) — {path}");
        console.WriteLine(string.Join(" · ", new[] { TrialState.Done, TrialState.Running, TrialState.Failed, TrialState.Pending, TrialState.Cancelled }
            .Select(s => $"{Word(s)} {summary.Counts[s]}")));
        foreach (var rung in summary.Rungs)
            console.WriteLine($"Rung {rung.Number}: {rung.Budget:N0} steps, {rung.Configurations} configurations, {rung.TrialsDone} trials done");
        if (summary.Best is { } best)
        {
            // Ranked as sweep report ranks (SweepRanking): once every trial is done, this is the report's best.
            console.WriteLine($"Best so far: {best.ConfigurationId} ({plan.Configuration(best.ConfigurationId).Describe()}): " +
                              $"{SweepRanking.StatisticName} {plan.Metric} {Number(best.Iqm)} (mean {Number(best.MeanScore)}) over {best.Seeds} seed(s) at {best.Budget:N0} steps");
        }
        var sessions = summary.Sessions;
        var executors = string.Join(", ", sessions.Select(s => s.Executor == "local" ? $"local ×{s.Workers}" : s.Executor).Distinct());
        console.WriteLine($"Wall time: {summary.WallSeconds.ToString("F1", CultureInfo.InvariantCulture)} s over {sessions.Count} session(s)" +
                          (sessions.Count > 0 ? $" ({executors})" : "") +
                          $"; trial time {summary.TrialSeconds.ToString("F1", CultureInfo.InvariantCulture)} s in all (CPU {summary.TrialCpuSeconds.ToString("F1", CultureInfo.InvariantCulture)} s); " +
                          $"{summary.TotalSteps:N0} steps trained");
    }

    /// <summary>Each failed trial: its message and the last lines of its log.</summary>
    public static void PrintFailures(IAnsiConsole console, SweepDirectory sweep, IReadOnlyList<TrialStatus> statuses)
    {
        for (var i = 0; i < statuses.Count; i++)
        {
            if (statuses[i].State != TrialState.Failed) continue;
            console.WriteLine($"Task {i} ({Describe(sweep, i)}) failed (exit code {statuses[i].ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}): {statuses[i].Message}");
            var lines = statuses[i].LastLines.Count > 0 ? statuses[i].LastLines : sweep.LastLogLines(i);
            foreach (var line in lines) console.WriteLine("    | " + line);
        }
    }
}
