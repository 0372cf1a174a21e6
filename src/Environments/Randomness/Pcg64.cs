using System.Security.Cryptography;

namespace RLArena.Environments.Randomness;

/// <summary>
/// NumPy's default bit generator PCG64 (PCG XSL-RR 128/64) seeded exactly as <c>np.random.default_rng(seed)</c>,
/// with NumPy's <c>random()</c> and <c>uniform(low, high)</c> on top. So <c>Pcg64.FromSeed(s)</c> followed by four
/// <see cref="Uniform"/> calls gives, bit for bit, what Gymnasium's CartPole draws in <c>reset(seed=s)</c>.
/// <see cref="NextInt"/> is our own unbiased bounded integer (Lemire's method) and is not NumPy's <c>integers()</c>.
/// </summary>
public sealed class Pcg64
{
    // PCG_DEFAULT_MULTIPLIER_128
    private static readonly UInt128 Multiplier = new(0x2360ED051FC65DA4UL, 0x4385DF649FCCF645UL);

    private UInt128 _state;
    private UInt128 _increment;

    private Pcg64(UInt128 initState, UInt128 initSequence)
    {
        // pcg_setseq_128_srandom_r
        _state = 0;
        _increment = (initSequence << 1) | 1;
        Advance();
        _state += initState;
        Advance();
    }

    /// <summary><c>PCG64(SeedSequence(seed))</c>; the seed must be non-negative, as NumPy requires.</summary>
    public static Pcg64 FromSeed(long seed)
    {
        if (seed < 0) throw new ArgumentOutOfRangeException(nameof(seed), seed, "a seed must be non-negative (as in NumPy and Gymnasium).");
        var words = SeedSequence.GenerateState64((ulong)seed, 4);
        return new Pcg64(new UInt128(words[0], words[1]), new UInt128(words[2], words[3]));
    }

    /// <summary>A generator seeded from the operating system's entropy (Gymnasium's behaviour for an unseeded reset).</summary>
    public static Pcg64 FromEntropy() => FromSeed(RandomNumberGenerator.GetInt32(int.MaxValue));

    /// <summary>The full generator state (128-bit state and increment), for tests and snapshots.</summary>
    public (UInt128 State, UInt128 Increment) GetState() => (_state, _increment);

    /// <summary>A generator that continues exactly from a state returned by <see cref="GetState"/>.</summary>
    public static Pcg64 FromState(UInt128 state, UInt128 increment)
    {
        if ((increment & 1) == 0) throw new ArgumentException("a PCG64 increment is always odd; this state was not read from a generator.", nameof(increment));
        var generator = new Pcg64(0, 0) { _state = state, _increment = increment };
        return generator;
    }

    /// <summary>Writes the state (four 64-bit words) for an environment snapshot.</summary>
    public void WriteState(BinaryWriter writer)
    {
        writer.Write((ulong)(_state >> 64));
        writer.Write((ulong)_state);
        writer.Write((ulong)(_increment >> 64));
        writer.Write((ulong)_increment);
    }

    /// <summary>Reads a generator written by <see cref="WriteState"/>.</summary>
    public static Pcg64 ReadState(BinaryReader reader)
    {
        var state = new UInt128(reader.ReadUInt64(), reader.ReadUInt64());
        var increment = new UInt128(reader.ReadUInt64(), reader.ReadUInt64());
        if ((increment & 1) == 0) throw new InvalidDataException("the snapshot's PCG64 state is corrupt (its increment is even).");
        return FromState(state, increment);
    }

    /// <summary>The next 64 random bits, as NumPy's <c>PCG64.random_raw()</c>.</summary>
    public ulong NextUInt64()
    {
        Advance();
        // pcg_output_xsl_rr_128_64
        var hi = (ulong)(_state >> 64);
        var lo = (ulong)_state;
        var rotation = (int)(hi >> 58);
        return ulong.RotateRight(hi ^ lo, rotation);
    }

    /// <summary>NumPy's <c>next_double</c>: 53 random bits scaled into [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>NumPy's <c>Generator.uniform(low, high)</c>: <c>low + (high - low) * next_double</c>, in [low, high).</summary>
    public double Uniform(double low, double high)
    {
        var range = high - low;
        return low + range * NextDouble();
    }

    /// <summary>A uniform integer in [0, <paramref name="n"/>) without bias (Lemire's multiply-and-reject).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "the bound must be positive.");
        var bound = (ulong)n;
        var product = (UInt128)NextUInt64() * bound;
        var low = (ulong)product;
        if (low < bound)
        {
            var threshold = (0UL - bound) % bound;
            while (low < threshold)
            {
                product = (UInt128)NextUInt64() * bound;
                low = (ulong)product;
            }
        }
        return (int)(ulong)(product >> 64);
    }

    private void Advance() => _state = _state * Multiplier + _increment;
}
