using RLArena.Environments.Snapshots;
using RLArena.Environments.Vector;

namespace RLArena.Environments.Wrappers;

/// <summary>
/// Gymnasium's <c>RecordEpisodeStatistics</c>: sums rewards and counts steps, and when an episode ends (terminated
/// or truncated) records it in <see cref="LastEpisode"/> and the most recent <see cref="RecentEpisodes"/>.
/// </summary>
public sealed class EpisodeStatistics : EnvironmentWrapper
{
    private readonly Queue<EpisodeRecord> _recent;
    private readonly int _capacity;

    public EpisodeStatistics(IEnvironment inner, int recentCapacity = 100, int envIndex = 0) : base(inner)
    {
        if (recentCapacity < 1) throw new ArgumentOutOfRangeException(nameof(recentCapacity), recentCapacity, "keep at least 1 recent episode.");
        _capacity = recentCapacity;
        _recent = new Queue<EpisodeRecord>(recentCapacity);
        EnvIndex = envIndex;
    }

    /// <summary>The index written into each <see cref="EpisodeRecord"/>.</summary>
    public int EnvIndex { get; }

    /// <summary>Return of the running episode so far.</summary>
    public double EpisodeReturn { get; private set; }

    /// <summary>Steps of the running episode so far.</summary>
    public int EpisodeLength { get; private set; }

    /// <summary>How many episodes have finished since this wrapper was made.</summary>
    public int EpisodeCount { get; private set; }

    /// <summary>The episode that ended most recently, or null if none has.</summary>
    public EpisodeRecord? LastEpisode { get; private set; }

    /// <summary>The most recent finished episodes, oldest first (at most the capacity given).</summary>
    public IReadOnlyCollection<EpisodeRecord> RecentEpisodes => _recent;

    public override void Reset(int? seed, Span<float> observation)
    {
        Inner.Reset(seed, observation);
        EpisodeReturn = 0;
        EpisodeLength = 0;
    }

    public override StepOutcome Step(int action, Span<float> observation)
    {
        return Record(Inner.Step(action, observation));
    }

    /// <summary>A continuous step, recorded like a discrete one.</summary>
    /// <param name="action">The action values (<see cref="EnvironmentWrapper.ContinuousActionSpace"/>.Size floats).</param>
    /// <param name="observation">Receives the next observation.</param>
    public override StepOutcome Step(ReadOnlySpan<float> action, Span<float> observation) => Record(Inner.Step(action, observation));

    private StepOutcome Record(StepOutcome outcome)
    {
        EpisodeReturn += outcome.Reward;
        EpisodeLength++;
        if (outcome.Done)
        {
            var record = new EpisodeRecord(EnvIndex, EpisodeReturn, EpisodeLength, EpisodeSucceeded);
            LastEpisode = record;
            EpisodeCount++;
            if (_recent.Count == _capacity) _recent.Dequeue();
            _recent.Enqueue(record);
        }
        return outcome;
    }

    /// <summary>Writes the running episode's sums, the counts and the recent episodes, then the wrapped environment's snapshot.</summary>
    public override void SaveSnapshot(BinaryWriter writer)
    {
        SnapshotFormat.WriteTag(writer, "episode_statistics");
        writer.Write(EpisodeReturn);
        writer.Write(EpisodeLength);
        writer.Write(EpisodeCount);
        writer.Write(LastEpisode is not null);
        if (LastEpisode is { } last) SnapshotFormat.WriteRecord(writer, last);
        writer.Write(_recent.Count);
        foreach (var record in _recent) SnapshotFormat.WriteRecord(writer, record);
        base.SaveSnapshot(writer);
    }

    /// <summary>Restores what <see cref="SaveSnapshot"/> wrote.</summary>
    public override void LoadSnapshot(BinaryReader reader)
    {
        SnapshotFormat.ReadTag(reader, "episode_statistics");
        EpisodeReturn = reader.ReadDouble();
        EpisodeLength = reader.ReadInt32();
        EpisodeCount = reader.ReadInt32();
        LastEpisode = reader.ReadBoolean() ? SnapshotFormat.ReadRecord(reader) : null;
        var count = reader.ReadInt32();
        if (count < 0 || count > _capacity) throw new InvalidDataException($"the snapshot holds {count} recent episodes; this wrapper keeps at most {_capacity}");
        _recent.Clear();
        for (var i = 0; i < count; i++) _recent.Enqueue(SnapshotFormat.ReadRecord(reader));
        base.LoadSnapshot(reader);
    }
}
