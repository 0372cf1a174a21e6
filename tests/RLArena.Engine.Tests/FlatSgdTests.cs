using RLArena.Engine.Networks;
using RLArena.Engine.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace RLArena.Engine.Tests;

public class FlatSgdTests
{
    [TestCase(0.9)]
    [TestCase(0.0)]
    public void It_follows_torch_optim_SGD_step_for_step(double momentum)
    {
        var spec = new MlpSpec(20, [16, 8], 4, Activation.ReLU);
        manual_seed(5);
        using var reference = Mlp.Build(spec);
        manual_seed(5);
        using var fused = Mlp.Build(spec);
        using var sgd = optim.SGD(reference.parameters(), 0.05, momentum);
        using var flat = new FlatSgd(fused.parameters(), 0.05, momentum);

        manual_seed(9);
        using var x = randn(30, 20);
        using var y = randint(0, 4, [30]);
        for (var step = 0; step < 25; step++)
        {
            using var scope = NewDisposeScope();
            var batch = arange(step % 3 * 10, step % 3 * 10 + 10);
            sgd.zero_grad();
            nn.functional.cross_entropy(reference.call(x.index_select(0, batch)), y.index_select(0, batch)).backward();
            sgd.step();
            flat.ZeroGrad();
            nn.functional.cross_entropy(fused.call(x.index_select(0, batch)), y.index_select(0, batch)).backward();
            flat.Step();
        }

        var before = reference.parameters().Zip(fused.parameters()).ToList();
        Assert.That(before, Has.Count.EqualTo(6));
        foreach (var (a, b) in before)
        {
            var difference = (a - b).abs().max().item<float>();
            Assert.That(difference, Is.LessThan(1e-6f), "weights diverged from torch.optim.SGD");
        }
        // The model's own weights are views of the flat buffer: training really moved them.
        using var fresh = Mlp.Build(spec);
        Assert.That((fused.parameters().First() - fresh.parameters().First()).abs().max().item<float>(), Is.GreaterThan(0f));
        Assert.That(flat.FlatValues.numel(), Is.EqualTo(20 * 16 + 16 + 16 * 8 + 8 + 8 * 4 + 4));
    }
}
