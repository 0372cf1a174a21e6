using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;

namespace RLArena.Environments.Wrappers;

/// <summary>
/// Base of wrappers (Gymnasium's <c>Wrapper</c>): forwards everything to <see cref="Inner"/>; subclasses override
/// what they change. <see cref="EnvironmentExtensions.Find{T}"/> walks the chain.
/// </summary>
public abstract class EnvironmentWrapper : IEnvironment, IEpisodeSuccess
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

    public virtual void Reset(int? seed, Span<float> observation) => Inner.Reset(seed, observation);

    public virtual StepOutcome Step(int action, Span<float> observation) => Inner.Step(action, observation);

    public virtual void WriteActionMask(Span<bool> mask) => Inner.WriteActionMask(mask);

    public virtual Scene Describe() => Inner.Describe();

    public virtual EnvMetadata Metadata => Inner.Metadata;

    public bool? EpisodeSucceeded => Inner is IEpisodeSuccess s ? s.EpisodeSucceeded : null;
}
