using System.Globalization;
using RLArena.Core.Errors;
using RLArena.Supervised.Interop;

namespace RLArena.Cli.Commands;

/// <summary>The --dataset and --normalize flags of the mnist commands that read PyTorch and safetensors files.</summary>
internal static class ClassifierFileFlags
{
    /// <summary>Help text of --dataset.</summary>
    public const string DatasetHelp = "For a .pt or .safetensors file: mnist or fashion-mnist (default: the file's metadata, else mnist).";

    /// <summary>Help text of --normalize.</summary>
    public const string NormalizeHelp =
        "For a .pt or .safetensors file: MEAN,STD the pixels (0-1) were normalised with in PyTorch (default: the file's metadata, else the dataset's; the tutorial uses 0.1307,0.3081).";

    /// <summary>The options for <see cref="ClassifierWeights.Load"/>; a malformed --normalize is one usage line.</summary>
    /// <param name="dataset">The --dataset value (may be null).</param>
    /// <param name="normalize">The --normalize value (may be null).</param>
    public static ClassifierFileOptions Options(string? dataset, string? normalize)
    {
        if (normalize is null) return new ClassifierFileOptions(dataset);
        var parts = normalize.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var mean)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var std)
            || !double.IsFinite(mean) || !double.IsFinite(std) || mean < -1000 || mean > 1000 || std <= 0 || std > 1000)
            throw new UsageException($"--normalize '{normalize}': give MEAN,STD with -1000 <= MEAN <= 1000 and 0 < STD <= 1000, e.g. --normalize 0.1307,0.3081.");
        return new ClassifierFileOptions(dataset, mean, std);
    }
}
