using RLArena.Engine.Optimizers;
using RLArena.Agents.Networks;
using RLArena.Core.Errors;
using RLArena.Engine.Networks;
using TorchSharp;

namespace RLArena.Agents.Tests.Networks;

public class FlatAdamTests
{
    [Test]
    public void MatchesTorchAdamWithGradientClipping()
    {
        torch.manual_seed(11);
        using var reference = new ActorCritic([4], 2, [16, 16], Activation.Tanh);
        torch.manual_seed(11);
        using var flat = new ActorCritic([4], 2, [16, 16], Activation.Tanh);
        var torchAdam = torch.optim.Adam(reference.parameters(), 0.01, eps: 1e-5);
        using var flatAdam = new FlatAdam(flat.parameters().ToList(), 0.01, eps: 1e-5);
        var referenceParams = reference.parameters().ToList();

        for (var step = 0; step < 20; step++)
        {
            using var scope = torch.NewDisposeScope();
            var x = torch.randn(32, 4);
            var lr = 0.01 * (1 - step / 20.0);
            foreach (var g in torchAdam.ParamGroups) g.LearningRate = lr;
            flatAdam.LearningRate = lr;

            var (l1, v1) = reference.Forward(x);
            torchAdam.zero_grad();
            (l1.square().mean() + v1.square().mean() * 5).backward();
            var normReference = torch.nn.utils.clip_grad_norm_(referenceParams, 0.5);
            torchAdam.step();

            var (l2, v2) = flat.Forward(x);
            flatAdam.ZeroGrad();
            (l2.square().mean() + v2.square().mean() * 5).backward();
            var normFlat = flatAdam.ClipGradNorm(0.5);
            flatAdam.Step();
            Assert.That(normFlat, Is.EqualTo(normReference).Within(1e-4 * normReference));
        }
        var a = reference.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        var b = flat.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        Assert.That(b, Is.EqualTo(a).Within(1e-5f));
        Assert.That(a.Zip(b).Max(p => Math.Abs(p.First - p.Second)), Is.LessThan(1e-5));
        Assert.That(flatAdam.Steps, Is.EqualTo(20));
    }

    [Test]
    public void StateRoundTripsAndRejectsOtherSizes()
    {
        torch.manual_seed(1);
        using var net = new QNetwork([3], 2, [8]);
        using var adam = new FlatAdam(net.parameters().ToList(), 0.1);
        using (var scope = torch.NewDisposeScope())
        {
            adam.ZeroGrad();
            net.forward(torch.randn(4, 3)).sum().backward();
            adam.Step();
        }
        using var other = new QNetwork([3], 2, [8]);
        using var copy = new FlatAdam(other.parameters().ToList(), 0.5);
        copy.LoadState(adam.SaveState(), "test");
        Assert.That((copy.Steps, copy.LearningRate), Is.EqualTo((1L, 0.1)));
        Assert.That(copy.SaveState(), Is.EqualTo(adam.SaveState()));
        using var bigger = new QNetwork([3], 2, [9]);
        using var wrong = new FlatAdam(bigger.parameters().ToList(), 0.1);
        Assert.Throws<UserFacingException>(() => wrong.LoadState(adam.SaveState(), "test"));
    }
}
