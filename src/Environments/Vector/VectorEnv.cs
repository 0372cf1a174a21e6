using System.Runtime.InteropServices;
using RLArena.Environments.Snapshots;
using RLArena.Environments.Spaces;

namespace RLArena.Environments.Vector;

/// <summary>
/// N environments stepped together with same-step autoreset, their observations and action masks kept in
/// contiguous row-major buffers (<c>[Count × ObservationSize]</c>, <c>[Count × ActionCount]</c>) that a learner
/// copies into a tensor in one call.
/// <para>
/// After <see cref="Step"/>: <see cref="Rewards"/>, <see cref="Terminated"/> and <see cref="Truncated"/> describe the
/// step just taken. Where a copy's episode ended, that copy has already been reset (without a seed, continuing its
/// stream): <see cref="Observations"/> holds the FIRST observation of its new episode, <see cref="FinalObservations"/>
/// the LAST observation of the episode that ended (to bootstrap truncated episodes), <see cref="ActionMasks"/> the
/// mask for the new observation, and <see cref="CompletedEpisodes"/> its return, length and success.
/// </para>
/// <para>Continuous actions: where the copies take Box actions (<see cref="ContinuousActionSpace"/> is set),
/// <see cref="Step(ReadOnlySpan{float})"/> takes <see cref="Count"/> × <see cref="ActionSize"/> floats laid out
/// env-major (copy i's action at [i·ActionSize, (i+1)·ActionSize)), with the same autoreset; <see cref="ActionCount"/>
/// is 0 and <see cref="ActionMasks"/> is empty.</para>
/// <para>Steps allocate nothing in steady state. Copies are stepped one after another on the calling thread, or
/// across cores with <c>parallel: true</c> (worth it only for environments whose step is expensive; it allocates a
/// little per step).</para>
/// <para>Snapshots (<see cref="ISnapshotEnvironment"/>): when every copy can take one (<see cref="CanSnapshot"/>),
/// the vector environment saves its own buffers and running episode sums and then each copy's snapshot, so a
/// training run continues exactly from a checkpoint without replaying its past.</para>
/// </summary>
public sealed class VectorEnv : ISnapshotEnvironment
{
    private const string SnapshotTag = "vector_env";

    private readonly IEnvironment[] _envs;
    private readonly double[] _returns;
    private readonly int[] _lengths;
    private readonly List<EpisodeRecord> _completed;
    private readonly EpisodeRecord?[] _pending;   // the episode copy i finished in this step, where it finished one
    private readonly bool[] _endedInParallel;
    private readonly bool _parallel;
    private bool _hasReset;

    public VectorEnv(IReadOnlyList<IEnvironment> envs, bool parallel = false)
    {
        ArgumentNullException.ThrowIfNull(envs);
        if (envs.Count == 0) throw new ArgumentException("a vector environment needs at least one environment.", nameof(envs));
        _envs = envs.ToArray();
        var first = _envs[0];
        for (var i = 1; i < _envs.Length; i++)
        {
            if (ReferenceEquals(_envs[i], _envs[i - 1]) || Array.IndexOf(_envs, _envs[i], 0, i) >= 0)
                throw new ArgumentException($"environment {i} is the same object as an earlier one; give each copy its own instance.", nameof(envs));
            if (!SameSpaces(first, _envs[i]))
                throw new ArgumentException(
                    $"environment {i} ({_envs[i].Id}: {_envs[i].ObservationSpace}, {_envs[i].DescribeActionSpace()}) does not share the spaces of environment 0 ({first.Id}: {first.ObservationSpace}, {first.DescribeActionSpace()}).",
                    nameof(envs));
        }

        Count = _envs.Length;
        ObservationSpace = first.ObservationSpace;
        ActionSpace = first.ActionSpace;
        ObservationSize = ObservationSpace.Size;
        ActionCount = ActionSpace.N;
        ContinuousActionSpace = first.ContinuousActionSpace;
        ActionSize = ContinuousActionSpace?.Size ?? 0;
        Observations = new float[Count * ObservationSize];
        FinalObservations = new float[Count * ObservationSize];
        ActionMasks = new bool[Count * ActionCount];
        Rewards = new float[Count];
        Terminated = new bool[Count];
        Truncated = new bool[Count];
        _returns = new double[Count];
        _lengths = new int[Count];
        _completed = new List<EpisodeRecord>(Count);
        _pending = new EpisodeRecord?[Count];
        _endedInParallel = new bool[Count];
        _parallel = parallel;
    }

    /// <summary><paramref name="count"/> environments made by <paramref name="factory"/>.</summary>
    public VectorEnv(Func<IEnvironment> factory, int count, bool parallel = false)
        : this(MakeAll(factory, count), parallel) { }

    /// <summary>How many environment copies are stepped together.</summary>
    public int Count { get; }

    /// <summary>The floats in one copy's observation.</summary>
    public int ObservationSize { get; }

    /// <summary>How many discrete actions one copy has (0 where the actions are continuous).</summary>
    public int ActionCount { get; }

    /// <summary>The floats in one copy's continuous action (0 where the actions are discrete).</summary>
    public int ActionSize { get; }

    /// <summary>The bounds of ONE copy's continuous action, or null where the actions are discrete.</summary>
    public BoxSpace? ContinuousActionSpace { get; }

    /// <summary>Whether the copies take continuous actions (step them with <see cref="Step(ReadOnlySpan{float})"/>).</summary>
    public bool IsContinuous => ContinuousActionSpace is not null;

    /// <summary>The space of ONE copy's observation (Gymnasium's <c>single_observation_space</c>).</summary>
    public BoxSpace ObservationSpace { get; }

    /// <summary>The space of ONE copy's action (Gymnasium's <c>single_action_space</c>).</summary>
    public DiscreteSpace ActionSpace { get; }

    /// <summary>The copies, in order (for renderers and tests).</summary>
    public IReadOnlyList<IEnvironment> Environments => _envs;

    /// <summary>Every copy's current observation, row-major [Count × ObservationSize].</summary>
    public float[] Observations { get; }

    /// <summary>Every copy's current action mask, row-major [Count × ActionCount] (empty for continuous actions).</summary>
    public bool[] ActionMasks { get; }

    /// <summary>Each copy's reward in the last step.</summary>
    public float[] Rewards { get; }

    /// <summary>Whether each copy's episode terminated in the last step.</summary>
    public bool[] Terminated { get; }

    /// <summary>Whether each copy's episode was truncated in the last step.</summary>
    public bool[] Truncated { get; }

    /// <summary>Each copy's last observation of the episode that ended in the last step, row-major [Count × ObservationSize].</summary>
    public float[] FinalObservations { get; }

    /// <summary>Episodes that ended in the last <see cref="Step"/>, in copy order.</summary>
    public IReadOnlyList<EpisodeRecord> CompletedEpisodes => _completed;

    /// <summary>The same as <see cref="CompletedEpisodes"/>, as a span (iterating it never allocates).</summary>
    public ReadOnlySpan<EpisodeRecord> CompletedEpisodesSpan => CollectionsMarshal.AsSpan(_completed);

    /// <summary>Copy i's observation row.</summary>
    public Span<float> Observation(int index) => Observations.AsSpan(index * ObservationSize, ObservationSize);

    /// <summary>Copy i's action-mask row.</summary>
    public Span<bool> ActionMask(int index) => ActionMasks.AsSpan(index * ActionCount, ActionCount);

    /// <summary>Copy i's final observation row (valid where its episode ended in the last step).</summary>
    public Span<float> FinalObservation(int index) => FinalObservations.AsSpan(index * ObservationSize, ObservationSize);

    /// <summary>Resets every copy, copy i with seed <paramref name="seed"/> + i (or all unseeded when null).</summary>
    public void Reset(int? seed)
    {
        if (seed is < 0) throw new ArgumentOutOfRangeException(nameof(seed), seed, "a seed must be non-negative.");
        if (seed > int.MaxValue - (Count - 1))
            throw new ArgumentOutOfRangeException(nameof(seed), seed, $"copies are seeded seed .. seed + {Count - 1}, which must stay below {int.MaxValue}.");
        for (var i = 0; i < Count; i++)
        {
            _envs[i].Reset(seed is { } s ? s + i : null, Observation(i));
            _envs[i].WriteActionMask(ActionMask(i));
            _returns[i] = 0;
            _lengths[i] = 0;
        }
        Array.Clear(Rewards);
        Array.Clear(Terminated);
        Array.Clear(Truncated);
        Array.Clear(FinalObservations);
        _completed.Clear();
        _hasReset = true;
    }

    /// <summary>Resets every copy, copy i with seed + i.</summary>
    public void Reset(int seed) => Reset((int?)seed);

    /// <summary>Steps every copy with its action; copies whose episode ends are reset in the same step.</summary>
    public void Step(ReadOnlySpan<int> actions)
    {
        if (actions.Length != Count)
            throw new ArgumentException($"expected {Count} actions (one per environment), got {actions.Length}.", nameof(actions));
        if (ContinuousActionSpace is { } box)
            throw new NotSupportedException($"{_envs[0].Id} takes continuous actions ({box.Describe()}); step the vector environment with {Count} × {ActionSize} floats, not integers.");
        if (!_hasReset) throw new InvalidOperationException("Step was called before Reset; call Reset(seed) first.");
        for (var i = 0; i < Count; i++)
        {
            if ((uint)actions[i] >= (uint)ActionCount)
                throw new ArgumentOutOfRangeException(nameof(actions), actions[i], $"action for environment {i} must be in 0..{ActionCount - 1}.");
        }

        _completed.Clear();
        if (_parallel && Count > 1)
        {
            StepInParallel(actions.ToArray());
        }
        else
        {
            for (var i = 0; i < Count; i++)
            {
                if (StepOne(i, actions[i])) _completed.Add(_pending[i]!.Value);
            }
        }
    }

    /// <summary>
    /// Steps every copy with its continuous action, <paramref name="actions"/> laid out env-major (copy i's action at
    /// [i·ActionSize, (i+1)·ActionSize)); copies whose episode ends are reset in the same step. The environments clip
    /// out-of-bounds values; NaN is refused with <see cref="ArgumentException"/>.
    /// </summary>
    /// <param name="actions"><see cref="Count"/> × <see cref="ActionSize"/> floats.</param>
    public void Step(ReadOnlySpan<float> actions)
    {
        if (ContinuousActionSpace is null)
            throw new NotSupportedException($"{_envs[0].Id} takes discrete actions ({ActionSpace}); step the vector environment with {Count} integers, not floats.");
        if (actions.Length != Count * ActionSize)
            throw new ArgumentException($"expected {Count * ActionSize} action values ({Count} environments × {ActionSize}), got {actions.Length}.", nameof(actions));
        if (!_hasReset) throw new InvalidOperationException("Step was called before Reset; call Reset(seed) first.");
        for (var i = 0; i < actions.Length; i++)
        {
            if (float.IsNaN(actions[i]))
                throw new ArgumentException($"action value {i % ActionSize} of environment {i / ActionSize} is NaN; give numbers within the action bounds.", nameof(actions));
        }

        _completed.Clear();
        if (_parallel && Count > 1)
        {
            StepInParallel(actions.ToArray());
        }
        else
        {
            for (var i = 0; i < Count; i++)
            {
                if (StepOne(i, actions.Slice(i * ActionSize, ActionSize))) _completed.Add(_pending[i]!.Value);
            }
        }
    }

    // Kept out of Step so that the lambda's closure is only allocated in parallel mode.
    private void StepInParallel(float[] actions)
    {
        var ended = _endedInParallel;
        var size = ActionSize;
        Parallel.For(0, Count, i => ended[i] = StepOne(i, actions.AsSpan(i * size, size)));
        for (var i = 0; i < Count; i++)
        {
            if (ended[i]) _completed.Add(_pending[i]!.Value);
        }
    }

    // Kept out of Step so that the lambda's closure is only allocated in parallel mode.
    private void StepInParallel(int[] actions)
    {
        var ended = _endedInParallel;
        Parallel.For(0, Count, i => ended[i] = StepOne(i, actions[i]));
        for (var i = 0; i < Count; i++)
        {
            if (ended[i]) _completed.Add(_pending[i]!.Value);
        }
    }

    /// <summary>Steps copy i (resetting it if its episode ends, with the record in _pending[i]); true if it ended.</summary>
    private bool StepOne(int i, int action) =>
        Finish(i, _envs[i].Step(action, Observations.AsSpan(i * ObservationSize, ObservationSize)));

    /// <summary>The same for a continuous action.</summary>
    private bool StepOne(int i, ReadOnlySpan<float> action) =>
        Finish(i, _envs[i].Step(action, Observations.AsSpan(i * ObservationSize, ObservationSize)));

    /// <summary>Records copy i's step and resets it where its episode ended; true if it ended.</summary>
    private bool Finish(int i, StepOutcome outcome)
    {
        var env = _envs[i];
        var observation = Observations.AsSpan(i * ObservationSize, ObservationSize);
        Rewards[i] = (float)outcome.Reward;
        Terminated[i] = outcome.Terminated;
        Truncated[i] = outcome.Truncated;
        _returns[i] += outcome.Reward;
        _lengths[i]++;
        var ended = outcome.Terminated || outcome.Truncated;
        if (ended)
        {
            _pending[i] = new EpisodeRecord(i, _returns[i], _lengths[i], (env as IEpisodeSuccess)?.EpisodeSucceeded);
            observation.CopyTo(FinalObservations.AsSpan(i * ObservationSize, ObservationSize));
            env.Reset(null, observation);
            _returns[i] = 0;
            _lengths[i] = 0;
        }
        env.WriteActionMask(ActionMasks.AsSpan(i * ActionCount, ActionCount));
        return ended;
    }

    /// <summary>Whether every copy can take a snapshot.</summary>
    public bool CanSnapshot => Array.TrueForAll(_envs, e => e is ISnapshotEnvironment s && s.CanSnapshot);

    /// <summary>
    /// Writes the buffers (observations, masks, the last step's results), each copy's running return and length, the
    /// episodes completed in the last step, then every copy's own snapshot. Throws
    /// <see cref="InvalidOperationException"/> when a copy cannot take one (see <see cref="CanSnapshot"/>).
    /// </summary>
    public void SaveSnapshot(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        for (var i = 0; i < Count; i++)
        {
            if (_envs[i] is not ISnapshotEnvironment { CanSnapshot: true })
                throw new InvalidOperationException($"environment {i} ({_envs[i].Id}) cannot take a snapshot; it does not implement ISnapshotEnvironment.");
        }
        SnapshotFormat.WriteTag(writer, SnapshotTag);
        writer.Write(Count);
        writer.Write(_hasReset);
        SnapshotFormat.WriteArray(writer, Observations);
        SnapshotFormat.WriteArray(writer, FinalObservations);
        SnapshotFormat.WriteArray(writer, ActionMasks);
        SnapshotFormat.WriteArray(writer, Rewards);
        SnapshotFormat.WriteArray(writer, Terminated);
        SnapshotFormat.WriteArray(writer, Truncated);
        SnapshotFormat.WriteArray(writer, _returns);
        SnapshotFormat.WriteArray(writer, _lengths);
        writer.Write(_completed.Count);
        foreach (var episode in _completed) SnapshotFormat.WriteRecord(writer, episode);
        foreach (var env in _envs) SnapshotFormat.WriteNested(writer, (ISnapshotEnvironment)env);
    }

    /// <summary>
    /// Restores what <see cref="SaveSnapshot"/> wrote, on copies made with the same id and options. A snapshot of
    /// another shape throws <see cref="InvalidDataException"/>.
    /// </summary>
    public void LoadSnapshot(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        SnapshotFormat.ReadTag(reader, SnapshotTag);
        var count = reader.ReadInt32();
        if (count != Count) throw new InvalidDataException($"the snapshot holds {count} environment copies, this vector environment {Count}");
        for (var i = 0; i < Count; i++)
        {
            if (_envs[i] is not ISnapshotEnvironment { CanSnapshot: true })
                throw new InvalidOperationException($"environment {i} ({_envs[i].Id}) cannot load a snapshot; it does not implement ISnapshotEnvironment.");
        }
        var hasReset = reader.ReadBoolean();
        SnapshotFormat.ReadArray(reader, Observations, "the observations");
        SnapshotFormat.ReadArray(reader, FinalObservations, "the final observations");
        SnapshotFormat.ReadArray(reader, ActionMasks, "the action masks");
        SnapshotFormat.ReadArray(reader, Rewards, "the rewards");
        SnapshotFormat.ReadArray(reader, Terminated, "the terminated flags");
        SnapshotFormat.ReadArray(reader, Truncated, "the truncated flags");
        SnapshotFormat.ReadArray(reader, _returns, "the running returns");
        SnapshotFormat.ReadArray(reader, _lengths, "the running lengths");
        var completed = reader.ReadInt32();
        if (completed < 0 || completed > Count) throw new InvalidDataException($"the snapshot lists {completed} completed episodes for {Count} copies");
        _completed.Clear();
        for (var i = 0; i < completed; i++) _completed.Add(SnapshotFormat.ReadRecord(reader));
        for (var i = 0; i < Count; i++) SnapshotFormat.ReadNested(reader, (ISnapshotEnvironment)_envs[i], $"environment {i} ({_envs[i].Id})");
        _hasReset = hasReset;
    }

    private static bool SameSpaces(IEnvironment a, IEnvironment b) =>
        a.ActionSpace == b.ActionSpace
        && (a.ContinuousActionSpace is null ? b.ContinuousActionSpace is null : a.ContinuousActionSpace.SameAs(b.ContinuousActionSpace))
        && a.ObservationSpace.Shape.AsSpan().SequenceEqual(b.ObservationSpace.Shape)
        && a.ObservationSpace.Low.AsSpan().SequenceEqual(b.ObservationSpace.Low)
        && a.ObservationSpace.High.AsSpan().SequenceEqual(b.ObservationSpace.High);

    private static IEnvironment[] MakeAll(Func<IEnvironment> factory, int count)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "a vector environment needs at least one environment.");
        var envs = new IEnvironment[count];
        for (var i = 0; i < count; i++) envs[i] = factory();
        return envs;
    }
}
