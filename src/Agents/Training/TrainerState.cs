using System.Globalization;
using RLArena.Engine.Checkpoints;
using RLArena.Core.Errors;
using RLArena.Core.Reproducibility;
using RLArena.Engine.Reproducibility;

namespace RLArena.Agents.Training;

/// <summary>Reading and writing the counters and random state every trainer keeps in a checkpoint's Extra.</summary>
internal static class TrainerState
{
    /// <summary>Every action since the seeded reset: what checkpoints held before environment snapshots (still read).</summary>
    public const string ActionLogSection = "env_actions";

    /// <summary>The vector environment's snapshot (<see cref="Environments.ISnapshotEnvironment"/>).</summary>
    public const string SnapshotSection = "env_snapshot";
    public const string OptimizerSection = "adam";

    /// <summary>Copy 0's normalisation statistics (<see cref="EnvironmentSession.SaveStatistics()"/>), for eval and watch.</summary>
    public const string NormalizationSection = "normalization";

    /// <summary>A section that resuming needs; its absence is a one-line error.</summary>
    public static byte[] Section(Checkpoint checkpoint, string name) =>
        checkpoint.HasSection(name)
            ? checkpoint.GetSection(name)
            : throw new UserFacingException($"checkpoint '{checkpoint.Path}' has no '{name}' section, so training cannot resume from it; it was not written by 'rlarena train'.");

    public static string FormatRng(Rng rng) => string.Join(",", rng.GetState().Select(s => s.ToString(CultureInfo.InvariantCulture)));

    public static Rng ParseRng(CheckpointMetadata metadata, string path)
    {
        var text = Get(metadata, "rng", path);
        try
        {
            return Rng.FromState(text.Split(',').Select(s => ulong.Parse(s, CultureInfo.InvariantCulture)).ToArray());
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new UserFacingException($"checkpoint '{path}': its random-generator state is corrupt; resume from another checkpoint.");
        }
    }

    public static string Get(CheckpointMetadata metadata, string key, string path) =>
        metadata.Extra.TryGetValue(key, out var value)
            ? value
            : throw new UserFacingException($"checkpoint '{path}' lacks '{key}', so training cannot resume from it; it was not written by 'rlarena train'.");

    public static long GetLong(CheckpointMetadata metadata, string key, string path) =>
        long.TryParse(Get(metadata, key, path), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new UserFacingException($"checkpoint '{path}': '{key}' is not a number; the file is corrupt.");

    public static double GetDouble(CheckpointMetadata metadata, string key, string path) =>
        double.TryParse(Get(metadata, key, path), NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new UserFacingException($"checkpoint '{path}': '{key}' is not a number; the file is corrupt.");

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
