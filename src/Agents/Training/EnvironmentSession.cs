using RLArena.Core.Errors;
using RLArena.Environments;
using RLArena.Environments.Vector;

namespace RLArena.Agents.Training;

/// <summary>
/// The vector environment of a run: <see cref="VectorEnv"/> over <c>count</c> copies of one registry id, reset
/// with the run's seed (copy i gets seed + i). A checkpoint keeps its snapshot where the environments can take one
/// (<see cref="ISnapshotEnvironment"/>), so a resumed run continues in O(1) exactly where it stopped; where they
/// cannot, a resumed run starts fresh episodes from a seed derived from the run seed and the step.
/// </summary>
public sealed class EnvironmentSession
{
    /// <param name="environmentId">The registry id (spec) of the environment, options included.</param>
    /// <param name="count">How many copies step side by side.</param>
    /// <param name="seed">The run seed: copy i is reset with seed + i.</param>
    /// <param name="makeEnvironment">Makes one copy from the id; <see cref="MakeEnvironment"/> (the registry) when null.</param>
    public EnvironmentSession(string environmentId, int count, int seed, Func<string, IEnvironment>? makeEnvironment = null)
    {
        if (count <= 0) throw new UsageException($"num_envs={count}: at least one environment is needed.");
        EnvironmentId = environmentId;
        Seed = seed;
        var make = makeEnvironment ?? MakeEnvironment;
        var envs = new List<IEnvironment>(count);
        for (var i = 0; i < count; i++) envs.Add(make(environmentId));
        Env = new VectorEnv(envs);
        Env.Reset(seed);
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
