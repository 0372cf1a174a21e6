using System.Runtime.InteropServices;
using RLArena.Core.Errors;
using RLArena.Core.Reproducibility;

namespace RLArena.Agents.OffPolicy;

/// <summary>
/// The ring of transitions behind DQN's and SAC's replay buffers: <see cref="Capacity"/> slots in contiguous
/// preallocated arrays (no allocation per step) for what every transition has (observation, real next observation,
/// reward, terminated), plus the columns an algorithm adds (<see cref="AddColumn{T}"/>: DQN's action index and
/// next-state mask, SAC's action vector). A transition keeps the real next observation (a truncated episode's final
/// one, not the reset one) and whether the episode terminated there, so targets bootstrap truncated episodes and not
/// terminated ones. Sampling is uniform with replacement from the run's <see cref="Rng"/>. The whole ring serialises
/// to bytes for checkpoints: sizes, count, position, the observations, the added columns in order, rewards, terminated.
/// </summary>
public sealed class ReplayStorage
{
    private readonly float[] _observations;
    private readonly float[] _nextObservations;
    private readonly float[] _rewards;
    private readonly bool[] _terminated;
    private readonly List<IColumn> _columns = [];

    /// <param name="capacity">The most transitions it holds (buffer_size); the oldest are overwritten.</param>
    /// <param name="observationSize">Values per observation.</param>
    /// <param name="actionWidth">What the checkpoint records about actions: the action count (DQN) or action length (SAC).</param>
    public ReplayStorage(int capacity, int observationSize, int actionWidth)
    {
        if (capacity <= 0) throw new UsageException($"buffer_size={capacity}: the replay buffer needs room for at least one transition.");
        Capacity = capacity;
        ObservationSize = observationSize;
        ActionWidth = actionWidth;
        _observations = new float[(long)capacity * observationSize];
        _nextObservations = new float[(long)capacity * observationSize];
        _rewards = new float[capacity];
        _terminated = new bool[capacity];
    }

    /// <summary>The most transitions it holds.</summary>
    public int Capacity { get; }

    /// <summary>Values per observation.</summary>
    public int ObservationSize { get; }

    /// <summary>The action count (DQN) or action length (SAC), checked when a checkpoint is restored.</summary>
    public int ActionWidth { get; }

    /// <summary>Transitions held (grows to <see cref="Capacity"/>, then stays).</summary>
    public int Count { get; private set; }

    /// <summary>Where the next transition goes.</summary>
    public int Position { get; private set; }

    /// <summary>
    /// Adds a column of <paramref name="width"/> values per transition, serialised after the next observations in
    /// the order the columns were added. Call it from the buffer's constructor only.
    /// </summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="width">Values per transition.</param>
    /// <returns>The column's array, Capacity × width, slot-major.</returns>
    public T[] AddColumn<T>(int width) where T : unmanaged
    {
        var column = new Column<T>(new T[(long)Capacity * width], width);
        _columns.Add(column);
        return column.Values;
    }

    /// <summary>
    /// Stores what every transition has in slot <see cref="Position"/> and moves on (overwriting the oldest when
    /// full); write the added columns at <see cref="Position"/> before calling it.
    /// </summary>
    /// <param name="observation">The observation the action was taken in.</param>
    /// <param name="reward">The reward received.</param>
    /// <param name="nextObservation">The real next observation (the final one where the episode ended).</param>
    /// <param name="terminated">True where the episode terminated (no bootstrap); false for truncation.</param>
    public void Commit(ReadOnlySpan<float> observation, float reward, ReadOnlySpan<float> nextObservation, bool terminated)
    {
        observation.CopyTo(_observations.AsSpan(Position * ObservationSize, ObservationSize));
        nextObservation.CopyTo(_nextObservations.AsSpan(Position * ObservationSize, ObservationSize));
        _rewards[Position] = reward;
        _terminated[Position] = terminated;
        Position = (Position + 1) % Capacity;
        if (Count < Capacity) Count++;
    }

    /// <summary>Draws <paramref name="batch"/>.Size slots uniformly (with replacement) into its indices and copies the shared parts.</summary>
    /// <param name="rng">The run's generator.</param>
    /// <param name="batch">The preallocated batch to fill.</param>
    public void Sample(Rng rng, TransitionBatch batch)
    {
        if (Count == 0) throw new InvalidOperationException("cannot sample from an empty replay buffer");
        for (var b = 0; b < batch.Size; b++) batch.Indices[b] = rng.NextInt(Count);
        Gather(batch);
    }

    /// <summary>Copies the observations, rewards and terminal flags at <see cref="TransitionBatch.Indices"/> into the batch.</summary>
    /// <param name="batch">The batch whose indices are set.</param>
    public void Gather(TransitionBatch batch)
    {
        for (var b = 0; b < batch.Size; b++)
        {
            var i = batch.Indices[b];
            _observations.AsSpan(i * ObservationSize, ObservationSize).CopyTo(batch.Observations.AsSpan(b * ObservationSize));
            _nextObservations.AsSpan(i * ObservationSize, ObservationSize).CopyTo(batch.NextObservations.AsSpan(b * ObservationSize));
            batch.Rewards[b] = _rewards[i];
            batch.Terminated[b] = _terminated[i] ? 1f : 0f;
        }
    }

    /// <summary>The whole ring as bytes (sizes, count, position, then every array), for a checkpoint section.</summary>
    public byte[] Serialize()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Capacity);
            writer.Write(ObservationSize);
            writer.Write(ActionWidth);
            writer.Write(Count);
            writer.Write(Position);
            writer.Write(MemoryMarshal.AsBytes(_observations.AsSpan(0, Count * ObservationSize)));
            writer.Write(MemoryMarshal.AsBytes(_nextObservations.AsSpan(0, Count * ObservationSize)));
            foreach (var column in _columns) column.Write(writer, Count);
            writer.Write(MemoryMarshal.AsBytes(_rewards.AsSpan(0, Count)));
            writer.Write(MemoryMarshal.AsBytes(_terminated.AsSpan(0, Count)));
        }
        return stream.ToArray();
    }

    /// <summary>Restores a ring written by <see cref="Serialize"/>; its sizes must match this one.</summary>
    /// <param name="bytes">What <see cref="Serialize"/> returned.</param>
    /// <param name="source">Names the file in messages ("checkpoint 'runs/x/checkpoint.ckpt'").</param>
    public void Restore(byte[] bytes, string source)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes));
            var capacity = reader.ReadInt32();
            var observationSize = reader.ReadInt32();
            var actionWidth = reader.ReadInt32();
            if (capacity != Capacity || observationSize != ObservationSize || actionWidth != ActionWidth)
            {
                throw new UserFacingException(
                    $"{source}: its replay buffer holds {capacity} transitions of {observationSize} observations and {actionWidth} actions; " +
                    $"this run expects {Capacity}, {ObservationSize} and {ActionWidth}. Resume with the settings the run was started with.");
            }
            var count = reader.ReadInt32();
            var position = reader.ReadInt32();
            if (count < 0 || count > capacity || position < 0 || position >= capacity) throw new InvalidDataException("bad counters");
            Read(reader, _observations.AsSpan(0, count * ObservationSize));
            Read(reader, _nextObservations.AsSpan(0, count * ObservationSize));
            foreach (var column in _columns) column.Read(reader, count);
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

    private interface IColumn
    {
        void Write(BinaryWriter writer, int count);

        void Read(BinaryReader reader, int count);
    }

    private sealed class Column<T>(T[] values, int width) : IColumn where T : unmanaged
    {
        public T[] Values { get; } = values;

        public void Write(BinaryWriter writer, int count) => writer.Write(MemoryMarshal.AsBytes(Values.AsSpan(0, count * width)));

        public void Read(BinaryReader reader, int count) => ReplayStorage.Read(reader, Values.AsSpan(0, count * width));
    }
}

/// <summary>
/// A preallocated minibatch of transitions, refilled by every sample: what DQN's and SAC's batches share (their own
/// classes add the actions, and DQN the next-state masks).
/// </summary>
public abstract class TransitionBatch
{
    /// <param name="size">Transitions per batch (batch_size).</param>
    /// <param name="observationSize">Values per observation.</param>
    protected TransitionBatch(int size, int observationSize)
    {
        Size = size;
        Indices = new int[size];
        Observations = new float[size * observationSize];
        NextObservations = new float[size * observationSize];
        Rewards = new float[size];
        Terminated = new float[size];
    }

    /// <summary>Transitions in the batch.</summary>
    public int Size { get; }

    /// <summary>Where each transition sits in the buffer.</summary>
    public int[] Indices { get; }

    /// <summary>Observations, row-major [Size × observation size].</summary>
    public float[] Observations { get; }

    /// <summary>Real next observations, row-major [Size × observation size].</summary>
    public float[] NextObservations { get; }

    /// <summary>The rewards received.</summary>
    public float[] Rewards { get; }

    /// <summary>1 where the episode terminated at this transition (no bootstrap), else 0.</summary>
    public float[] Terminated { get; }
}
