using RLArena.Core.Reproducibility;
using TorchSharp;

namespace RLArena.Engine.Reproducibility;

/// <summary>One place that seeds every random source a run uses.</summary>
public static class Seeding
{
    /// <summary>
    /// Seeds torch (CPU and, where present, CUDA) and returns the run's own <see cref="Rng"/> for shuffles,
    /// exploration and child seeds. Environments are seeded with <c>seed + i</c> by whoever makes them.
    /// </summary>
    public static Rng SeedAll(int seed)
    {
        Devices.TorchRuntime.EnsureLoaded();
        torch.manual_seed(seed);
        try
        {
            if (torch.cuda.is_available()) torch.cuda.manual_seed_all(seed);
        }
        catch (Exception)
        {
            // A CPU-only build has no CUDA generator to seed.
        }
        return new Rng(seed);
    }
}
