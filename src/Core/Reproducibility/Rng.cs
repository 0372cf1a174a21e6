namespace RLArena.Core.Reproducibility;

/// <summary>
/// A small, fast random generator (xoshiro256**) whose whole state can be saved and restored, so a resumed run
/// draws the same numbers an uninterrupted one would. <see cref="System.Random"/> cannot do that.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A generator whose state is derived from <paramref name="seed"/> (the same seed, the same numbers).</summary>
    /// <param name="seed">Any value; equal seeds give equal streams.</param>
    public Rng(long seed)
    {
        var x = (ulong)seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private Rng(ulong[] state)
    {
        _s0 = state[0]; _s1 = state[1]; _s2 = state[2]; _s3 = state[3];
    }

    /// <summary>The whole state (four words), to save and later pass to <see cref="FromState"/>.</summary>
    public ulong[] GetState() => [_s0, _s1, _s2, _s3];

    /// <summary>A generator that continues exactly where the one whose <see cref="GetState"/> gave <paramref name="state"/> was.</summary>
    /// <param name="state">Four words from <see cref="GetState"/>; not all zero.</param>
    public static Rng FromState(ulong[] state)
    {
        if (state.Length != 4 || (state[0] | state[1] | state[2] | state[3]) == 0)
            throw new ArgumentException("An Rng state is four 64-bit words, not all zero.", nameof(state));
        return new Rng(state);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextULong()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, maxExclusive), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive), "must be positive");
        var bound = (ulong)maxExclusive;
        var threshold = (0UL - bound) % bound;
        while (true)
        {
            var r = NextULong();
            var product = Math.BigMul(r, bound, out var low);
            if (low >= threshold) return (int)product;
        }
    }

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A seed for a child generator (an environment, a sampler) drawn from this one.</summary>
    public int NextSeed() => (int)(NextULong() >> 33);

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
