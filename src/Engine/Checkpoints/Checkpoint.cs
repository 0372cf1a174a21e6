using System.Reflection;
using System.Text;
using System.Text.Json;
using RLArena.Engine.Devices;
using RLArena.Core.Errors;
using TorchSharp;

namespace RLArena.Engine.Checkpoints;

/// <summary>
/// One file holding a model's weights, optionally its optimizer state and other named sections (a replay buffer,
/// say), and readable metadata. Layout: the magic "RLARENA-CKPT", a format version, the metadata as JSON, then
/// named binary sections. Writes go to a temporary file that replaces the old one only when complete, so a crash
/// mid-write leaves the previous checkpoint intact.
/// </summary>
public sealed class Checkpoint
{
    public const string ModelSection = "model";
    public const string OptimizerSection = "optimizer";
    private const int FormatVersion = 1;
    private static readonly byte[] Magic = "RLARENA-CKPT"u8.ToArray();

    private readonly Dictionary<string, byte[]> _sections;

    private Checkpoint(CheckpointMetadata metadata, Dictionary<string, byte[]> sections, string path)
    {
        Metadata = metadata;
        _sections = sections;
        Path = path;
    }

    public CheckpointMetadata Metadata { get; }
    public string Path { get; }
    public IReadOnlyCollection<string> SectionNames => _sections.Keys;
    public bool HasSection(string name) => _sections.ContainsKey(name);

    public static string RLArenaVersion =>
        typeof(Checkpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "unknown";

    /// <summary>Saves model (and optimizer, and extra sections) atomically to <paramref name="path"/>.</summary>
    public static void Save(
        string path,
        torch.nn.Module model,
        TorchSharp.Modules.OptimizerHelper? optimizer,
        CheckpointMetadata metadata,
        IReadOnlyDictionary<string, byte[]>? extraSections = null,
        Action<Stream>? beforeCommit = null)
    {
        metadata.RLArenaVersion = RLArenaVersion;
        metadata.TorchSharpVersion = TorchRuntime.TorchSharpVersion;
        metadata.SavedUtc = DateTime.UtcNow;

        var sections = new List<(string Name, byte[] Bytes)> { (ModelSection, SerializeModel(model)) };
        if (optimizer is not null) sections.Add((OptimizerSection, SerializeOptimizer(optimizer)));
        if (extraSections is not null)
        {
            foreach (var (name, bytes) in extraSections) sections.Add((name, bytes));
        }

        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temp = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(JsonSerializer.Serialize(metadata));
                writer.Write(sections.Count);
                foreach (var (name, bytes) in sections)
                {
                    writer.Write(name);
                    writer.Write((long)bytes.Length);
                    writer.Write(bytes);
                }
                writer.Flush();
                beforeCommit?.Invoke(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Reads a checkpoint's metadata and sections; a file that is not a checkpoint is a clear error.</summary>
    public static Checkpoint Read(string path)
    {
        if (!File.Exists(path))
            throw new UserFacingException($"checkpoint '{path}' does not exist; pass the path of a .ckpt file from a run directory.");
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            var magic = reader.ReadBytes(Magic.Length);
            if (!magic.AsSpan().SequenceEqual(Magic))
                throw NotACheckpoint(path, "it does not start with the RLArena checkpoint header");
            var version = reader.ReadInt32();
            if (version != FormatVersion)
                throw NotACheckpoint(path, $"it has format version {version}; this RLArena reads version {FormatVersion}");
            var metadata = JsonSerializer.Deserialize<CheckpointMetadata>(reader.ReadString())
                ?? throw NotACheckpoint(path, "its metadata is empty");
            var count = reader.ReadInt32();
            if (count < 0 || count > 1024) throw NotACheckpoint(path, "its section table is corrupt");
            var sections = new Dictionary<string, byte[]>();
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var length = reader.ReadInt64();
                if (length < 0 || length > stream.Length - stream.Position)
                    throw NotACheckpoint(path, $"section '{name}' is truncated");
                sections[name] = reader.ReadBytes((int)length);
            }
            if (!sections.ContainsKey(ModelSection)) throw NotACheckpoint(path, "it holds no model weights");
            return new Checkpoint(metadata, sections, path);
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or IOException or DecoderFallbackException)
        {
            throw NotACheckpoint(path, "it is truncated or corrupt");
        }
    }

    /// <summary>
    /// Loads the weights into <paramref name="model"/>. The stored architecture must equal
    /// <paramref name="expectedArchitecture"/> and every tensor must match in name and shape.
    /// </summary>
    public void LoadModel(torch.nn.Module model, string expectedArchitecture)
    {
        if (Metadata.Architecture != expectedArchitecture)
        {
            throw new UserFacingException(
                $"checkpoint '{Path}' holds {Metadata.Architecture}, but the model here is {expectedArchitecture}; " +
                "use the settings the checkpoint was trained with, or another checkpoint.");
        }
        var stored = ReadTensors(_sections[ModelSection]);
        try
        {
            var own = model.state_dict();
            foreach (var (name, tensor) in own)
            {
                if (!stored.TryGetValue(name, out var saved))
                    throw new UserFacingException($"checkpoint '{Path}' has no tensor '{name}'; it was written for another model.");
                if (!saved.shape.SequenceEqual(tensor.shape))
                {
                    throw new UserFacingException(
                        $"checkpoint '{Path}': tensor '{name}' has shape [{string.Join(",", saved.shape)}], " +
                        $"the model expects [{string.Join(",", tensor.shape)}]; it was written for another model.");
                }
            }
            var extra = stored.Keys.Except(own.Keys).ToList();
            if (extra.Count > 0)
                throw new UserFacingException($"checkpoint '{Path}' has tensors this model lacks ({string.Join(", ", extra)}); it was written for another model.");
            using var noGrad = torch.no_grad();
            foreach (var (name, tensor) in own) tensor.copy_(stored[name]);
        }
        finally
        {
            foreach (var t in stored.Values) t.Dispose();
        }
    }

    /// <summary>Restores the optimizer state saved with <see cref="Save"/>.</summary>
    public void LoadOptimizer(TorchSharp.Modules.OptimizerHelper optimizer)
    {
        if (!_sections.TryGetValue(OptimizerSection, out var bytes))
            throw new UserFacingException($"checkpoint '{Path}' holds no optimizer state, so training cannot resume from it.");
        try
        {
            using var stream = new MemoryStream(bytes);
            using var reader = new BinaryReader(stream);
            optimizer.load_state_dict(reader);
        }
        catch (Exception e) when (e is not UserFacingException)
        {
            throw new UserFacingException($"checkpoint '{Path}': its optimizer state does not fit this optimizer ({e.Message.ReplaceLineEndings(" ")}).", 1, e);
        }
    }

    public byte[] GetSection(string name) =>
        _sections.TryGetValue(name, out var bytes)
            ? bytes
            : throw new UserFacingException($"checkpoint '{Path}' has no '{name}' section.");

    private static byte[] SerializeModel(torch.nn.Module model)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            model.save(writer);
        }
        return stream.ToArray();
    }

    private static byte[] SerializeOptimizer(TorchSharp.Modules.OptimizerHelper optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            optimizer.save_state_dict(writer);
        }
        return stream.ToArray();
    }

    private Dictionary<string, torch.Tensor> ReadTensors(byte[] bytes)
    {
        try
        {
            using var stream = new MemoryStream(bytes);
            using var reader = new BinaryReader(stream);
            var count = ReadLeb128(reader);
            var tensors = new Dictionary<string, torch.Tensor>();
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                tensors[name] = TensorExtensionMethods.Load(reader);
            }
            return tensors;
        }
        catch (Exception e)
        {
            throw NotACheckpoint(Path, "its model weights cannot be read (" + e.Message.ReplaceLineEndings(" ") + ")");
        }
    }

    /// <summary>TorchSharp writes the state-dict entry count as an unsigned LEB128 number.</summary>
    private static long ReadLeb128(BinaryReader reader)
    {
        long value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = reader.ReadByte();
            value |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException("malformed entry count");
    }

    private static UserFacingException NotACheckpoint(string path, string why) =>
        new($"'{path}' is not a usable RLArena checkpoint: {why}. Pass a .ckpt file written by rlarena.");
}
