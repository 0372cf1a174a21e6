using RLArena.Agents.OffPolicy;
using RLArena.Core.Reproducibility;

namespace RLArena.Agents.Dqn;

/// <summary>
/// DQN's experience replay: a <see cref="ReplayStorage"/> ring (preallocated, uniform sampling with replacement from
/// the run's <see cref="Rng"/>, serialisable for checkpoints) whose transitions also hold the action index and the
/// next state's allowed actions.
/// </summary>
public sealed class ReplayBuffer
{
    private readonly ReplayStorage _storage;
    private readonly bool[] _nextMasks;
    private readonly int[] _actions;

    /// <summary>An empty ring buffer for <paramref name="capacity"/> transitions, allocated once.</summary>
    /// <param name="capacity">The most transitions it holds (buffer_size); the oldest are overwritten.</param>
    /// <param name="observationSize">Values per observation.</param>
    /// <param name="actionCount">The number of discrete actions (for the next-state masks).</param>
    public ReplayBuffer(int capacity, int observationSize, int actionCount)
    {
        _storage = new ReplayStorage(capacity, observationSize, actionCount);
        _nextMasks = _storage.AddColumn<bool>(actionCount);
        _actions = _storage.AddColumn<int>(1);
        ActionCount = actionCount;
    }

    /// <summary>The most transitions it holds.</summary>
    public int Capacity => _storage.Capacity;
    /// <summary>Values per observation.</summary>
    public int ObservationSize => _storage.ObservationSize;
    /// <summary>The number of discrete actions.</summary>
    public int ActionCount { get; }

    /// <summary>Transitions held (grows to <see cref="Capacity"/>, then stays).</summary>
    public int Count => _storage.Count;

    /// <summary>Where the next transition goes.</summary>
    public int Position => _storage.Position;

    /// <summary>Stores one transition, overwriting the oldest when full.</summary>
    /// <param name="observation">The observation the action was taken in.</param>
    /// <param name="action">The action taken.</param>
    /// <param name="reward">The reward received.</param>
    /// <param name="nextObservation">The real next observation (the final one where the episode ended).</param>
    /// <param name="terminated">True where the episode terminated (no bootstrap); false for truncation.</param>
    /// <param name="nextMask">The next state's allowed actions; any other length means all are allowed.</param>
    public void Add(ReadOnlySpan<float> observation, int action, float reward, ReadOnlySpan<float> nextObservation,
        bool terminated, ReadOnlySpan<bool> nextMask)
    {
        var slot = _storage.Position;
        if (nextMask.Length == ActionCount) nextMask.CopyTo(_nextMasks.AsSpan(slot * ActionCount, ActionCount));
        else _nextMasks.AsSpan(slot * ActionCount, ActionCount).Fill(true);
        _actions[slot] = action;
        _storage.Commit(observation, reward, nextObservation, terminated);
    }

    /// <summary>Draws <paramref name="batch"/>.Size transitions uniformly (with replacement) into the batch arrays.</summary>
    /// <param name="rng">The run's generator.</param>
    /// <param name="batch">The preallocated batch to fill.</param>
    public void Sample(Rng rng, ReplayBatch batch)
    {
        _storage.Sample(rng, batch);
        GatherActions(batch);
    }

    /// <summary>Copies the transitions at <see cref="TransitionBatch.Indices"/> into the batch arrays.</summary>
    /// <param name="batch">The batch whose indices are set.</param>
    public void Gather(ReplayBatch batch)
    {
        _storage.Gather(batch);
        GatherActions(batch);
    }

    private void GatherActions(ReplayBatch batch)
    {
        for (var b = 0; b < batch.Size; b++)
        {
            var i = batch.Indices[b];
            _nextMasks.AsSpan(i * ActionCount, ActionCount).CopyTo(batch.NextMasks.AsSpan(b * ActionCount));
            batch.Actions[b] = _actions[i];
        }
    }

    /// <summary>The whole buffer as bytes (sizes, position, then every array), for a checkpoint section.</summary>
    public byte[] Serialize() => _storage.Serialize();

    /// <summary>Restores a buffer written by <see cref="Serialize"/>; its sizes must match this one.</summary>
    /// <param name="bytes">What <see cref="Serialize"/> returned.</param>
    /// <param name="source">Names the file in messages ("checkpoint 'runs/x/checkpoint.ckpt'").</param>
    public void Restore(byte[] bytes, string source) => _storage.Restore(bytes, source);
}

/// <summary>A preallocated minibatch of discrete-action transitions, filled by <see cref="ReplayBuffer.Sample"/>.</summary>
public sealed class ReplayBatch : TransitionBatch
{
    /// <summary>A batch of <paramref name="size"/> transitions, allocated once and refilled by every sample.</summary>
    /// <param name="size">Transitions per batch (batch_size).</param>
    /// <param name="observationSize">Values per observation.</param>
    /// <param name="actionCount">The number of discrete actions.</param>
    public ReplayBatch(int size, int observationSize, int actionCount) : base(size, observationSize)
    {
        NextMasks = new bool[size * actionCount];
        Actions = new long[size];
    }

    /// <summary>Allowed actions in the next states, Size × action count.</summary>
    public bool[] NextMasks { get; }
    /// <summary>The actions taken.</summary>
    public long[] Actions { get; }
}
