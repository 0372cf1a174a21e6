using RLArena.Core.Errors;
using RLArena.Environments;
using RLArena.Environments.Vector;
using RLArena.Environments.Wrappers;

namespace RLArena.Agents.Training;

/// <summary>
/// The vector environment of a run: <see cref="VectorEnv"/> over <c>count</c> copies of one registry id, reset
/// with the run's seed (copy i gets seed + i). A checkpoint keeps its snapshot where the environments can take one
/// (<see cref="ISnapshotEnvironment"/>), so a resumed run continues in O(1) exactly where it stopped; where they
/// cannot, a resumed run starts fresh episodes from a seed derived from the run seed and the step.
/// <para>Normalisation (<c>normalize_observation</c>, <c>normalize_reward</c>): each copy is wrapped in Gymnasium's
/// <see cref="NormalizeObservation"/> and <see cref="NormalizeReward"/> (per copy, as Gymnasium's wrappers; reward
/// discount 0.99, Gymnasium's default). The episode returns reported stay the environment's own (an
/// <see cref="EpisodeStatistics"/> inside the normalisers records them). Copy 0's statistics are what checkpoints
/// save for evaluation and watching (<see cref="SaveStatistics(IEnvironment)"/>).</para>
/// </summary>
public sealed class EnvironmentSession
{
    /// <param name="environmentId">The registry id with options.</param>
    /// <param name="count">Environment copies.</param>
    /// <param name="seed">The run seed (copy i is reset with seed + i).</param>
    /// <param name="makeEnvironment">Makes one copy from the id; <see cref="MakeEnvironment"/> (the registry) when null.</param>
    /// <param name="normalizeObservation">Wrap each copy in <see cref="NormalizeObservation"/>.</param>
    /// <param name="normalizeReward">Wrap each copy in <see cref="NormalizeReward"/>.</param>
    public EnvironmentSession(string environmentId, int count, int seed, Func<string, IEnvironment>? makeEnvironment = null,
        bool normalizeObservation = false, bool normalizeReward = false)
    {
        if (count <= 0) throw new UsageException($"num_envs={count}: at least one environment is needed.");
        EnvironmentId = environmentId;
        Seed = seed;
        _make = makeEnvironment ?? MakeEnvironment;
        _normalizeObservation = normalizeObservation;
        var envs = new List<IEnvironment>(count);
        _rawReturns = normalizeReward ? new EpisodeStatistics[count] : null;
        for (var i = 0; i < count; i++)
        {
            var env = _make(environmentId);
            if (_rawReturns is not null) env = _rawReturns[i] = new EpisodeStatistics(env, recentCapacity: 1, envIndex: i);
            if (normalizeObservation) env = new NormalizeObservation(env);
            if (normalizeReward) env = new NormalizeReward(env);
            envs.Add(env);
        }
        Env = new VectorEnv(envs);
        Env.Reset(seed);
    }

    private readonly Func<string, IEnvironment> _make;
    private readonly bool _normalizeObservation;
    private readonly EpisodeStatistics[]? _rawReturns;

    /// <summary>
    /// Adds the episodes that ended in the last step to <paramref name="into"/>, tagged with <paramref name="step"/>,
    /// with the environment's own returns (with reward normalisation the vector environment sums the scaled rewards;
    /// these are the unscaled ones). Allocates nothing beyond the list's growth: trainers call it every step.
    /// </summary>
    /// <param name="step">The global step to tag them with.</param>
    /// <param name="into">The list to add to.</param>
    public void AddCompletedEpisodes(long step, List<(long Step, EpisodeRecord Episode)> into)
    {
        foreach (var episode in Env.CompletedEpisodesSpan)
            into.Add((step, _rawReturns?[episode.EnvIndex].LastEpisode is { } raw ? episode with { Return = raw.Return } : episode));
    }

    /// <summary>
    /// Copy 0's normalisation statistics (observation, reward; each <see cref="IRunningStatistics.Save"/>), or null
    /// without normalisation: the checkpoint section evaluation and watching read.
    /// </summary>
    public byte[]? SaveStatistics() => SaveStatistics(Env.Environments[0]);

    /// <summary>The normalisation statistics of <paramref name="environment"/>'s wrappers as bytes (null when it has none).</summary>
    /// <param name="environment">The outermost environment of a wrapper chain.</param>
    public static byte[]? SaveStatistics(IEnvironment environment)
    {
        var statistics = environment.RunningStatistics();
        if (statistics.Count == 0) return null;
        using var bytes = new MemoryStream();
        using (var writer = new BinaryWriter(bytes, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(statistics.Count);
            foreach (var s in statistics)
            {
                using var entry = new MemoryStream();
                using (var entryWriter = new BinaryWriter(entry, System.Text.Encoding.UTF8, leaveOpen: true)) s.Save(entryWriter);
                writer.Write(s.Kind);
                writer.Write(entry.Length);
                writer.Write(entry.ToArray());
            }
        }
        return bytes.ToArray();
    }

    /// <summary>
    /// Loads statistics written by <see cref="SaveStatistics()"/> into every normalising wrapper of
    /// <paramref name="environment"/> (entries of kinds it has no wrapper for are skipped); a wrapper with no entry,
    /// or one that does not fit, is a one-line error naming <paramref name="source"/>.
    /// </summary>
    /// <param name="environment">The outermost environment of a wrapper chain.</param>
    /// <param name="bytes">What <see cref="SaveStatistics()"/> returned.</param>
    /// <param name="source">Names the file in messages.</param>
    public static void LoadStatistics(IEnvironment environment, byte[] bytes, string source)
    {
        var targets = environment.RunningStatistics().ToDictionary(s => s.Kind);
        var loaded = new HashSet<string>();
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes));
            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var kind = reader.ReadString();
                var length = reader.ReadInt64();
                var entry = reader.ReadBytes(checked((int)length));
                if (entry.Length != length) throw new EndOfStreamException();
                if (!targets.TryGetValue(kind, out var target)) continue;
                using var entryReader = new BinaryReader(new MemoryStream(entry));
                target.Load(entryReader);
                loaded.Add(kind);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or OverflowException)
        {
            throw new UserFacingException($"{source}: its normalisation statistics do not fit this environment ({e.Message.ReplaceLineEndings(" ")}); it was written for another environment.");
        }
        if (targets.Keys.FirstOrDefault(k => !loaded.Contains(k)) is { } missing)
            throw new UserFacingException($"{source}: it holds no {missing} normalisation statistics, but the environment normalises its {missing}s; it was trained with other normalize_* settings.");
    }

    /// <summary>Loads <see cref="SaveStatistics(IEnvironment)"/>' bytes into every copy (a resume whose environments took no snapshot).</summary>
    /// <param name="bytes">What <see cref="SaveStatistics(IEnvironment)"/> returned.</param>
    /// <param name="source">Names the file in messages.</param>
    public void LoadStatisticsIntoAll(byte[] bytes, string source)
    {
        foreach (var env in Env.Environments) LoadStatistics(env, bytes, source);
    }

    /// <summary>
    /// A fresh environment copy to evaluate on: the same id, observation normalisation with copy 0's statistics,
    /// frozen; no reward normalisation (evaluation reports the environment's own returns).
    /// </summary>
    public IEnvironment MakeEvaluationCopy()
    {
        var env = _make(EnvironmentId);
        if (!_normalizeObservation) return env;
        var normalized = new NormalizeObservation(env);
        LoadStatistics(normalized, SaveStatistics()!, "the training environments");
        normalized.Frozen = true;
        return normalized;
    }

    /// <summary>The registry id (spec) of the environment.</summary>
    public string EnvironmentId { get; }
    /// <summary>The run seed (copy i was reset with seed + i).</summary>
    public int Seed { get; }
    /// <summary>The vector environment.</summary>
    public VectorEnv Env { get; }
    /// <summary>The number of copies.</summary>
    public int Count => Env.Count;

    /// <summary><see cref="EnvRegistry.Make"/> with a bad id turned into a usage error.</summary>
    public static IEnvironment MakeEnvironment(string environmentId)
    {
        try
        {
            return EnvRegistry.Make(environmentId);
        }
        catch (Environments.Registry.EnvSpecException e)
        {
            throw new UsageException($"--env {environmentId}: {e.Message}");
        }
    }

    /// <summary>The environments' whole state, or null when some copy cannot take a snapshot.</summary>
    public byte[]? SaveSnapshot()
    {
        if (!Env.CanSnapshot) return null;
        using var bytes = new MemoryStream();
        using (var writer = new BinaryWriter(bytes, System.Text.Encoding.UTF8, leaveOpen: true)) Env.SaveSnapshot(writer);
        return bytes.ToArray();
    }

    /// <summary>Restores what <see cref="SaveSnapshot"/> returned; a snapshot that does not fit is a one-line error naming <paramref name="source"/>.</summary>
    public void LoadSnapshot(byte[] snapshot, string source)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(snapshot));
            Env.LoadSnapshot(reader);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or InvalidOperationException or ArgumentException)
        {
            throw new UserFacingException($"{source}: the environments' snapshot cannot be restored ({e.Message.ReplaceLineEndings(" ")}); it was written for another environment.");
        }
    }

    /// <summary>
    /// For a checkpoint written before snapshots (it holds every action since the seeded reset): resets with the
    /// seed and replays <paramref name="log"/>, so the environments end where they were saved.
    /// </summary>
    public void Replay(byte[] log)
    {
        var actionLog = new ActionLog(Env.ActionCount);
        actionLog.Load(log);
        Env.Reset(Seed);
        var actions = new int[Count];
        var steps = actionLog.Count / Count;
        for (long t = 0; t < steps; t++)
        {
            actionLog.Read(t, Count, actions);
            Env.Step(actions);
        }
    }

    /// <summary>
    /// For environments that cannot take a snapshot: starts fresh episodes, seeded from the run seed and
    /// <paramref name="globalStep"/> (so the same resume gives the same episodes), and returns the notice to show once.
    /// </summary>
    public string StartFreshEpisodes(long globalStep)
    {
        var seed = FreshSeed(Seed, globalStep, Count);
        Env.Reset(seed);
        return $"{EnvironmentId} cannot save its state (it does not implement ISnapshotEnvironment), so the resumed run " +
               $"starts fresh episodes (seed {seed}, derived from the run seed and step {globalStep:N0}); the agent, optimizer " +
               "and counters continue exactly.";
    }

    /// <summary>A non-negative seed from (run seed, step) that leaves room for <paramref name="count"/> copies (seed + i).</summary>
    public static int FreshSeed(int seed, long globalStep, int count)
    {
        // SplitMix64's finaliser over both numbers: deterministic on every machine (unlike string.GetHashCode).
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)globalStep);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z % (ulong)(int.MaxValue - count));
    }
}
