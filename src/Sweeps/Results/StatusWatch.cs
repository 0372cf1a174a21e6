namespace RLArena.Sweeps.Results;

/// <summary>
/// Follows a running sweep's status files cheaply: each <see cref="Changed"/> looks only at the files' sizes and
/// write times (and, with <c>watchLogs</c>, the logs of running trials, whose last line a live table shows) and
/// reads again only the status files that changed. A live table or progress lines are then redrawn only when
/// something they show has changed, not on every poll.
/// </summary>
public sealed class StatusWatch
{
    private readonly SweepDirectory _sweep;
    private readonly bool _watchLogs;
    private readonly (DateTime Written, long Length)[] _statusStamps;
    private readonly (DateTime Written, long Length)[] _logStamps;
    private readonly TrialStatus[] _statuses;

    /// <summary>Reads every status once.</summary>
    /// <param name="sweep">The sweep.</param>
    /// <param name="watchLogs">Also report a change when a running trial's log grows.</param>
    public StatusWatch(SweepDirectory sweep, bool watchLogs)
    {
        _sweep = sweep;
        _watchLogs = watchLogs;
        _statusStamps = new (DateTime, long)[sweep.TaskCount];
        _logStamps = new (DateTime, long)[sweep.TaskCount];
        _statuses = new TrialStatus[sweep.TaskCount];
        for (var task = 0; task < sweep.TaskCount; task++)
        {
            _statusStamps[task] = Stamp(sweep.TaskStatusPath(task));
            _logStamps[task] = Stamp(sweep.TaskLogPath(task));
            _statuses[task] = sweep.ReadStatus(task);
        }
    }

    /// <summary>Every trial's status as last read, by task number.</summary>
    public IReadOnlyList<TrialStatus> Statuses => _statuses;

    /// <summary>Looks for changes since the last call; re-reads the status files that changed. True when anything did.</summary>
    public bool Changed()
    {
        var changed = false;
        for (var task = 0; task < _statuses.Length; task++)
        {
            var stamp = Stamp(_sweep.TaskStatusPath(task));
            if (stamp != _statusStamps[task])
            {
                _statusStamps[task] = stamp;
                _statuses[task] = _sweep.ReadStatus(task);
                changed = true;
            }
            if (!_watchLogs || _statuses[task].State != TrialState.Running) continue;
            var log = Stamp(_sweep.TaskLogPath(task));
            if (log == _logStamps[task]) continue;
            _logStamps[task] = log;
            changed = true;
        }
        return changed;
    }

    private static (DateTime, long) Stamp(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? (file.LastWriteTimeUtc, file.Length) : (DateTime.MinValue, -1);
    }
}
