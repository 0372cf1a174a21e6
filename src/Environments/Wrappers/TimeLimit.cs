using RLArena.Environments.Snapshots;

namespace RLArena.Environments.Wrappers;

/// <summary>
/// Gymnasium's <c>TimeLimit</c>: the <see cref="MaxEpisodeSteps"/>-th step after a reset reports truncation
/// (never termination; a step that also terminates reports both). Stepping after the end throws.
/// </summary>
public sealed class TimeLimit : EnvironmentWrapper, ITimeLimited
{
    private EpisodePhase _phase = EpisodePhase.NeverReset;

    public TimeLimit(IEnvironment inner, int maxEpisodeSteps, string? id = null) : base(inner, id)
    {
        if (maxEpisodeSteps < 1) throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), maxEpisodeSteps, "the time limit must be at least 1 step.");
        MaxEpisodeSteps = maxEpisodeSteps;
    }

    public int MaxEpisodeSteps { get; }

    /// <summary>Steps taken since the last reset.</summary>
    public int ElapsedSteps { get; private set; }

    public override void Reset(int? seed, Span<float> observation)
    {
        Inner.Reset(seed, observation);
        ElapsedSteps = 0;
        _phase = EpisodePhase.Running;
    }

    public override StepOutcome Step(int action, Span<float> observation)
    {
        if (ContinuousActionSpace is { } box) throw EnvGuards.DiscreteStepOnContinuous(Id, box);
        EnvGuards.Action(action, ActionSpace.N, Id);
        EnvGuards.CanStep(_phase, Id);
        return Count(Inner.Step(action, observation));
    }

    /// <summary>A continuous step, counted against the limit like a discrete one.</summary>
    /// <param name="action">The action values (<see cref="EnvironmentWrapper.ContinuousActionSpace"/>.Size floats).</param>
    /// <param name="observation">Receives the next observation.</param>
    public override StepOutcome Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (ContinuousActionSpace is null) throw EnvGuards.ContinuousStepOnDiscrete(Id, ActionSpace);
        EnvGuards.CanStep(_phase, Id);
        return Count(Inner.Step(action, observation));
    }

    private StepOutcome Count(StepOutcome outcome)
    {
        ElapsedSteps++;
        var truncated = outcome.Truncated || ElapsedSteps >= MaxEpisodeSteps;
        if (outcome.Terminated || truncated) _phase = EpisodePhase.Ended;
        return new StepOutcome(outcome.Reward, outcome.Terminated, truncated);
    }

    /// <summary>Writes the step count and phase, then the wrapped environment's snapshot.</summary>
    public override void SaveSnapshot(BinaryWriter writer)
    {
        SnapshotFormat.WriteTag(writer, "time_limit");
        writer.Write(MaxEpisodeSteps);
        writer.Write(ElapsedSteps);
        SnapshotFormat.WritePhase(writer, _phase);
        base.SaveSnapshot(writer);
    }

    /// <summary>Restores what <see cref="SaveSnapshot"/> wrote.</summary>
    public override void LoadSnapshot(BinaryReader reader)
    {
        SnapshotFormat.ReadTag(reader, "time_limit");
        var limit = reader.ReadInt32();
        if (limit != MaxEpisodeSteps) throw new InvalidDataException($"the snapshot's time limit is {limit} steps, this one's {MaxEpisodeSteps}");
        ElapsedSteps = reader.ReadInt32();
        _phase = SnapshotFormat.ReadPhase(reader);
        base.LoadSnapshot(reader);
    }
}
