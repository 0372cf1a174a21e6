using System.Runtime.InteropServices;
using RLArena.Core.Errors;
using RLArena.Core.Reproducibility;

namespace RLArena.Agents.Sac;

/// <summary>
/// The replay buffer for Box (real-valued) actions: a ring of <see cref="Capacity"/> transitions in contiguous
/// preallocated arrays (no allocation per step), like DQN's. A transition keeps the real next observation (a
/// truncated episode's final observation, not the reset one) and whether the episode terminated there, so the soft
/// target bootstraps truncated episodes and not terminated ones. Sampling is uniform with replacement from the run's
/// <see cref="Rng"/>. The whole buffer serialises to bytes for checkpoints, so a resumed run continues exactly.
/// </summary>
public sealed class BoxReplayBuffer
{
    private readonly float[] _observations;
    private readonly float[] _nextObservations;
    private readonly float[] _actions;
    private readonly float[] _rewards;
    private readonly bool[] _terminated;

    /// <param name="capacity">Transitions held at most.</param>
    /// <param name="observationSize">Observation length.</param>
    /// <param name="actionSize">Action vector length.</param>
    public BoxReplayBuffer(int capacity, int observationSize, int actionSize)
    {
        if (capacity <= 0) throw new UsageException($"buffer_size={capacity}: the replay buffer needs room for at least one transition.");
        Capacity = capacity;
        ObservationSize = observationSize;
        ActionSize = actionSize;
        _observations = new float[(long)capacity * observationSize];
        _nextObservations = new float[(long)capacity * observationSize];
        _actions = new float[(long)capacity * actionSize];
        _rewards = new float[capacity];
        _terminated = new bool[capacity];
    }

    /// <summary>Transitions held at most.</summary>
    public int Capacity { get; }

    /// <summary>Observation length.</summary>
    public int ObservationSize { get; }

    /// <summary>Action vector length.</summary>
    public int ActionSize { get; }

    /// <summary>Transitions held (grows to <see cref="Capacity"/>, then stays).</summary>
    public int Count { get; private set; }

    /// <summary>Where the next transition goes.</summary>
    public int Position { get; private set; }

    /// <summary>Stores one transition, overwriting the oldest when full.</summary>
    /// <param name="observation">The observation the action was taken in.</param>
    /// <param name="action">The action sent to the environment.</param>
    /// <param name="reward">The reward received.</param>
    /// <param name="nextObservation">The real next observation (the final one where the episode ended).</param>
    /// <param name="terminated">True where the episode terminated (no bootstrap); false for truncation.</param>
    public void Add(ReadOnlySpan<float> observation, ReadOnlySpan<float> action, float reward, ReadOnlySpan<float> nextObservation, bool terminated)
    {
        observation.CopyTo(_observations.AsSpan(Position * ObservationSize, ObservationSize));
        nextObservation.CopyTo(_nextObservations.AsSpan(Position * ObservationSize, ObservationSize));
        action.CopyTo(_actions.AsSpan(Position * ActionSize, ActionSize));
        _rewards[Position] = reward;
        _terminated[Position] = terminated;
        Position = (Position + 1) % Capacity;
        if (Count < Capacity) Count++;
    }

    /// <summary>Draws <paramref name="batch"/>.Size transitions uniformly (with replacement) into the batch arrays.</summary>
    /// <param name="rng">The run's generator.</param>
    /// <param name="batch">The preallocated batch to fill.</param>
    public void Sample(Rng rng, BoxReplayBatch batch)
    {
        if (Count == 0) throw new InvalidOperationException("cannot sample from an empty replay buffer");
        for (var b = 0; b < batch.Size; b++)
        {
            var i = rng.NextInt(Count);
            _observations.AsSpan(i * ObservationSize, ObservationSize).CopyTo(batch.Observations.AsSpan(b * ObservationSize));
            _nextObservations.AsSpan(i * ObservationSize, ObservationSize).CopyTo(batch.NextObservations.AsSpan(b * ObservationSize));
            _actions.AsSpan(i * ActionSize, ActionSize).CopyTo(batch.Actions.AsSpan(b * ActionSize));
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
            writer.Write(ActionSize);
            writer.Write(Count);
            writer.Write(Position);
            writer.Write(MemoryMarshal.AsBytes(_observations.AsSpan(0, Count * ObservationSize)));
            writer.Write(MemoryMarshal.AsBytes(_nextObservations.AsSpan(0, Count * ObservationSize)));
            writer.Write(MemoryMarshal.AsBytes(_actions.AsSpan(0, Count * ActionSize)));
            writer.Write(MemoryMarshal.AsBytes(_rewards.AsSpan(0, Count)));
            writer.Write(MemoryMarshal.AsBytes(_terminated.AsSpan(0, Count)));
        }
        return stream.ToArray();
    }

    /// <summary>Restores a buffer written by <see cref="Serialize"/>; its sizes must match this one.</summary>
    /// <param name="bytes">What <see cref="Serialize"/> returned.</param>
    /// <param name="source">Names the file in messages ("checkpoint 'runs/x/checkpoint.ckpt'").</param>
    public void Restore(byte[] bytes, string source)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes));
            var capacity = reader.ReadInt32();
            var observationSize = reader.ReadInt32();
            var actionSize = reader.ReadInt32();
            if (capacity != Capacity || observationSize != ObservationSize || actionSize != ActionSize)
            {
                throw new UserFacingException(
                    $"{source}: its replay buffer holds {capacity} transitions of {observationSize} observations and {actionSize} actions; " +
                    $"this run expects {Capacity}, {ObservationSize} and {ActionSize}. Resume with the settings the run was started with.");
            }
            var count = reader.ReadInt32();
            var position = reader.ReadInt32();
            if (count < 0 || count > capacity || position < 0 || position >= capacity) throw new InvalidDataException("bad counters");
            Read(reader, _observations.AsSpan(0, count * ObservationSize));
            Read(reader, _nextObservations.AsSpan(0, count * ObservationSize));
            Read(reader, _actions.AsSpan(0, count * ActionSize));
            Read(reader, _rewards.AsSpan(0, count));
            Read(reader, _terminated.AsSpan(0, count));
            Count = count;
            Position = position;
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            throw new UserFacingException($"{source}: its replay buffer section is truncated or corrupt; resume from another checkpoint.");
        }
    }

    private static void Read<T>(BinaryReader reader, Span<T> target) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(target);
        if (reader.Read(bytes) != bytes.Length) throw new EndOfStreamException();
    }
}

/// <summary>A preallocated minibatch of Box transitions, filled by <see cref="BoxReplayBuffer.Sample"/>.</summary>
public sealed class BoxReplayBatch
{
    /// <param name="size">Transitions per batch.</param>
    /// <param name="observationSize">Observation length.</param>
    /// <param name="actionSize">Action vector length.</param>
    public BoxReplayBatch(int size, int observationSize, int actionSize)
    {
        Size = size;
        Observations = new float[size * observationSize];
        NextObservations = new float[size * observationSize];
        Actions = new float[size * actionSize];
        Rewards = new float[size];
        Terminated = new float[size];
    }

    /// <summary>Transitions per batch.</summary>
    public int Size { get; }

    /// <summary>Observations, row-major [Size × observation size].</summary>
    public float[] Observations { get; }

    /// <summary>Real next observations, row-major.</summary>
    public float[] NextObservations { get; }

    /// <summary>Actions, row-major [Size × action size].</summary>
    public float[] Actions { get; }

    /// <summary>Rewards.</summary>
    public float[] Rewards { get; }

    /// <summary>1 where the episode terminated at this transition (no bootstrap), else 0.</summary>
    public float[] Terminated { get; }
}
