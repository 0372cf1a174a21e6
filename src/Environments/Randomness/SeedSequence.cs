namespace RLArena.Environments.Randomness;

/// <summary>
/// NumPy's <c>SeedSequence</c> (numpy/random/bit_generator.pyx) for a single non-negative integer seed and no spawn
/// key: the entropy is hashed into a pool of four 32-bit words, from which any number of state words are drawn.
/// This is what <c>np.random.default_rng(seed)</c> and Gymnasium's <c>seeding.np_random(seed)</c> feed to PCG64.
/// </summary>
public static class SeedSequence
{
    private const int PoolSize = 4;
    private const uint InitA = 0x43b0d7e5;
    private const uint MultA = 0x931e8875;
    private const uint InitB = 0x8b51f9dd;
    private const uint MultB = 0x58f38ded;
    private const uint MixMultL = 0xca01f9dd;
    private const uint MixMultR = 0x4973f715;
    private const int XShift = 16;

    /// <summary>The 64-bit words of <c>SeedSequence(seed).generate_state(count, np.uint64)</c>.</summary>
    public static ulong[] GenerateState64(ulong seed, int count)
    {
        var words32 = GenerateState32(seed, 2 * count);
        var result = new ulong[count];
        for (var i = 0; i < count; i++) result[i] = words32[2 * i] | ((ulong)words32[2 * i + 1] << 32);
        return result;
    }

    /// <summary>The 32-bit words of <c>SeedSequence(seed).generate_state(count, np.uint32)</c>.</summary>
    public static uint[] GenerateState32(ulong seed, int count)
    {
        var pool = Pool(seed);
        var hashConst = InitB;
        var state = new uint[count];
        for (var i = 0; i < count; i++)
        {
            var value = pool[i % PoolSize];
            value ^= hashConst;
            hashConst *= MultB;
            value *= hashConst;
            value ^= value >> XShift;
            state[i] = value;
        }
        return state;
    }

    /// <summary>The entropy pool after <c>mix_entropy</c>.</summary>
    private static uint[] Pool(ulong seed)
    {
        // _coerce_to_uint32_array: an integer becomes its 32-bit words, least significant first; 0 is [0].
        var entropy = seed >> 32 == 0 ? new[] { (uint)seed } : new[] { (uint)seed, (uint)(seed >> 32) };
        var mixer = new uint[PoolSize];
        var hashConst = InitA;
        for (var i = 0; i < PoolSize; i++) mixer[i] = HashMix(i < entropy.Length ? entropy[i] : 0u, ref hashConst);
        for (var src = 0; src < PoolSize; src++)
        {
            for (var dst = 0; dst < PoolSize; dst++)
            {
                if (src != dst) mixer[dst] = Mix(mixer[dst], HashMix(mixer[src], ref hashConst));
            }
        }
        for (var src = PoolSize; src < entropy.Length; src++)
        {
            for (var dst = 0; dst < PoolSize; dst++) mixer[dst] = Mix(mixer[dst], HashMix(entropy[src], ref hashConst));
        }
        return mixer;
    }

    private static uint HashMix(uint value, ref uint hashConst)
    {
        value ^= hashConst;
        hashConst *= MultA;
        value *= hashConst;
        value ^= value >> XShift;
        return value;
    }

    private static uint Mix(uint x, uint y)
    {
        var result = MixMultL * x - MixMultR * y;
        result ^= result >> XShift;
        return result;
    }
}
