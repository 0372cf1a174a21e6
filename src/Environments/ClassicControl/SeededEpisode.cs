using System.Runtime.CompilerServices;
using RLArena.Environments.Randomness;
using RLArena.Environments.Snapshots;

namespace RLArena.Environments.ClassicControl;

/// <summary>
/// The episode plumbing every Gymnasium classic-control environment shares: the PCG64 generator that
/// <c>Reset(seed)</c> seeds (an unseeded reset continues its stream, or starts one from entropy), the episode phase
/// that enforces reset-before-step, and their place at the end of a snapshot. The environment keeps its own float64
/// state and draws its start state from the generator <see cref="Begin"/> returns.
/// </summary>
internal sealed class SeededEpisode
{
    private Pcg64? _random;
    private EpisodePhase _phase = EpisodePhase.NeverReset;

    /// <summary>Whether the current episode has ended.</summary>
    public bool IsOver => _phase == EpisodePhase.Ended;

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
    public void CheckStep(Span<float> observation, int observationSize, int action, int actions, string id)
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
    public void CheckStep(Span<float> observation, int observationSize, ReadOnlySpan<float> action, int actionSize, string id)
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

    /// <summary>Writes the phase and the generator's state (the tail of the environment's snapshot).</summary>
    /// <param name="writer">Where to write.</param>
    public void Save(BinaryWriter writer)
    {
        SnapshotFormat.WritePhase(writer, _phase);
        SnapshotFormat.WriteGenerator(writer, _random);
    }

    /// <summary>Restores what <see cref="Save"/> wrote.</summary>
    /// <param name="reader">Where to read.</param>
    public void Load(BinaryReader reader)
    {
        _phase = SnapshotFormat.ReadPhase(reader);
        _random = SnapshotFormat.ReadGenerator(reader);
    }
}
