using RLArena.Engine.Networks;
using TorchSharp;

namespace RLArena.Engine.Tests;

public class MlpTests
{
    [Test]
    public void BuildsTheTutorialShapeWithStableNames()
    {
        using var net = Mlp.Build(new MlpSpec(784, [128, 64], 10, Activation.ReLU));
        var shapes = net.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        Assert.That(shapes.Keys, Is.EqualTo(new[] { "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias" }));
        Assert.That(shapes["fc1.weight"], Is.EqualTo(new long[] { 128, 784 }));
        Assert.That(shapes["fc2.weight"], Is.EqualTo(new long[] { 64, 128 }));
        Assert.That(shapes["fc3.weight"], Is.EqualTo(new long[] { 10, 64 }));
        using var scope = torch.NewDisposeScope();
        var output = net.forward(torch.zeros(5, 784));
        Assert.That(output.shape, Is.EqualTo(new long[] { 5, 10 }));
    }

    [Test]
    public void DefaultInitialisationIsPyTorchLinearUniformBound()
    {
        using var net = Mlp.Build(new MlpSpec(100, [50], 3, Activation.Tanh));
        var bound = 1.0 / Math.Sqrt(100);
        var weights = net.named_parameters().First(p => p.name == "fc1.weight").parameter.data<float>().ToArray();
        Assert.That(weights.Max(), Is.LessThanOrEqualTo(bound));
        Assert.That(weights.Min(), Is.GreaterThanOrEqualTo(-bound));
        Assert.That(weights.Max(), Is.GreaterThan(bound * 0.9), "uniform over the whole range, not a narrower one");
    }

    [Test]
    public void OrthogonalInitGivesOrthogonalRowsScaledByTheGainAndZeroBias()
    {
        using var net = Mlp.Build(new MlpSpec(8, [64, 64], 2, Activation.Tanh), new OrthogonalInit(Math.Sqrt(2), 0.01));
        using var scope = torch.NewDisposeScope();
        var parameters = net.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        // fc2 is square 64x64: W W^T = gain^2 I.
        var w2 = parameters["fc2.weight"];
        var gram = w2.matmul(w2.t());
        var expected = torch.eye(64) * 2.0;
        Assert.That((gram - expected).abs().max().item<float>(), Is.LessThan(1e-4));
        // Output layer 2x64: rows orthonormal times 0.01.
        var w3 = parameters["fc3.weight"];
        var gram3 = w3.matmul(w3.t());
        Assert.That((gram3 - torch.eye(2) * 1e-4).abs().max().item<float>(), Is.LessThan(1e-7));
        Assert.That(parameters["fc1.bias"].abs().sum().item<float>(), Is.EqualTo(0f));
        Assert.That(parameters["fc3.bias"].abs().sum().item<float>(), Is.EqualTo(0f));
    }

    [Test]
    public void ActivationsSitBetweenLayersOnly()
    {
        using var net = Mlp.Build(new MlpSpec(3, [4], 2, Activation.ReLU));
        var names = net.named_children().Select(c => c.name).ToArray();
        Assert.That(names, Is.EqualTo(new[] { "fc1", "act1", "fc2" }));
        Assert.That(new MlpSpec(3, [4], 2, Activation.ReLU).ToString(), Is.EqualTo("MLP 3-4-2 (relu)"));
    }

    [Test]
    public void RejectsEmptyLayers()
    {
        Assert.Throws<ArgumentException>(() => Mlp.Build(new MlpSpec(3, [0], 2, Activation.ReLU)));
    }
}
