using RLArena.Core.Errors;
using RLArena.Environments;
using RLArena.Environments.Vector;

namespace RLArena.Agents.Training;

/// <summary>
/// The vector environment of a run: <see cref="VectorEnv"/> over <c>count</c> copies of one registry id, reset
/// with the run's seed (copy i gets seed + i), with every step's actions kept in an <see cref="ActionLog"/> so that a
/// resumed run can rebuild the environments exactly.
/// </summary>
public sealed class EnvironmentSession
{
    /// <param name="makeEnvironment">Makes one copy from the id; <see cref="MakeEnvironment"/> (the registry) when null.</param>
    public EnvironmentSession(string environmentId, int count, int seed, Func<string, IEnvironment>? makeEnvironment = null)
    {
        if (count <= 0) throw new UsageException($"num_envs={count}: at least one environment is needed.");
        EnvironmentId = environmentId;
        Seed = seed;
        var envs = new List<IEnvironment>(count);
        for (var i = 0; i < count; i++) envs.Add((makeEnvironment ?? MakeEnvironment)(environmentId));
        Env = new VectorEnv(envs);
        Log = new ActionLog(Env.ActionCount);
        Env.Reset(seed);
    }

    public string EnvironmentId { get; }
    public int Seed { get; }
    public VectorEnv Env { get; }
    public ActionLog Log { get; }
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

    public void Step(ReadOnlySpan<int> actions)
    {
        Env.Step(actions);
        Log.Append(actions);
    }

    /// <summary>Resets with the seed and replays <paramref name="log"/>: the environments end where they were saved.</summary>
    public void Replay(byte[] log)
    {
        Log.Load(log);
        Env.Reset(Seed);
        var actions = new int[Count];
        var steps = Log.Count / Count;
        for (long t = 0; t < steps; t++)
        {
            Log.Read(t, Count, actions);
            Env.Step(actions);
        }
    }
}
