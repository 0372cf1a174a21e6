using RLArena.Engine.Networks;
using RLArena.Core.Reproducibility;
using RLArena.Engine.Reproducibility;
using TorchSharp;

namespace RLArena.Engine.Tests;

public class SeedingTests
{
    private static float[] TrainBriefly(int seed)
    {
        var rng = Seeding.SeedAll(seed);
        using var net = Mlp.Build(new MlpSpec(4, [16], 2, Activation.Tanh));
        using var optimizer = torch.optim.SGD(net.parameters(), 0.1, momentum: 0.9);
        var inputs = torch.randn(64, 4);
        var targets = torch.randint(0, 2, 64);
        var order = Enumerable.Range(0, 64).ToArray();
        for (var step = 0; step < 20; step++)
        {
            using var scope = torch.NewDisposeScope();
            rng.Shuffle(order.AsSpan());
            var index = torch.tensor(order[..16].Select(i => (long)i).ToArray());
            var loss = torch.nn.functional.cross_entropy(net.forward(inputs.index_select(0, index)), targets.index_select(0, index));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        inputs.Dispose();
        targets.Dispose();
        return net.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
    }

    [Test]
    public void TwoRunsWithTheSameSeedGiveIdenticalWeights()
    {
        Assert.That(TrainBriefly(7), Is.EqualTo(TrainBriefly(7)));
    }

    [Test]
    public void DifferentSeedsGiveDifferentWeights()
    {
        Assert.That(TrainBriefly(7), Is.Not.EqualTo(TrainBriefly(8)));
    }

    [Test]
    public void RngStateRoundTripContinuesTheSameStream()
    {
        var rng = new Rng(42);
        for (var i = 0; i < 10; i++) rng.NextULong();
        var copy = Rng.FromState(rng.GetState());
        for (var i = 0; i < 100; i++) Assert.That(copy.NextULong(), Is.EqualTo(rng.NextULong()));
    }

    [Test]
    public void RngDrawsStayInRangeAndCoverIt()
    {
        var rng = new Rng(1);
        var seen = new bool[7];
        for (var i = 0; i < 1000; i++)
        {
            var v = rng.NextInt(7);
            Assert.That(v, Is.InRange(0, 6));
            seen[v] = true;
            var d = rng.NextDouble();
            Assert.That(d, Is.GreaterThanOrEqualTo(0.0).And.LessThan(1.0));
        }
        Assert.That(seen, Is.All.True);
    }

    [Test]
    public void ShuffleIsAPermutation()
    {
        var items = Enumerable.Range(0, 50).ToArray();
        new Rng(3).Shuffle(items.AsSpan());
        Assert.That(items.OrderBy(i => i), Is.EqualTo(Enumerable.Range(0, 50)));
        Assert.That(items, Is.Not.EqualTo(Enumerable.Range(0, 50)));
    }
}
