using TorchSharp;

namespace RLArena.Engine.Tests;

public class TorchSharpTests
{
    [Test]
    public void ForwardAndBackwardPassComputeTheExpectedGradient()
    {
        Devices.TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        // y = sum(w * x)^2 with w = [1, 2], x = [3, 4]: y = 121, dy/dw = 2 * 11 * x = [66, 88].
        var w = torch.tensor(new float[] { 1, 2 }).requires_grad_();
        var x = torch.tensor(new float[] { 3, 4 });
        var y = (w * x).sum().pow(2);
        y.backward();
        Assert.That(y.item<float>(), Is.EqualTo(121f));
        Assert.That(w.grad!.data<float>().ToArray(), Is.EqualTo(new float[] { 66, 88 }));
    }
}
