using System.Text.Json;

namespace RLArena.Environments.Tests.Reference;

/// <summary>
/// The values Gymnasium v0.29.1 printed for MountainCar-v0 and Acrobot-v1 (Reference/classic_control_reference.json,
/// written by classic_control_reference.py beside it). Floats are stored as the shortest text that round-trips, so
/// parsing gives back the exact float64 (and, for observations, the exact float32 widened to float64).
/// </summary>
public static class ClassicControlReference
{
    /// <summary>The values with NumPy calling the C library's sin and cos (CPUs without AVX-512).</summary>
    public const string LibmFile = "classic_control_reference.json";

    /// <summary>The values with NumPy's own AVX-512 sin and cos (the generator's --native-dispatch on such a CPU).</summary>
    public const string Avx512File = "classic_control_reference_avx512.json";

    private static readonly Dictionary<string, JsonDocument> Documents = [];

    private static JsonDocument Document(string file)
    {
        lock (Documents)
        {
            if (!Documents.TryGetValue(file, out var document))
                Documents[file] = document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", file)));
            return document;
        }
    }

    public sealed record Reset(int Seed, double[] State, float[] Observation, double[] NextState, float[] NextObservation);

    public sealed record Step(double[] State, int Action, double[] NextState, float[] Observation, double Reward, bool Terminated, bool Truncated)
    {
        public override string ToString() => $"state [{string.Join(", ", State.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}] action {Action}";
    }

    public sealed record Rollout(int Seed, int Steps, double Return, bool Terminated, bool Truncated, double[] FinalState,
        float[] FinalObservation, int[] Actions, double[][]? Trajectory)
    {
        public override string ToString() => $"seed {Seed}";
    }

    public static IEnumerable<Reset> Resets(string env) => Section(env, "resets").Select(e => new Reset(
        e.GetProperty("seed").GetInt32(), Doubles(e.GetProperty("state")), Floats(e.GetProperty("obs")),
        Doubles(e.GetProperty("next_state")), Floats(e.GetProperty("next_obs"))));

    public static IEnumerable<Step> Steps(string env) => Section(env, "steps").Select(e => new Step(
        Doubles(e.GetProperty("state")), e.GetProperty("action").GetInt32(), Doubles(e.GetProperty("next_state")),
        Floats(e.GetProperty("obs")), e.GetProperty("reward").GetDouble(), e.GetProperty("terminated").GetBoolean(),
        e.GetProperty("truncated").GetBoolean()));

    public static IEnumerable<Rollout> Rollouts(string env, string file = LibmFile) => Section(env, "rollouts", file).Select(e => new Rollout(
        e.GetProperty("seed").GetInt32(), e.GetProperty("steps").GetInt32(), e.GetProperty("return").GetDouble(),
        e.GetProperty("terminated").GetBoolean(), e.GetProperty("truncated").GetBoolean(), Doubles(e.GetProperty("final_state")),
        Floats(e.GetProperty("final_obs")), e.GetProperty("actions").EnumerateArray().Select(a => a.GetInt32()).ToArray(),
        e.TryGetProperty("trajectory", out var t) ? t.EnumerateArray().Select(Doubles).ToArray() : null));

    private static IEnumerable<JsonElement> Section(string env, string name, string file = LibmFile) =>
        Document(file).RootElement.GetProperty(env).GetProperty(name).EnumerateArray().ToArray();

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => checked((float)v.GetDouble())).ToArray();
}
