using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;

namespace RLArena.Environments.Wrappers;

/// <summary>
/// Base of wrappers (Gymnasium's <c>Wrapper</c>): forwards everything to <see cref="Inner"/>; subclasses override
/// what they change. <see cref="EnvironmentExtensions.Find{T}"/> walks the chain.
/// <para>Snapshots: a wrapper with no state of its own forwards to <see cref="Inner"/> when that supports them
/// (<see cref="CanSnapshot"/>). A wrapper that keeps state overrides <see cref="SaveSnapshot"/> and
/// <see cref="LoadSnapshot"/> to write it, then calls the base methods for the inner environment.</para>
/// </summary>
public abstract class EnvironmentWrapper : IEnvironment, IEpisodeSuccess, ISnapshotEnvironment
{
    private readonly string? _id;

    protected EnvironmentWrapper(IEnvironment inner, string? id = null)
    {
        Inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _id = id;
    }

    /// <summary>The wrapped environment.</summary>
    public IEnvironment Inner { get; }

    public virtual string Id => _id ?? Inner.Id;
    public virtual BoxSpace ObservationSpace => Inner.ObservationSpace;
    public virtual DiscreteSpace ActionSpace => Inner.ActionSpace;

    /// <summary>The wrapped environment's continuous action bounds (null when its actions are discrete).</summary>
    public virtual BoxSpace? ContinuousActionSpace => Inner.ContinuousActionSpace;

    public virtual void Reset(int? seed, Span<float> observation) => Inner.Reset(seed, observation);

    public virtual StepOutcome Step(int action, Span<float> observation) => Inner.Step(action, observation);

    /// <summary>Forwards a continuous step to the wrapped environment.</summary>
    /// <param name="action">The action values (<see cref="ContinuousActionSpace"/>.Size floats).</param>
    /// <param name="observation">Receives the next observation.</param>
    public virtual StepOutcome Step(ReadOnlySpan<float> action, Span<float> observation) => Inner.Step(action, observation);

    public virtual void WriteActionMask(Span<bool> mask) => Inner.WriteActionMask(mask);

    public virtual Scene Describe() => Inner.Describe();

    public virtual EnvMetadata Metadata => Inner.Metadata;

    public bool? EpisodeSucceeded => Inner is IEpisodeSuccess s ? s.EpisodeSucceeded : null;

    /// <summary>Whether the wrapped environment can take a snapshot (so this wrapper can).</summary>
    public virtual bool CanSnapshot => Inner is ISnapshotEnvironment s && s.CanSnapshot;

    /// <summary>Writes the wrapped environment's snapshot; throws <see cref="InvalidOperationException"/> when it has none.</summary>
    public virtual void SaveSnapshot(BinaryWriter writer) => InnerSnapshot().SaveSnapshot(writer);

    /// <summary>Restores the wrapped environment's snapshot.</summary>
    public virtual void LoadSnapshot(BinaryReader reader) => InnerSnapshot().LoadSnapshot(reader);

    private ISnapshotEnvironment InnerSnapshot() =>
        CanSnapshot ? (ISnapshotEnvironment)Inner
            : throw new InvalidOperationException($"{Id}: the wrapped environment ({Inner.GetType().Name}) does not implement ISnapshotEnvironment, so no snapshot can be taken.");
}
