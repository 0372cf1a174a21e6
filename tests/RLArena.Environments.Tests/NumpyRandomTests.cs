using RLArena.Environments.Randomness;

namespace RLArena.Environments.Tests;

/// <summary>
/// Expected values were produced on this machine with Debian's NumPy 1.24.2 (/usr/bin/python3, python3-numpy):
/// <c>np.random.SeedSequence(seed).generate_state(4, np.uint64)</c>, <c>np.random.default_rng(seed).uniform(-0.05, 0.05, 4)</c>
/// (printed with repr, which round-trips float64 exactly) and <c>default_rng(7).bit_generator.random_raw(3)</c>.
/// </summary>
public class NumpyRandomTests
{
    [TestCase(0UL, 0xdb2cd7e7b0f478beUL, 0xabf4641a2c71ba49UL, 0x20c6ed6d9d7b8d41UL, 0x2c4099de223c39d4UL)]
    [TestCase(1UL, 0x672d8ee56d6791ffUL, 0x8ae19ca14eb1072cUL, 0x4915796d1322fc4aUL, 0xd0cc2bdcaba049bdUL)]
    [TestCase(42UL, 0x9f1e2e6dcd540ab7UL, 0xd57873dc79fb94b6UL, 0x7d282a1b64d420b7UL, 0x336579714692d5ffUL)]
    [TestCase(12345UL, 0xb5ae6482a03d837cUL, 0xbbe2996ffa1f7a2fUL, 0x64e39a9f37158f94UL, 0x3ebb0f96a013fd73UL)]
    [TestCase(2147483647UL, 0x046b33a772daeceaUL, 0xd951128f501fdc04UL, 0x1435fc69ac2fb6efUL, 0xdeb6da581f537928UL)]
    [TestCase(1099511627781UL, 0xdae41755e08a170bUL, 0x8415abe87ecdcb2cUL, 0x2525c5b44b9118d0UL, 0x42c2793f3392bed3UL)] // 2**40 + 5: two entropy words
    public void SeedSequence_matches_numpy(ulong seed, ulong w0, ulong w1, ulong w2, ulong w3)
    {
        Assert.That(SeedSequence.GenerateState64(seed, 4), Is.EqualTo(new[] { w0, w1, w2, w3 }));
    }

    [Test]
    public void Pcg64_raw_outputs_match_numpy()
    {
        var rng = Pcg64.FromSeed(7);
        Assert.That(new[] { rng.NextUInt64(), rng.NextUInt64(), rng.NextUInt64() },
            Is.EqualTo(new[] { 0xa00641a9f1e54a8bUL, 0xe5afcdbcaf266a95UL, 0xc693565f940af962UL }));
    }

    [Test]
    public void A_seed_wider_than_32_bits_matches_numpy()
    {
        // np.random.default_rng(2**40 + 5).bit_generator.random_raw(2)
        var rng = Pcg64.FromSeed((1L << 40) + 5);
        Assert.That(new[] { rng.NextUInt64(), rng.NextUInt64() }, Is.EqualTo(new[] { 0x01369aef039fedebUL, 0x5f61b40473314316UL }));
    }

    [TestCase(0, 0.013696168732145436, -0.02302132862361297, -0.045902647606380534, -0.04834723644714709)]
    [TestCase(1, 0.0011821624700256717, 0.045046369632593536, -0.03558403872803663, 0.04486494471372439)]
    [TestCase(42, 0.027395604855596334, -0.006112156024794771, 0.03585979199113824, 0.019736802905936393)]
    [TestCase(12345, -0.027266397753283034, -0.018324166029024716, 0.029736545733273417, 0.017625467075097462)]
    [TestCase(2147483647, -0.022914590085488573, 0.04338994503936809, -0.00605823349878877, 0.014447736877482964)]
    public void Uniform_matches_numpy_to_the_last_bit(int seed, double a, double b, double c, double d)
    {
        var rng = Pcg64.FromSeed(seed);
        var drawn = new[] { rng.Uniform(-0.05, 0.05), rng.Uniform(-0.05, 0.05), rng.Uniform(-0.05, 0.05), rng.Uniform(-0.05, 0.05) };
        Assert.That(drawn.Select(BitConverter.DoubleToInt64Bits), Is.EqualTo(new[] { a, b, c, d }.Select(BitConverter.DoubleToInt64Bits)));
    }

    [Test]
    public void Negative_seeds_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Pcg64.FromSeed(-1));
    }

    [Test]
    public void NextInt_stays_in_range_and_covers_it()
    {
        var rng = Pcg64.FromSeed(3);
        var counts = new int[7];
        for (var i = 0; i < 7000; i++) counts[rng.NextInt(7)]++;
        Assert.That(counts, Has.All.InRange(850, 1150));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(0));
    }
}
