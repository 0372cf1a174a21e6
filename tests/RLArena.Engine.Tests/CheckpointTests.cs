using RLArena.Engine.Checkpoints;
using RLArena.Core.Errors;
using RLArena.Engine.Networks;
using TorchSharp;

namespace RLArena.Engine.Tests;

public class CheckpointTests
{
    private string _dir = "";

    [SetUp]
    public void MakeFolder() => _dir = Directory.CreateTempSubdirectory("rlarena-ckpt-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private static readonly MlpSpec Spec = new(4, [8], 3, Activation.ReLU);

    private static CheckpointMetadata Meta(long step) => new()
    {
        Kind = "test-model",
        Architecture = Spec.ToString(),
        Dataset = "synthetic",
        Step = step,
        Config = new() { ["lr"] = "0.01" },
        Extra = new() { ["note"] = "hello" },
    };

    private static float[] Weights(torch.nn.Module net) => net.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();

    private static void TakeSteps(torch.nn.Module<torch.Tensor, torch.Tensor> net, torch.optim.Optimizer optimizer, int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            using var scope = torch.NewDisposeScope();
            var loss = net.forward(torch.ones(2, 4)).pow(2).sum();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
    }

    [Test]
    public void RoundTripRestoresWeightsOptimizerMetadataAndSections()
    {
        torch.manual_seed(1);
        using var net = Mlp.Build(Spec);
        using var optimizer = torch.optim.Adam(net.parameters(), 0.01);
        TakeSteps(net, optimizer, 3);
        var path = Path.Combine(_dir, "model.ckpt");
        Checkpoint.Save(path, net, optimizer, Meta(3), new Dictionary<string, byte[]> { ["buffer"] = [1, 2, 3] });

        torch.manual_seed(99);
        using var restored = Mlp.Build(Spec);
        using var restoredOptimizer = torch.optim.Adam(restored.parameters(), 0.01);
        var checkpoint = Checkpoint.Read(path);
        checkpoint.LoadModel(restored, Spec.ToString());
        checkpoint.LoadOptimizer(restoredOptimizer);
        Assert.That(Weights(restored), Is.EqualTo(Weights(net)));
        Assert.That(checkpoint.Metadata.Step, Is.EqualTo(3));
        Assert.That(checkpoint.Metadata.Config["lr"], Is.EqualTo("0.01"));
        Assert.That(checkpoint.Metadata.Extra["note"], Is.EqualTo("hello"));
        Assert.That(checkpoint.Metadata.TorchSharpVersion, Is.Not.Empty);
        Assert.That(checkpoint.GetSection("buffer"), Is.EqualTo(new byte[] { 1, 2, 3 }));

        // The optimizer state (Adam moments) came along: the next steps match exactly.
        TakeSteps(net, optimizer, 2);
        TakeSteps(restored, restoredOptimizer, 2);
        Assert.That(Weights(restored), Is.EqualTo(Weights(net)));
    }

    [Test]
    public void ACrashMidWriteLeavesThePreviousCheckpointIntact()
    {
        using var net = Mlp.Build(Spec);
        var path = Path.Combine(_dir, "model.ckpt");
        Checkpoint.Save(path, net, null, Meta(1));
        var before = File.ReadAllBytes(path);

        using (var noGrad = torch.no_grad())
        {
            foreach (var p in net.parameters()) p.add_(1.0f);
        }
        Assert.Throws<IOException>(() =>
            Checkpoint.Save(path, net, null, Meta(2), beforeCommit: _ => throw new IOException("simulated crash")));

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(before));
        Assert.That(Checkpoint.Read(path).Metadata.Step, Is.EqualTo(1));
        Assert.That(Directory.GetFiles(_dir), Has.Length.EqualTo(1), "no temporary file is left behind");
    }

    [Test]
    public void LoadingIntoAnotherArchitectureIsAClearError()
    {
        using var net = Mlp.Build(Spec);
        var path = Path.Combine(_dir, "model.ckpt");
        Checkpoint.Save(path, net, null, Meta(1));
        var other = new MlpSpec(4, [16], 3, Activation.ReLU);
        using var otherNet = Mlp.Build(other);
        var error = Assert.Throws<UserFacingException>(() => Checkpoint.Read(path).LoadModel(otherNet, other.ToString()));
        Assert.That(error!.Message, Does.Contain("MLP 4-8-3 (relu)").And.Contain("MLP 4-16-3 (relu)"));
    }

    [Test]
    public void MismatchedTensorShapesAreAClearErrorEvenUnderTheSameName()
    {
        using var net = Mlp.Build(Spec);
        var path = Path.Combine(_dir, "model.ckpt");
        Checkpoint.Save(path, net, null, Meta(1));
        using var otherNet = Mlp.Build(new MlpSpec(4, [16], 3, Activation.ReLU));
        var error = Assert.Throws<UserFacingException>(() => Checkpoint.Read(path).LoadModel(otherNet, Spec.ToString()));
        Assert.That(error!.Message, Does.Contain("fc1.weight").And.Contain("[8,4]").And.Contain("[16,4]"));
    }

    [Test]
    public void AGarbageFileIsNotACheckpoint()
    {
        var path = Path.Combine(_dir, "garbage.ckpt");
        File.WriteAllBytes(path, "this is not a checkpoint at all"u8.ToArray());
        var error = Assert.Throws<UserFacingException>(() => Checkpoint.Read(path));
        Assert.That(error!.Message, Does.Contain("not a usable RLArena checkpoint"));
    }

    [Test]
    public void ATruncatedCheckpointIsAClearError()
    {
        using var net = Mlp.Build(Spec);
        var path = Path.Combine(_dir, "model.ckpt");
        Checkpoint.Save(path, net, null, Meta(1));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<UserFacingException>(() => Checkpoint.Read(path));
        Assert.That(error!.Message, Does.Contain("truncated"));
    }

    [Test]
    public void AMissingFileIsAClearError()
    {
        var error = Assert.Throws<UserFacingException>(() => Checkpoint.Read(Path.Combine(_dir, "nope.ckpt")));
        Assert.That(error!.Message, Does.Contain("does not exist"));
    }
}
