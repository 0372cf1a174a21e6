using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RLArena.Core.Errors;
using RLArena.Engine.Interop;
using RLArena.Engine.Networks;
using RLArena.Tests.Shared;
using TorchSharp;

namespace RLArena.Engine.Tests;

public class StateDictFileTests
{
    private string _dir = "";

    [SetUp]
    public void MakeFolder() => _dir = Directory.CreateTempSubdirectory("rlarena-statedict-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    /// <summary>Tensors of several element types and shapes, seeded, including a scalar and an empty one.</summary>
    private static StateDict Sample()
    {
        torch.manual_seed(7);
        var dict = new StateDict();
        dict.Add("fc1.weight", torch.randn(5, 3));
        dict.Add("fc1.bias", torch.randn(5));
        dict.Add("stats.mean", torch.randn(2, 2, dtype: torch.float64));
        dict.Add("stats.count", torch.tensor(new long[] { 3, -4, 1L << 40 }));
        dict.Add("scale", torch.tensor(0.25f));
        dict.Add("empty", torch.zeros(0, 4));
        dict.Metadata["dataset"] = "fashion-mnist";
        return dict;
    }

    private static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    [Test]
    public void SafetensorsHeaderAndBytesAreExactlyTheTensors()
    {
        using var dict = Sample();
        var path = Path.Combine(_dir, "w.safetensors");
        StateDictFile.Write(path, dict, StateDictFormat.Safetensors);

        // Parse the file by hand, as the safetensors specification lays it out.
        var bytes = File.ReadAllBytes(path);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.That((8 + headerLength) % 8, Is.EqualTo(0), "the data starts on an 8-byte boundary");
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, headerLength));
        var entries = header.RootElement.EnumerateObject().ToList();
        Assert.That(entries.Select(e => e.Name), Is.EqualTo(new[] { "__metadata__" }.Concat(dict.Names)));
        Assert.That(header.RootElement.GetProperty("__metadata__").GetProperty("dataset").GetString(), Is.EqualTo("fashion-mnist"));
        var dataStart = 8 + headerLength;
        long expectedOffset = 0;
        foreach (var (name, tensor) in dict.Entries)
        {
            var entry = header.RootElement.GetProperty(name);
            Assert.That(entry.GetProperty("shape").EnumerateArray().Select(s => s.GetInt64()), Is.EqualTo(tensor.shape), name);
            Assert.That(entry.GetProperty("dtype").GetString(),
                Is.EqualTo(tensor.dtype switch { torch.ScalarType.Float32 => "F32", torch.ScalarType.Float64 => "F64", _ => "I64" }), name);
            var offsets = entry.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt64()).ToArray();
            Assert.That(offsets[0], Is.EqualTo(expectedOffset), $"{name} follows the previous tensor");
            var stored = bytes.AsSpan(dataStart + (int)offsets[0], (int)(offsets[1] - offsets[0]));
            Assert.That(stored.ToArray(), Is.EqualTo(tensor.bytes.ToArray()), $"{name}: the stored bytes are the tensor's");
            expectedOffset = offsets[1];
        }
        Assert.That(bytes.Length, Is.EqualTo(dataStart + expectedOffset), "nothing follows the last tensor");

        using var back = StateDictFile.Read(path);
        Assert.That(back.Names, Is.EqualTo(dict.Names));
        Assert.That(back.Metadata["dataset"], Is.EqualTo("fashion-mnist"));
        foreach (var (name, tensor) in dict.Entries)
        {
            Assert.That(back[name].dtype, Is.EqualTo(tensor.dtype), name);
            Assert.That(back[name].shape, Is.EqualTo(tensor.shape), name);
            Assert.That(back[name].bytes.ToArray(), Is.EqualTo(tensor.bytes.ToArray()), name);
        }
    }

    [Test]
    public void DamagedSafetensorsFilesAreOneLineErrors()
    {
        using var dict = Sample();
        var path = Path.Combine(_dir, "w.safetensors");
        StateDictFile.Write(path, dict, StateDictFormat.Safetensors);
        var bytes = File.ReadAllBytes(path);

        var truncated = Path.Combine(_dir, "truncated.safetensors");
        File.WriteAllBytes(truncated, bytes[..^10]);
        var e = Assert.Throws<UserFacingException>(() => StateDictFile.Read(truncated).Dispose())!;
        Assert.That(e.Message, Does.Contain("not a valid safetensors file").And.Contain("outside the").And.Not.Contain("\n"));

        var wrongLength = Path.Combine(_dir, "length.safetensors");
        var copy = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(copy, (ulong)bytes.Length);
        copy[8] = (byte)'{';
        File.WriteAllBytes(wrongLength, copy);
        e = Assert.Throws<UserFacingException>(() => StateDictFile.Read(wrongLength).Dispose())!;
        Assert.That(e.Message, Does.Contain("header length"));

        var other = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(other, "hello world, not weights");
        e = Assert.Throws<UserFacingException>(() => StateDictFile.Read(other).Dispose())!;
        Assert.That(e.Message, Does.Contain("neither a PyTorch state dict").And.Contain("torch.save(model.state_dict(), path)"));

        e = Assert.Throws<UserFacingException>(() => StateDictFile.Read(Path.Combine(_dir, "absent.pt")).Dispose())!;
        Assert.That(e.Message, Does.Contain("does not exist"));
    }

    [Test]
    public void FormatNamesAreCheckedWithTheChoicesListed()
    {
        Assert.That(StateDictFormats.Parse("pt"), Is.EqualTo(StateDictFormat.PyTorch));
        Assert.That(StateDictFormats.Parse("SafeTensors"), Is.EqualTo(StateDictFormat.Safetensors));
        var e = Assert.Throws<UsageException>(() => StateDictFormats.Parse("pickle"))!;
        Assert.That(e.Message, Is.EqualTo("--format 'pickle' is not a known format; expected one of pt, safetensors."));
    }

    [Test]
    public void ImportNamesMissingExtraAndMisShapedTensors()
    {
        using var net = Mlp.Build(new MlpSpec(4, [8], 3, Activation.ReLU));
        var layout = new PyTorchLayout(net.state_dict().Keys.Select(k => (k, "net." + k)), "the test net");
        using var good = layout.Export(net);
        Assert.That(good.Names, Is.EqualTo(new[] { "net.fc1.weight", "net.fc1.bias", "net.fc2.weight", "net.fc2.bias" }));

        using var bad = new StateDict();
        bad.Add("net.fc1.weight", torch.zeros(8, 5));
        bad.Add("net.fc1.bias", torch.zeros(8));
        bad.Add("net.fc2.weight", torch.zeros(3, 8));
        bad.Add("net.fc9.bias", torch.zeros(3));
        using var other = Mlp.Build(new MlpSpec(4, [8], 3, Activation.ReLU));
        var before = other.state_dict()["fc2.weight"].clone();
        var e = Assert.Throws<UserFacingException>(() => layout.Import(bad, other, "x.pt"))!;
        Assert.That(e.Message, Does.StartWith("'x.pt' does not fit the test net: missing net.fc2.bias; unexpected net.fc9.bias; " +
                                              "net.fc1.weight is [8, 5], expected [8, 4]."));
        Assert.That(other.state_dict()["fc2.weight"].allclose(before, 0, 0), "nothing was copied from a file that does not fit");

        layout.Import(good, other, "good.pt");
        Assert.That(other.state_dict()["fc2.weight"].allclose(net.state_dict()["fc2.weight"], 0, 0));
    }

    [Test]
    public void PyTorchLoadsOurPtAndSafetensorsFilesBitExactly()
    {
        PythonTorch.Require();
        using var dict = Sample();
        var pt = Path.Combine(_dir, "w.pt");
        var st = Path.Combine(_dir, "w.safetensors");
        StateDictFile.Write(pt, dict, StateDictFormat.PyTorch);
        StateDictFile.Write(st, dict, StateDictFormat.Safetensors);
        var output = PythonTorch.Run(_dir, """
            import hashlib, json, struct, sys
            import numpy as np, torch
            sd = torch.load(sys.argv[1])
            for name in sorted(sd):
                t = sd[name]
                print("pt", name, list(t.shape), str(t.dtype), hashlib.sha256(t.contiguous().numpy().tobytes()).hexdigest())
            raw = open(sys.argv[2], "rb").read()
            n = struct.unpack("<Q", raw[:8])[0]
            header = json.loads(raw[8:8 + n])
            data = raw[8 + n:]
            kinds = {"F32": np.float32, "F64": np.float64, "I64": np.int64}
            for name in sorted(k for k in header if k != "__metadata__"):
                e = header[name]
                b, f = e["data_offsets"]
                a = np.frombuffer(data[b:f], dtype=kinds[e["dtype"]]).reshape(e["shape"])
                assert torch.equal(torch.from_numpy(a.copy()), sd[name]), name
                print("st", name, hashlib.sha256(a.tobytes()).hexdigest())
            print("metadata", json.dumps(header["__metadata__"]))
            """, pt, st);
        foreach (var (name, tensor) in dict.Entries)
        {
            var type = tensor.dtype switch { torch.ScalarType.Float32 => "torch.float32", torch.ScalarType.Float64 => "torch.float64", _ => "torch.int64" };
            var hash = Sha256(tensor.bytes);
            Assert.That(output, Does.Contain($"pt {name} [{string.Join(", ", tensor.shape)}] {type} {hash}\n"), output);
            Assert.That(output, Does.Contain($"st {name} {hash}\n"), output);
        }
        Assert.That(output, Does.Contain("metadata {\"dataset\": \"fashion-mnist\"}"));
    }

    [Test]
    public void WeReadPyTorchsOwnSaveBitExactly()
    {
        PythonTorch.Require();
        var path = Path.Combine(_dir, "saved.pt");
        var output = PythonTorch.Run(_dir, """
            import hashlib, sys, torch
            torch.manual_seed(3)
            net = torch.nn.Sequential(torch.nn.Linear(6, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
            sd = net.state_dict()
            sd["extra.double"] = torch.randn(3, dtype=torch.float64)
            torch.save(sd, sys.argv[1])
            for name, t in sd.items():
                print(name, hashlib.sha256(t.contiguous().numpy().tobytes()).hexdigest())
            """, path);
        using var read = StateDictFile.Read(path);
        Assert.That(read.Names.Order().ToArray(), Is.EqualTo(new[] { "0.bias", "0.weight", "2.bias", "2.weight", "extra.double" }));
        Assert.That(read["0.weight"].shape, Is.EqualTo(new long[] { 4, 6 }));
        Assert.That(read["extra.double"].dtype, Is.EqualTo(torch.ScalarType.Float64));
        foreach (var (name, tensor) in read.Entries)
            Assert.That(output, Does.Contain($"{name} {Sha256(tensor.bytes)}\n"), output);
    }

    [Test]
    public void AWholePickledModelIsRefusedWithTheFix()
    {
        PythonTorch.Require();
        var path = Path.Combine(_dir, "model.pt");
        PythonTorch.Run(_dir, """
            import sys, torch
            torch.save(torch.nn.Linear(2, 2), sys.argv[1])
            """, path);
        var e = Assert.Throws<UserFacingException>(() => StateDictFile.Read(path).Dispose())!;
        Assert.That(e.Message, Does.Contain("cannot be read as a PyTorch state dict").And.Contain("not the whole model").And.Not.Contain("\n"));
    }
}
