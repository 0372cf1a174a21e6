using System.Globalization;
using RLArena.Core.Errors;

namespace RLArena.Cli.Commands;

/// <summary>
/// The seeds a command accepts: environment copy i is seeded <c>seed + i</c>, so a seed must lie in
/// 0 .. int.MaxValue − (copies − 1). Anything else is a one-line usage error before any work starts.
/// </summary>
internal static class SeedRange
{
    /// <summary>The largest seed that still leaves room for <paramref name="copies"/> consecutive seeds.</summary>
    public static int Max(int copies) => int.MaxValue - Math.Max(0, copies - 1);

    /// <summary>Refuses a seed outside 0 .. <see cref="Max"/>; <paramref name="option"/> names where it came from ("--seed").</summary>
    public static void Check(string option, long? seed, int copies = 1)
    {
        if (seed is not { } value) return;
        var max = Max(copies);
        if (value >= 0 && value <= max) return;
        var why = copies > 1 ? $" (environment copy i of {copies} is seeded seed + i)" : "";
        throw new UsageException($"{option} {value}: a seed must be between 0 and {max.ToString(CultureInfo.InvariantCulture)}{why}.");
    }
}
