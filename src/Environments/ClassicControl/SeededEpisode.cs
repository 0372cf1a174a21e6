using System.Runtime.CompilerServices;
using RLArena.Environments.Randomness;
using RLArena.Environments.Snapshots;

namespace RLArena.Environments.ClassicControl;

/// <summary>
/// The episode plumbing every Gymnasium classic-control environment shares: the PCG64 generator that
/// <c>Reset(seed)</c> seeds (an unseeded reset continues its stream, or starts one from entropy), the episode phase
/// that enforces reset-before-step, and the snapshot that holds them with the environment's float64 state values. The
/// environment keeps its own state and draws its start state from the generator <see cref="Begin"/> returns.
/// <para>
/// A mutable struct, held in a non-readonly field of the environment and never copied: the step then reads the phase
/// from the environment object itself, exactly as the field it replaces (no extra object, no extra load on the hot
/// path). Its default value is an environment that was never reset.
/// </para>
/// </summary>
internal struct SeededEpisode
{
    private Pcg64? _random;
    private EpisodePhase _phase; // default: EpisodePhase.NeverReset

    /// <summary>Whether the current episode has ended.</summary>
    public readonly bool IsOver => _phase == EpisodePhase.Ended;

    /// <summary>
    /// Checks a reset's arguments, seeds the generator (a given seed restarts it, as <c>env.reset(seed=seed)</c> does)
    /// and starts an episode.
    /// </summary>
    /// <param name="seed">The reset's seed, or null to continue the generator's stream.</param>
    /// <param name="observation">The reset's observation buffer (its length is checked).</param>
    /// <param name="observationSize">The length the observation space needs.</param>
    /// <param name="id">The environment's id, for the error messages.</param>
    /// <returns>The generator to draw the start state from.</returns>
    public Pcg64 Begin(int? seed, Span<float> observation, int observationSize, string id)
    {
        EnvGuards.ObservationLength(observation, observationSize, id);
        EnvGuards.Seed(seed);
        if (seed is { } s) _random = Pcg64.FromSeed(s);
        _random ??= Pcg64.FromEntropy();
        _phase = EpisodePhase.Running;
        return _random;
    }

    /// <summary>Checks a discrete step's arguments and that an episode is running.</summary>
    /// <param name="observation">The step's observation buffer.</param>
    /// <param name="observationSize">The length the observation space needs.</param>
    /// <param name="action">The action.</param>
    /// <param name="actions">How many actions there are.</param>
    /// <param name="id">The environment's id, for the error messages.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void CheckStep(Span<float> observation, int observationSize, int action, int actions, string id)
    {
        EnvGuards.ObservationLength(observation, observationSize, id);
        EnvGuards.Action(action, actions, id);
        EnvGuards.CanStep(_phase, id);
    }

    /// <summary>Checks a continuous step's arguments (length, no NaN) and that an episode is running.</summary>
    /// <param name="observation">The step's observation buffer.</param>
    /// <param name="observationSize">The length the observation space needs.</param>
    /// <param name="action">The action.</param>
    /// <param name="actionSize">The length the action space needs.</param>
    /// <param name="id">The environment's id, for the error messages.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void CheckStep(Span<float> observation, int observationSize, ReadOnlySpan<float> action, int actionSize, string id)
    {
        EnvGuards.ObservationLength(observation, observationSize, id);
        EnvGuards.ContinuousAction(action, actionSize, id);
        EnvGuards.CanStep(_phase, id);
    }

    /// <summary>Ends the episode when <paramref name="terminated"/>: further steps need a reset.</summary>
    /// <param name="terminated">Whether the step just taken terminated the episode.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EndIf(bool terminated)
    {
        if (terminated) _phase = EpisodePhase.Ended;
    }

    /// <summary>
    /// Writes a whole snapshot: <paramref name="tag"/> (the environment's name), the float64 state values, then the
    /// phase and the generator's state.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="tag">The environment's registry name.</param>
    /// <param name="state">The values that make up the environment's state, in a fixed order.</param>
    public readonly void Save(BinaryWriter writer, string tag, ReadOnlySpan<double> state)
    {
        WriteState(writer, tag, state);
        SaveEpisode(writer);
    }

    /// <summary>
    /// <see cref="Save(BinaryWriter, string, ReadOnlySpan{double})"/> for a continuous environment that also keeps the
    /// clipped action of its last step (null right after a reset) for its scene; it is written between the state and
    /// the phase.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="tag">The environment's registry name.</param>
    /// <param name="state">The values that make up the environment's state, in a fixed order.</param>
    /// <param name="lastAction">The last step's clipped action, or null.</param>
    public readonly void Save(BinaryWriter writer, string tag, ReadOnlySpan<double> state, float? lastAction)
    {
        WriteState(writer, tag, state);
        writer.Write(lastAction.HasValue);
        writer.Write(lastAction ?? 0f);
        SaveEpisode(writer);
    }

    /// <summary>
    /// Reads a snapshot written by <see cref="Save(BinaryWriter, string, ReadOnlySpan{double})"/>, restores the phase
    /// and the generator, and returns the state values.
    /// </summary>
    /// <param name="reader">Where to read.</param>
    /// <param name="tag">The environment's registry name (a snapshot of another environment is refused).</param>
    /// <param name="stateLength">How many state values were written.</param>
    public double[] Load(BinaryReader reader, string tag, int stateLength)
    {
        var state = ReadState(reader, tag, stateLength);
        LoadEpisode(reader);
        return state;
    }

    /// <summary>
    /// Reads a snapshot written by <see cref="Save(BinaryWriter, string, ReadOnlySpan{double}, float?)"/>; the state
    /// values pass <paramref name="check"/> before anything is restored.
    /// </summary>
    /// <param name="reader">Where to read.</param>
    /// <param name="tag">The environment's registry name (a snapshot of another environment is refused).</param>
    /// <param name="stateLength">How many state values were written.</param>
    /// <param name="check">Throws <see cref="InvalidDataException"/> for values this environment cannot take, or null.</param>
    /// <param name="lastAction">The last step's clipped action, or null.</param>
    public double[] Load(BinaryReader reader, string tag, int stateLength, Action<double[]>? check, out float? lastAction)
    {
        var state = ReadState(reader, tag, stateLength);
        var hasAction = reader.ReadBoolean();
        var action = reader.ReadSingle();
        check?.Invoke(state);
        LoadEpisode(reader);
        lastAction = hasAction ? action : null;
        return state;
    }

    private static void WriteState(BinaryWriter writer, string tag, ReadOnlySpan<double> state)
    {
        SnapshotFormat.WriteTag(writer, tag);
        foreach (var value in state) writer.Write(value);
    }

    private static double[] ReadState(BinaryReader reader, string tag, int stateLength)
    {
        SnapshotFormat.ReadTag(reader, tag);
        var state = new double[stateLength];
        for (var i = 0; i < state.Length; i++) state[i] = reader.ReadDouble();
        return state;
    }

    private readonly void SaveEpisode(BinaryWriter writer)
    {
        SnapshotFormat.WritePhase(writer, _phase);
        SnapshotFormat.WriteGenerator(writer, _random);
    }

    private void LoadEpisode(BinaryReader reader)
    {
        var phase = SnapshotFormat.ReadPhase(reader);
        _random = SnapshotFormat.ReadGenerator(reader);
        _phase = phase;
    }
}
