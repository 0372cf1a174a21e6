using RLArena.Core.Reproducibility;

namespace RLArena.Agents.Continuous;

/// <summary>
/// Standard normal noise drawn from the run's <see cref="Rng"/> (Box-Muller), so the Gaussian policies' sampling is
/// part of the random state a checkpoint saves and a resumed run continues exactly.
/// </summary>
public static class GaussianNoise
{
    /// <summary>Fills <paramref name="target"/> with independent N(0, 1) draws from <paramref name="rng"/>.</summary>
    /// <param name="rng">The generator to draw from.</param>
    /// <param name="target">Where the draws go.</param>
    public static void Fill(Rng rng, Span<float> target)
    {
        for (var i = 0; i < target.Length; i += 2)
        {
            // 1 - u lies in (0, 1], so the logarithm is finite.
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            var radius = Math.Sqrt(-2.0 * Math.Log(u1));
            target[i] = (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < target.Length) target[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
        }
    }
}
