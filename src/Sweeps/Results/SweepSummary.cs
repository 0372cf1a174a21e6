using RLArena.Sweeps.Planning;

namespace RLArena.Sweeps.Results;

/// <summary>One rung of successive halving as it stands: its budget, how many configurations and trials reached it.</summary>
/// <param name="Number">1-based rung number.</param>
/// <param name="Budget">Its step budget.</param>
/// <param name="Configurations">Configurations with at least one trial given this budget.</param>
/// <param name="TrialsDone">Trials done at this budget.</param>
public sealed record RungSummary(int Number, long Budget, int Configurations, int TrialsDone);

/// <summary>
/// Where a sweep stands, read from its files: trials per state, the best configuration so far, each rung, and the
/// wall time (the executor sessions' total, and every trial's own time summed).
/// </summary>
public sealed record SweepSummary
{
    /// <summary>The plan.</summary>
    public required SweepPlan Plan { get; init; }

    /// <summary>Every trial's status, by task number.</summary>
    public required IReadOnlyList<TrialStatus> Statuses { get; init; }

    /// <summary>How many trials are in each state.</summary>
    public required IReadOnlyDictionary<TrialState, int> Counts { get; init; }

    /// <summary>The best configuration so far, or null before any trial is done.</summary>
    public ConfigurationScore? Best { get; init; }

    /// <summary>Successive halving's rungs (empty for a plain sweep).</summary>
    public required IReadOnlyList<RungSummary> Rungs { get; init; }

    /// <summary>The executor sessions so far.</summary>
    public required IReadOnlyList<SweepSession> Sessions { get; init; }

    /// <summary>The sweep's wall time: the executor sessions' lengths summed.</summary>
    public double WallSeconds => Sessions.Sum(s => s.WallSeconds);

    /// <summary>Every trial's own time (training and evaluation, all sessions) summed: the compute it used.</summary>
    public double TrialSeconds => Statuses.Sum(s => s.WallSeconds);

    /// <summary>The CPU time every trial's processes used over the same spans, summed (0 where not recorded).</summary>
    public double TrialCpuSeconds => Statuses.Sum(s => s.CpuSeconds);

    /// <summary>Environment steps trained over all trials.</summary>
    public long TotalSteps => Statuses.Sum(s => s.Steps);

    /// <summary>Whether every trial has an outcome at the budget it last worked towards and none is waiting or running.</summary>
    public bool Complete => Counts[TrialState.Pending] == 0 && Counts[TrialState.Running] == 0 && Counts[TrialState.Cancelled] == 0;

    /// <summary>Reads the sweep's state from its files.</summary>
    /// <param name="sweep">The sweep.</param>
    public static SweepSummary Read(SweepDirectory sweep)
    {
        var plan = sweep.Plan;
        var statuses = sweep.ReadAllStatuses();
        var counts = Enum.GetValues<TrialState>().ToDictionary(s => s, s => statuses.Count(t => t.State == s));
        var rungs = new List<RungSummary>();
        if (plan.Halving is { } halving)
        {
            for (var i = 0; i < halving.Budgets.Count; i++)
            {
                var budget = halving.Budgets[i];
                var given = plan.Trials.Where(t => statuses[t.Index].TargetSteps >= budget || statuses[t.Index].IsDoneAt(budget)).ToList();
                rungs.Add(new RungSummary(i + 1, budget, given.Select(t => t.ConfigurationId).Distinct().Count(),
                    plan.Trials.Count(t => statuses[t.Index].IsDoneAt(budget))));
            }
        }
        return new SweepSummary
        {
            Plan = plan,
            Statuses = statuses,
            Counts = counts,
            Best = SweepRanking.Best(plan, statuses),
            Rungs = rungs,
            Sessions = sweep.ReadSessions(),
        };
    }
}
