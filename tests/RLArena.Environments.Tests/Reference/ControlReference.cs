using System.Globalization;
using System.Text.Json;

namespace RLArena.Environments.Tests.Reference;

/// <summary>
/// The values Gymnasium v0.29.1 printed for its classic-control environments, written by control_reference.py beside
/// this file: MountainCar-v0 and Acrobot-v1 in classic_control_reference.json, Pendulum-v1, MountainCarContinuous-v0
/// and traces of the continuous-control wrappers in continuous_control_reference.json (and each file's _avx512 twin,
/// the values NumPy's own AVX-512 sin and cos give). Floats are stored as the shortest text that round-trips, so
/// parsing gives back the exact float64 (and, for observations and actions, the exact float32 widened to float64).
/// Discrete actions are small integers, which a float holds exactly.
/// </summary>
public static class ControlReference
{
    /// <summary>The file of MountainCar-v0 and Acrobot-v1.</summary>
    public const string ClassicFile = "classic_control_reference";

    /// <summary>The file of Pendulum-v1, MountainCarContinuous-v0 and the wrapper traces.</summary>
    public const string ContinuousFile = "continuous_control_reference";

    private static readonly Dictionary<string, JsonDocument> Documents = [];

    /// <summary>A seeded reset and the unseeded one after it.</summary>
    public sealed record Reset(int Seed, double[] State, float[] Observation, double[] NextState, float[] NextObservation)
    {
        /// <inheritdoc/>
        public override string ToString() => $"seed {Seed}";
    }

    /// <summary>One step from a set state (a discrete action is the float of its index).</summary>
    public sealed record Step(double[] State, float Action, double[] NextState, float[] Observation, double Reward, bool Terminated, bool Truncated)
    {
        /// <inheritdoc/>
        public override string ToString() =>
            $"state [{string.Join(", ", State.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}] action {Action.ToString("R", CultureInfo.InvariantCulture)}";
    }

    /// <summary>A closed-loop episode of the time-limited environment.</summary>
    public sealed record Rollout(int Seed, int Steps, double Return, bool Terminated, bool Truncated, double[] FinalState,
        float[] FinalObservation, float[] Actions, double[][]? Trajectory)
    {
        /// <inheritdoc/>
        public override string ToString() => $"seed {Seed}";
    }

    /// <summary>One entry of a wrapper trace: a reset (no action) or a step.</summary>
    public sealed record TraceEntry(bool IsReset, float Action, float[] Observation, double Reward, bool Terminated, bool Truncated);

    /// <summary>Running statistics as Gymnasium printed them at the end of a trace.</summary>
    public sealed record Statistics(double[] Mean, double[] Variance, double Count);

    /// <summary>A wrapped environment stepped through fixed actions.</summary>
    public sealed record Trace(string Name, int Seed, TraceEntry[] Entries, Statistics? ObservationStatistics, Statistics? ReturnStatistics)
    {
        /// <inheritdoc/>
        public override string ToString() => Name;
    }

    /// <summary>The seeded resets of an environment ("mountaincar", "acrobot", "pendulum", "mountaincar_continuous").</summary>
    /// <param name="env">The environment's key in the reference file.</param>
    public static IEnumerable<Reset> Resets(string env) => Section(env, "resets").Select(e => new Reset(
        e.GetProperty("seed").GetInt32(), Doubles(e.GetProperty("state")), Floats(e.GetProperty("obs")),
        Doubles(e.GetProperty("next_state")), Floats(e.GetProperty("next_obs"))));

    /// <summary>The single steps of an environment.</summary>
    /// <param name="env">The environment's key in the reference file.</param>
    public static IEnumerable<Step> Steps(string env) => Section(env, "steps").Select(e => new Step(
        Doubles(e.GetProperty("state")), Float(e.GetProperty("action")), Doubles(e.GetProperty("next_state")),
        Floats(e.GetProperty("obs")), e.GetProperty("reward").GetDouble(), e.GetProperty("terminated").GetBoolean(),
        e.GetProperty("truncated").GetBoolean()));

    /// <summary>The closed-loop episodes of an environment.</summary>
    /// <param name="env">The environment's key in the reference file.</param>
    /// <param name="avx512">True for the values of NumPy's AVX-512 sin and cos (the _avx512 file).</param>
    public static IEnumerable<Rollout> Rollouts(string env, bool avx512 = false) => Section(env, "rollouts", avx512).Select(e => new Rollout(
        e.GetProperty("seed").GetInt32(), e.GetProperty("steps").GetInt32(), e.GetProperty("return").GetDouble(),
        e.GetProperty("terminated").GetBoolean(), e.GetProperty("truncated").GetBoolean(), Doubles(e.GetProperty("final_state")),
        Floats(e.GetProperty("final_obs")), Floats(e.GetProperty("actions")),
        e.TryGetProperty("trajectory", out var t) ? t.EnumerateArray().Select(Doubles).ToArray() : null));

    /// <summary>A wrapper trace by name.</summary>
    /// <param name="name">The trace's key under "wrappers".</param>
    public static Trace WrapperTrace(string name)
    {
        var e = Document(ContinuousFile, avx512: false).RootElement.GetProperty("wrappers").GetProperty(name);
        var entries = e.GetProperty("steps").EnumerateArray().Select(s => s.TryGetProperty("reset", out _)
            ? new TraceEntry(true, 0, Floats(s.GetProperty("obs")), 0, false, false)
            : new TraceEntry(false, Float(s.GetProperty("action")), Floats(s.GetProperty("obs")), s.GetProperty("reward").GetDouble(),
                s.GetProperty("terminated").GetBoolean(), s.GetProperty("truncated").GetBoolean())).ToArray();
        return new Trace(name, e.GetProperty("seed").GetInt32(), entries, Stats(e, "obs_rms"), Stats(e, "return_rms"));
    }

    private static JsonDocument Document(string file, bool avx512)
    {
        var name = file + (avx512 ? "_avx512" : "") + ".json";
        lock (Documents)
        {
            if (!Documents.TryGetValue(name, out var document))
                Documents[name] = document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", name)));
            return document;
        }
    }

    private static IEnumerable<JsonElement> Section(string env, string name, bool avx512 = false)
    {
        foreach (var file in new[] { ClassicFile, ContinuousFile })
        {
            if (Document(file, avx512).RootElement.TryGetProperty(env, out var section))
                return section.GetProperty(name).EnumerateArray().ToArray();
        }
        throw new ArgumentException($"no reference values for '{env}'", nameof(env));
    }

    private static Statistics? Stats(JsonElement e, string name) => e.TryGetProperty(name, out var s)
        ? new Statistics(Doubles(s.GetProperty("mean")), Doubles(s.GetProperty("var")), s.GetProperty("count").GetDouble())
        : null;

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(Float).ToArray();

    private static float Float(JsonElement value) => checked((float)value.GetDouble());
}
