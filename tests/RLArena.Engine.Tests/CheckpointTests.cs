using System.Text;
using System.Text.Json;
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

        // Cut anywhere after the header, the file is called truncated, never read as a smaller model.
        for (var length = 16; length < bytes.Length; length += Math.Max(1, bytes.Length / 97))
        {
            File.WriteAllBytes(path, bytes[..length]);
            var cut = Assert.Throws<UserFacingException>(() => Checkpoint.Read(path), $"cut at {length}")!;
            Assert.That(cut.Message, Does.Contain("truncated").And.Contain(path), $"cut at {length}");
        }
    }

    [Test]
    public void AMissingFileIsAClearError()
    {
        var error = Assert.Throws<UserFacingException>(() => Checkpoint.Read(Path.Combine(_dir, "nope.ckpt")));
        Assert.That(error!.Message, Does.Contain("does not exist"));
    }

    /// <summary>
    /// The parts of a version-2 checkpoint, read here independently of <see cref="Checkpoint"/>: for each part, the
    /// byte range it covers and the word an error about it must contain.
    /// </summary>
    private static List<(int Start, int End, string Part)> Layout(byte[] file)
    {
        var parts = new List<(int, int, string)> { (0, 16, "header") };
        using var reader = new BinaryReader(new MemoryStream(file), Encoding.UTF8);
        reader.BaseStream.Position = 16;
        var jsonLength = reader.ReadInt32();
        reader.BaseStream.Position += jsonLength + 8;
        parts.Add((16, (int)reader.BaseStream.Position, "metadata"));
        var tableStart = (int)reader.BaseStream.Position;
        var count = reader.ReadInt32();
        var sections = new List<(string Name, long Length)>();
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            sections.Add((name, reader.ReadInt64()));
            reader.ReadUInt64();
        }
        reader.ReadUInt64();
        parts.Add((tableStart, (int)reader.BaseStream.Position, "section table"));
        foreach (var (name, length) in sections)
        {
            var start = (int)reader.BaseStream.Position;
            parts.Add((start, start + (int)length, $"section '{name}'"));
            reader.BaseStream.Position += length;
        }
        Assert.That(reader.BaseStream.Position, Is.EqualTo(file.Length), "the layout covers the whole file");
        return parts;
    }

    [Test]
    public void AFlippedBitAnywhereIsAnErrorNamingTheFileAndTheDamagedPart()
    {
        torch.manual_seed(5);
        using var net = Mlp.Build(Spec);
        using var optimizer = torch.optim.Adam(net.parameters(), 0.01);
        TakeSteps(net, optimizer, 1);
        var path = Path.Combine(_dir, "model.ckpt");
        Checkpoint.Save(path, net, optimizer, Meta(3), new Dictionary<string, byte[]> { ["buffer"] = [1, 2, 3, 4, 5, 6, 7, 8] });
        var original = File.ReadAllBytes(path);
        var layout = Layout(original);
        Assert.That(layout.Select(p => p.Part), Is.EqualTo(new[]
        {
            "header", "metadata", "section table", "section 'model'", "section 'optimizer'", "section 'buffer'",
        }));

        var checkedPerPart = layout.ToDictionary(p => p.Part, _ => 0);
        foreach (var (start, end, part) in layout)
        {
            // Every byte of the small parts; about 40 spread over each large one, always its first and last byte.
            var stride = Math.Max(1, (end - start) / 40);
            var positions = Enumerable.Range(0, (end - start + stride - 1) / stride).Select(k => start + k * stride).Append(end - 1).Distinct();
            foreach (var position in positions)
            {
                foreach (var bit in new[] { 0, 7 })
                {
                    var damaged = (byte[])original.Clone();
                    damaged[position] ^= (byte)(1 << bit);
                    File.WriteAllBytes(path, damaged);
                    var error = Assert.Throws<UserFacingException>(() => Checkpoint.Read(path),
                        $"byte {position} bit {bit} ({part}) went unnoticed");
                    Assert.That(error!.Message, Does.Contain(path), $"byte {position} ({part})");
                    Assert.That(error.Message.ReplaceLineEndings(" "), Is.EqualTo(error.Message), "one line");
                    var expected = part == "header" ? "header" : part;
                    Assert.That(error.Message, Does.Contain(expected), $"byte {position} bit {bit} is in the {part}");
                    checkedPerPart[part]++;
                }
            }
        }
        Assert.That(checkedPerPart.Values, Has.All.GreaterThan(0));
        File.WriteAllBytes(path, original);
        Assert.That(Checkpoint.Read(path).Version, Is.EqualTo(Checkpoint.FormatVersion));
    }

    [Test]
    public void AVersionOneCheckpointWithoutChecksumsStillLoads()
    {
        torch.manual_seed(2);
        using var net = Mlp.Build(Spec);
        byte[] weights;
        using (var buffer = new MemoryStream())
        {
            using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true)) net.save(w);
            weights = buffer.ToArray();
        }
        var path = Path.Combine(_dir, "old.ckpt");
        using (var writer = new BinaryWriter(File.Create(path), Encoding.UTF8))
        {
            // The layout RLArena wrote before checksums: magic, version 1, metadata JSON, then the sections.
            writer.Write("RLARENA-CKPT"u8.ToArray());
            writer.Write(1);
            writer.Write(JsonSerializer.Serialize(Meta(7)));
            writer.Write(1);
            writer.Write(Checkpoint.ModelSection);
            writer.Write((long)weights.Length);
            writer.Write(weights);
        }

        var checkpoint = Checkpoint.Read(path);
        Assert.That(checkpoint.Version, Is.EqualTo(Checkpoint.LegacyFormatVersion));
        Assert.That(checkpoint.Metadata.Step, Is.EqualTo(7));
        torch.manual_seed(50);
        using var restored = Mlp.Build(Spec);
        checkpoint.LoadModel(restored, Spec.ToString());
        Assert.That(Weights(restored), Is.EqualTo(Weights(net)));
    }

    [Test]
    public void TemporaryFilesLeftByAnInterruptedWriteAreRemovedByTheNextSave()
    {
        using var net = Mlp.Build(Spec);
        var path = Path.Combine(_dir, "model.ckpt");
        // What a process killed mid-write leaves: a half-written temporary file beside the checkpoint.
        var stale = Path.Combine(_dir, ".model.ckpt.0123456789abcdef0123456789abcdef.tmp");
        File.WriteAllBytes(stale, [1, 2, 3]);
        var unrelated = Path.Combine(_dir, ".other.ckpt.0123.tmp");
        File.WriteAllBytes(unrelated, [4]);

        Checkpoint.Save(path, net, null, Meta(1));

        Assert.That(File.Exists(stale), Is.False, "the stale temporary file is gone");
        Assert.That(File.Exists(unrelated), Is.True, "another checkpoint's files are left alone");
        Assert.That(Checkpoint.Read(path).Metadata.Step, Is.EqualTo(1));
    }
}
