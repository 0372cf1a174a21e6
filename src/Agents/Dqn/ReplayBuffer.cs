using RLArena.Core.Errors;
using RLArena.Core.Reproducibility;
using RLArena.Engine.Reproducibility;

namespace RLArena.Agents.Dqn;

/// <summary>
/// DQN's experience replay: a ring of <see cref="Capacity"/> transitions held in contiguous preallocated arrays
/// (no allocation per step). A transition keeps the real next observation (for a truncated episode that is its
/// final observation, not the reset one) and whether the episode terminated there, so the TD target bootstraps
/// truncated episodes and not terminated ones. Sampling is uniform with replacement (as SB3) from the run's
/// <see cref="Rng"/>. The whole buffer serialises to bytes for checkpoints.
/// </summary>
public sealed class ReplayBuffer
{
    private readonly float[] _observations;
    private readonly float[] _nextObservations;
    private readonly bool[] _nextMasks;
    private readonly int[] _actions;
    private readonly float[] _rewards;
    private readonly bool[] _terminated;

    /// <summary>An empty ring buffer for <paramref name="capacity"/> transitions, allocated once.</summary>
    /// <param name="capacity">The most transitions it holds (buffer_size); the oldest are overwritten.</param>
    /// <param name="observationSize">Values per observation.</param>
    /// <param name="actionCount">The number of discrete actions (for the next-state masks).</param>
    public ReplayBuffer(int capacity, int observationSize, int actionCount)
    {
        if (capacity <= 0) throw new UsageException($"buffer_size={capacity}: the replay buffer needs room for at least one transition.");
        Capacity = capacity;
        ObservationSize = observationSize;
        ActionCount = actionCount;
        _observations = new float[(long)capacity * observationSize];
        _nextObservations = new float[(long)capacity * observationSize];
        _nextMasks = new bool[(long)capacity * actionCount];
        _actions = new int[capacity];
        _rewards = new float[capacity];
        _terminated = new bool[capacity];
    }

    /// <summary>The most transitions it holds.</summary>
    public int Capacity { get; }
    /// <summary>Values per observation.</summary>
    public int ObservationSize { get; }
    /// <summary>The number of discrete actions.</summary>
    public int ActionCount { get; }

    /// <summary>Transitions held (grows to <see cref="Capacity"/>, then stays).</summary>
    public int Count { get; private set; }

    /// <summary>Where the next transition goes.</summary>
    public int Position { get; private set; }

    /// <summary>Stores one transition, overwriting the oldest when full.</summary>
    public void Add(ReadOnlySpan<float> observation, int action, float reward, ReadOnlySpan<float> nextObservation,
        bool terminated, ReadOnlySpan<bool> nextMask)
    {
        observation.CopyTo(_observations.AsSpan(Position * ObservationSize, ObservationSize));
        nextObservation.CopyTo(_nextObservations.AsSpan(Position * ObservationSize, ObservationSize));
        if (nextMask.Length == ActionCount) nextMask.CopyTo(_nextMasks.AsSpan(Position * ActionCount, ActionCount));
        else _nextMasks.AsSpan(Position * ActionCount, ActionCount).Fill(true);
        _actions[Position] = action;
        _rewards[Position] = reward;
        _terminated[Position] = terminated;
        Position = (Position + 1) % Capacity;
        if (Count < Capacity) Count++;
    }

    /// <summary>Draws <paramref name="batch"/>.Size transitions uniformly (with replacement) into the batch arrays.</summary>
    public void Sample(Rng rng, ReplayBatch batch)
    {
        if (Count == 0) throw new InvalidOperationException("cannot sample from an empty replay buffer");
        for (var b = 0; b < batch.Size; b++) batch.Indices[b] = rng.NextInt(Count);
        Gather(batch);
    }

    /// <summary>Copies the transitions at <see cref="ReplayBatch.Indices"/> into the batch arrays.</summary>
    public void Gather(ReplayBatch batch)
    {
        for (var b = 0; b < batch.Size; b++)
        {
            var i = batch.Indices[b];
            _observations.AsSpan(i * ObservationSize, ObservationSize).CopyTo(batch.Observations.AsSpan(b * ObservationSize));
            _nextObservations.AsSpan(i * ObservationSize, ObservationSize).CopyTo(batch.NextObservations.AsSpan(b * ObservationSize));
            _nextMasks.AsSpan(i * ActionCount, ActionCount).CopyTo(batch.NextMasks.AsSpan(b * ActionCount));
            batch.Actions[b] = _actions[i];
            batch.Rewards[b] = _rewards[i];
            batch.Terminated[b] = _terminated[i] ? 1f : 0f;
        }
    }

    /// <summary>The whole buffer as bytes (sizes, position, then every array), for a checkpoint section.</summary>
    public byte[] Serialize()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Capacity);
            writer.Write(ObservationSize);
            writer.Write(ActionCount);
            writer.Write(Count);
            writer.Write(Position);
            var n = Count < Capacity ? Count : Capacity;
            WriteSpan(writer, _observations.AsSpan(0, n * ObservationSize));
            WriteSpan(writer, _nextObservations.AsSpan(0, n * ObservationSize));
            WriteSpan(writer, _nextMasks.AsSpan(0, n * ActionCount));
            WriteSpan(writer, _actions.AsSpan(0, n));
            WriteSpan(writer, _rewards.AsSpan(0, n));
            WriteSpan(writer, _terminated.AsSpan(0, n));
        }
        return stream.ToArray();
    }

    /// <summary>Restores a buffer written by <see cref="Serialize"/>; its sizes must match this one.</summary>
    public void Restore(byte[] bytes, string source)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes));
            var capacity = reader.ReadInt32();
            var observationSize = reader.ReadInt32();
            var actionCount = reader.ReadInt32();
            if (capacity != Capacity || observationSize != ObservationSize || actionCount != ActionCount)
            {
                throw new UserFacingException(
                    $"{source}: its replay buffer holds {capacity} transitions of {observationSize} observations and {actionCount} actions; " +
                    $"this run expects {Capacity}, {ObservationSize} and {ActionCount}. Resume with the settings the run was started with.");
            }
            var count = reader.ReadInt32();
            var position = reader.ReadInt32();
            if (count < 0 || count > capacity || position < 0 || position >= capacity)
                throw new InvalidDataException("bad counters");
            ReadSpan(reader, _observations.AsSpan(0, count * ObservationSize));
            ReadSpan(reader, _nextObservations.AsSpan(0, count * ObservationSize));
            ReadSpan(reader, _nextMasks.AsSpan(0, count * ActionCount));
            ReadSpan(reader, _actions.AsSpan(0, count));
            ReadSpan(reader, _rewards.AsSpan(0, count));
            ReadSpan(reader, _terminated.AsSpan(0, count));
            Count = count;
            Position = position;
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            throw new UserFacingException($"{source}: its replay buffer section is truncated or corrupt; resume from another checkpoint.");
        }
    }

    private static void WriteSpan<T>(BinaryWriter writer, Span<T> values) where T : unmanaged =>
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));

    private static void ReadSpan<T>(BinaryReader reader, Span<T> target) where T : unmanaged
    {
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(target);
        var read = reader.Read(bytes);
        if (read != bytes.Length) throw new EndOfStreamException();
    }
}

/// <summary>A preallocated minibatch of transitions, filled by <see cref="ReplayBuffer.Sample"/>.</summary>
public sealed class ReplayBatch
{
    /// <summary>A batch of <paramref name="size"/> transitions, allocated once and refilled by every sample.</summary>
    /// <param name="size">Transitions per batch (batch_size).</param>
    /// <param name="observationSize">Values per observation.</param>
    /// <param name="actionCount">The number of discrete actions.</param>
    public ReplayBatch(int size, int observationSize, int actionCount)
    {
        Size = size;
        Indices = new int[size];
        Observations = new float[size * observationSize];
        NextObservations = new float[size * observationSize];
        NextMasks = new bool[size * actionCount];
        Actions = new long[size];
        Rewards = new float[size];
        Terminated = new float[size];
    }

    /// <summary>Transitions in the batch.</summary>
    public int Size { get; }
    /// <summary>Where each transition sits in the buffer.</summary>
    public int[] Indices { get; }
    /// <summary>Observations, Size × observation size.</summary>
    public float[] Observations { get; }
    /// <summary>Next observations, Size × observation size.</summary>
    public float[] NextObservations { get; }
    /// <summary>Allowed actions in the next states, Size × action count.</summary>
    public bool[] NextMasks { get; }
    /// <summary>The actions taken.</summary>
    public long[] Actions { get; }
    /// <summary>The rewards received.</summary>
    public float[] Rewards { get; }

    /// <summary>1 where the episode terminated at this transition (no bootstrap), else 0.</summary>
    public float[] Terminated { get; }
}
