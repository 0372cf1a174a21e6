using RLArena.Environments.Snapshots;
using RLArena.Environments.Spaces;

namespace RLArena.Environments.Wrappers;

/// <summary>
/// Gymnasium's <c>NormalizeObservation</c> (v0.29.1): every observation, the first one of an episode included, first
/// updates the running mean and variance (<see cref="RunningMeanStd"/>) and is then returned as
/// <c>(obs − mean) / sqrt(var + epsilon)</c>, computed in float64 and stored as float32. Nothing is clipped (as in
/// Gymnasium; add a clip yourself where you want one). Its observation space is unbounded, since normalised values may
/// leave the original bounds. <see cref="Frozen"/> stops the updates (for evaluation).
/// </summary>
public sealed class NormalizeObservation : EnvironmentWrapper, IRunningStatistics
{
    private const string SnapshotTag = "normalize_observation";

    /// <summary>Normalises the observations of <paramref name="inner"/>.</summary>
    /// <param name="inner">The environment to wrap.</param>
    /// <param name="epsilon">Added to the variance before the square root (Gymnasium's default 1e-8); in (0, 1].</param>
    public NormalizeObservation(IEnvironment inner, double epsilon = 1e-8) : base(inner)
    {
        if (!(epsilon > 0 && epsilon <= 1)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be in (0, 1]; Gymnasium's default is 1e-8.");
        Epsilon = epsilon;
        var space = inner.ObservationSpace;
        ObservationSpace = BoxSpace.Uniform(space.Shape, float.NegativeInfinity, float.PositiveInfinity);
        Statistics = new RunningMeanStd(space.Size);
    }

    /// <summary>Added to the variance before the square root.</summary>
    public double Epsilon { get; }

    /// <summary>The wrapped environment's shape, without bounds (normalised values may lie anywhere).</summary>
    public override BoxSpace ObservationSpace { get; }

    /// <inheritdoc/>
    public string Kind => "observation";

    /// <inheritdoc/>
    public RunningMeanStd Statistics { get; }

    /// <inheritdoc/>
    public bool Frozen { get; set; }

    /// <summary>Resets the wrapped environment and returns its first observation normalised.</summary>
    /// <param name="seed">The seed, or null to continue the stream.</param>
    /// <param name="observation">Receives the normalised observation.</param>
    public override void Reset(int? seed, Span<float> observation)
    {
        Inner.Reset(seed, observation);
        Normalize(observation);
    }

    /// <summary>Steps the wrapped environment and returns the next observation normalised.</summary>
    /// <param name="action">The discrete action.</param>
    /// <param name="observation">Receives the normalised observation.</param>
    public override StepOutcome Step(int action, Span<float> observation)
    {
        var outcome = Inner.Step(action, observation);
        Normalize(observation);
        return outcome;
    }

    /// <summary>Steps the wrapped environment with a continuous action and returns the next observation normalised.</summary>
    /// <param name="action">The action values.</param>
    /// <param name="observation">Receives the normalised observation.</param>
    public override StepOutcome Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        var outcome = Inner.Step(action, observation);
        Normalize(observation);
        return outcome;
    }

    /// <inheritdoc/>
    public void Save(BinaryWriter writer)
    {
        SnapshotFormat.WriteTag(writer, SnapshotTag);
        Statistics.Write(writer);
    }

    /// <inheritdoc/>
    public void Load(BinaryReader reader)
    {
        SnapshotFormat.ReadTag(reader, SnapshotTag);
        Statistics.Read(reader);
    }

    /// <summary>Writes the statistics and whether they are frozen, then the wrapped environment's snapshot.</summary>
    /// <param name="writer">Where to write.</param>
    public override void SaveSnapshot(BinaryWriter writer)
    {
        Save(writer);
        writer.Write(Frozen);
        base.SaveSnapshot(writer);
    }

    /// <summary>Restores what <see cref="SaveSnapshot"/> wrote.</summary>
    /// <param name="reader">Where to read.</param>
    public override void LoadSnapshot(BinaryReader reader)
    {
        Load(reader);
        Frozen = reader.ReadBoolean();
        base.LoadSnapshot(reader);
    }

    private void Normalize(Span<float> observation)
    {
        if (!Frozen) Statistics.Update(observation);
        Statistics.Normalize(observation, observation, Epsilon);
    }
}
