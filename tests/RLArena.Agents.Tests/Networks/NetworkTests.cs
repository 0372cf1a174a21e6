using RLArena.Agents.Networks;
using RLArena.Engine.Networks;
using TorchSharp;

namespace RLArena.Agents.Tests.Networks;

public class NetworkTests
{
    [Test]
    public void FastMlpAgreesWithTheTorchForward()
    {
        torch.manual_seed(3);
        using var net = new ActorCritic([7], 3, [64, 64], Activation.Tanh);
        using var relu = new ActorCritic([7], 3, [8], Activation.ReLU);
        Assert.That(new FastMlp(relu.ActorMlp!).Activation, Is.EqualTo(Activation.ReLU));
        using var q = new QNetwork([7], 3, [120, 84]);
        using var scope = torch.NewDisposeScope();
        var input = torch.randn(5, 7);
        var data = input.data<float>().ToArray();
        var (logits, values) = net.Forward(input);

        var fastActor = new FastMlp(net.ActorMlp!);
        var fastCritic = new FastMlp(net.CriticMlp!);
        var outLogits = new float[15];
        var outValues = new float[5];
        fastActor.Forward(data, 5, outLogits);
        fastCritic.Forward(data, 5, outValues);
        Assert.That(outLogits, Is.EqualTo(logits.data<float>().ToArray()).Within(1e-5f));
        Assert.That(outValues, Is.EqualTo(values.data<float>().ToArray()).Within(1e-5f));

        var fastQ = new FastMlp(q.HeadMlp!);
        Assert.That((fastActor.Activation, fastCritic.Activation, fastQ.Activation), Is.EqualTo((Activation.Tanh, Activation.Tanh, Activation.ReLU)),
            "the activation comes from the network itself");
        var outQ = new float[15];
        fastQ.Forward(data, 5, outQ);
        Assert.That(outQ, Is.EqualTo(q.forward(input).data<float>().ToArray()).Within(1e-5f));

        // Refresh picks up new weights.
        using (torch.no_grad()) foreach (var p in net.parameters()) p.add_(0.1);
        fastActor.Refresh();
        fastActor.Forward(data, 5, outLogits);
        Assert.That(outLogits, Is.EqualTo(net.Logits(input).data<float>().ToArray()).Within(1e-5f));
    }

    [Test]
    public void ActorCriticUsesCleanRlInitAndStableNames()
    {
        torch.manual_seed(1);
        using var net = new ActorCritic([4], 2, [64, 64], Activation.Tanh);
        var names = net.state_dict().Keys.ToList();
        Assert.That(names, Is.EquivalentTo(new[]
        {
            "actor.fc1.weight", "actor.fc1.bias", "actor.fc2.weight", "actor.fc2.bias", "actor.fc3.weight", "actor.fc3.bias",
            "critic.fc1.weight", "critic.fc1.bias", "critic.fc2.weight", "critic.fc2.bias", "critic.fc3.weight", "critic.fc3.bias",
        }));
        using var scope = torch.NewDisposeScope();
        // Orthogonal with gain g: W Wᵀ = g² I for the (2 × 64) actor head.
        var head = net.state_dict()["actor.fc3.weight"];
        var gram = head.matmul(head.t());
        Assert.That(gram.data<float>().ToArray(), Is.EqualTo(new[] { 1e-4f, 0f, 0f, 1e-4f }).Within(1e-7f));
        Assert.That(net.state_dict()["critic.fc1.bias"].abs().sum().item<float>(), Is.Zero);
        Assert.That(net.Architecture, Is.EqualTo("actor MLP 4-64-64-2 (tanh); critic MLP 4-64-64-1 (tanh)"));
    }

    [Test]
    public void ConvEncoderHandlesImageObservations()
    {
        torch.manual_seed(1);
        using var net = new ActorCritic([3, 20, 24], 5, [64], Activation.Tanh);
        using var q = new QNetwork([3, 40, 40], 4, [64]);
        using var scope = torch.NewDisposeScope();
        var (logits, values) = net.Forward(torch.rand(6, 3 * 20 * 24));
        Assert.That(logits.shape, Is.EqualTo(new long[] { 6, 5 }));
        Assert.That(values.shape, Is.EqualTo(new long[] { 6 }));
        Assert.That(q.forward(torch.rand(2, 3 * 40 * 40)).shape, Is.EqualTo(new long[] { 2, 4 }));
        Assert.That(net.ActorMlp, Is.Null);
        Assert.That(q.Architecture, Does.Contain("conv 3x40x40 16s2-32s2"));
    }
}
