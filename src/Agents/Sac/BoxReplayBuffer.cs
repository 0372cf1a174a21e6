using RLArena.Agents.OffPolicy;
using RLArena.Core.Reproducibility;

namespace RLArena.Agents.Sac;

/// <summary>
/// The replay buffer for Box (real-valued) actions: a <see cref="ReplayStorage"/> ring, like DQN's (preallocated,
/// uniform sampling with replacement from the run's <see cref="Rng"/>, serialisable so a resumed run continues
/// exactly), whose transitions also hold the action vector sent to the environment.
/// </summary>
public sealed class BoxReplayBuffer
{
    private readonly ReplayStorage _storage;
    private readonly float[] _actions;

    /// <param name="capacity">Transitions held at most.</param>
    /// <param name="observationSize">Observation length.</param>
    /// <param name="actionSize">Action vector length.</param>
    public BoxReplayBuffer(int capacity, int observationSize, int actionSize)
    {
        _storage = new ReplayStorage(capacity, observationSize, actionSize);
        _actions = _storage.AddColumn<float>(actionSize);
        ActionSize = actionSize;
    }

    /// <summary>Transitions held at most.</summary>
    public int Capacity => _storage.Capacity;

    /// <summary>Observation length.</summary>
    public int ObservationSize => _storage.ObservationSize;

    /// <summary>Action vector length.</summary>
    public int ActionSize { get; }

    /// <summary>Transitions held (grows to <see cref="Capacity"/>, then stays).</summary>
    public int Count => _storage.Count;

    /// <summary>Where the next transition goes.</summary>
    public int Position => _storage.Position;

    /// <summary>Stores one transition, overwriting the oldest when full.</summary>
    /// <param name="observation">The observation the action was taken in.</param>
    /// <param name="action">The action sent to the environment.</param>
    /// <param name="reward">The reward received.</param>
    /// <param name="nextObservation">The real next observation (the final one where the episode ended).</param>
    /// <param name="terminated">True where the episode terminated (no bootstrap); false for truncation.</param>
    public void Add(ReadOnlySpan<float> observation, ReadOnlySpan<float> action, float reward, ReadOnlySpan<float> nextObservation, bool terminated)
    {
        action.CopyTo(_actions.AsSpan(_storage.Position * ActionSize, ActionSize));
        _storage.Commit(observation, reward, nextObservation, terminated);
    }

    /// <summary>Draws <paramref name="batch"/>.Size transitions uniformly (with replacement) into the batch arrays.</summary>
    /// <param name="rng">The run's generator.</param>
    /// <param name="batch">The preallocated batch to fill.</param>
    public void Sample(Rng rng, BoxReplayBatch batch)
    {
        _storage.Sample(rng, batch);
        for (var b = 0; b < batch.Size; b++)
            _actions.AsSpan(batch.Indices[b] * ActionSize, ActionSize).CopyTo(batch.Actions.AsSpan(b * ActionSize));
    }

    /// <summary>The whole buffer as bytes (sizes, position, then every array), for a checkpoint section.</summary>
    public byte[] Serialize() => _storage.Serialize();

    /// <summary>Restores a buffer written by <see cref="Serialize"/>; its sizes must match this one.</summary>
    /// <param name="bytes">What <see cref="Serialize"/> returned.</param>
    /// <param name="source">Names the file in messages ("checkpoint 'runs/x/checkpoint.ckpt'").</param>
    public void Restore(byte[] bytes, string source) => _storage.Restore(bytes, source);
}

/// <summary>A preallocated minibatch of Box transitions, filled by <see cref="BoxReplayBuffer.Sample"/>.</summary>
public sealed class BoxReplayBatch : TransitionBatch
{
    /// <param name="size">Transitions per batch.</param>
    /// <param name="observationSize">Observation length.</param>
    /// <param name="actionSize">Action vector length.</param>
    public BoxReplayBatch(int size, int observationSize, int actionSize) : base(size, observationSize) =>
        Actions = new float[size * actionSize];

    /// <summary>Actions, row-major [Size × action size].</summary>
    public float[] Actions { get; }
}
