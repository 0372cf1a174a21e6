using System.Reflection;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using RLArena.Engine.Devices;
using RLArena.Core.Errors;
using TorchSharp;

namespace RLArena.Engine.Checkpoints;

/// <summary>
/// One file holding a model's weights, optionally its optimizer state and other named sections (a replay buffer,
/// say), and readable metadata. Layout (format version 2): the magic "RLARENA-CKPT", the format version, the metadata
/// as JSON with its XxHash64, a section table (name, length and XxHash64 of each section) with its own XxHash64, then
/// the sections' bytes. Every checksum is verified on every read, so a flipped bit anywhere is a one-line error naming
/// the file and the damaged part, never a silently different model. Format version 1 (written before checksums) is
/// still read, unverified: the version number after the magic tells the two apart. Writes go to a temporary file that
/// replaces the old one only when complete, so a crash mid-write leaves the previous checkpoint intact; temporary files
/// left by an interrupted write are removed by the next save.
/// </summary>
public sealed class Checkpoint
{
    /// <summary>The section that holds the model's weights.</summary>
    public const string ModelSection = "model";
    /// <summary>The section that holds the optimizer's state.</summary>
    public const string OptimizerSection = "optimizer";

    /// <summary>The oldest format version: no checksums. Still read.</summary>
    public const int LegacyFormatVersion = 1;

    /// <summary>The format version written now: a checksum for the metadata, the section table and every section.</summary>
    public const int FormatVersion = 2;

    private const int MaxSections = 1024;
    private const int MaxNameBytes = 1024;
    private static readonly byte[] Magic = "RLARENA-CKPT"u8.ToArray();

    private readonly Dictionary<string, byte[]> _sections;

    private Checkpoint(CheckpointMetadata metadata, Dictionary<string, byte[]> sections, string path, int formatVersion)
    {
        Metadata = metadata;
        _sections = sections;
        Path = path;
        Version = formatVersion;
    }

    /// <summary>The metadata read from the file (versions, time, and what the writer added).</summary>
    public CheckpointMetadata Metadata { get; }
    /// <summary>The file the checkpoint was read from.</summary>
    public string Path { get; }

    /// <summary>The file's format version: <see cref="FormatVersion"/>, or <see cref="LegacyFormatVersion"/> (no checksums).</summary>
    public int Version { get; }

    /// <summary>The names of the sections in the file.</summary>
    public IReadOnlyCollection<string> SectionNames => _sections.Keys;
    /// <summary>Whether the file has a section called <paramref name="name"/>.</summary>
    /// <param name="name">The section name.</param>
    public bool HasSection(string name) => _sections.ContainsKey(name);

    /// <summary>The version of RLArena that is running (written into every checkpoint).</summary>
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
        RemoveStaleTemporaryFiles(full);
        var temp = System.IO.Path.Combine(directory, TemporaryPrefix(full) + $"{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Write(stream, metadata, sections);
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

    /// <summary>The name every temporary file of <paramref name="fullPath"/> starts with: ".checkpoint.ckpt.".</summary>
    private static string TemporaryPrefix(string fullPath) => $".{System.IO.Path.GetFileName(fullPath)}.";

    /// <summary>Deletes temporary files a killed process left beside <paramref name="fullPath"/> while writing it.</summary>
    private static void RemoveStaleTemporaryFiles(string fullPath)
    {
        var directory = System.IO.Path.GetDirectoryName(fullPath)!;
        foreach (var stale in Directory.EnumerateFiles(directory, TemporaryPrefix(fullPath) + "*.tmp"))
        {
            try
            {
                File.Delete(stale);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not ours to remove (another user's file, say): it does no harm where it is.
            }
        }
    }

    private static void Write(Stream stream, CheckpointMetadata metadata, List<(string Name, byte[] Bytes)> sections)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);

        var json = JsonSerializer.SerializeToUtf8Bytes(metadata);
        writer.Write(json.Length);
        writer.Write(json);
        writer.Write(XxHash64.HashToUInt64(json));

        using var table = new MemoryStream();
        using (var tableWriter = new BinaryWriter(table, Encoding.UTF8, leaveOpen: true))
        {
            tableWriter.Write(sections.Count);
            foreach (var (name, bytes) in sections)
            {
                tableWriter.Write(name);
                tableWriter.Write((long)bytes.Length);
                tableWriter.Write(XxHash64.HashToUInt64(bytes));
            }
        }
        var tableBytes = table.ToArray();
        writer.Write(tableBytes);
        writer.Write(XxHash64.HashToUInt64(tableBytes));

        foreach (var (_, bytes) in sections) writer.Write(bytes);
        writer.Flush();
    }

    /// <summary>
    /// Reads a checkpoint's metadata and sections and verifies every checksum; a file that is not a checkpoint, or
    /// one damaged anywhere, is a clear error that names the damaged part.
    /// </summary>
    public static Checkpoint Read(string path)
    {
        if (!File.Exists(path))
            throw new UserFacingException($"checkpoint '{path}' does not exist; pass the path of a .ckpt file from a run directory.");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"checkpoint '{path}' cannot be read: {e.Message.ReplaceLineEndings(" ")}");
        }
        using var stream = new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        if (bytes.Length < Magic.Length + sizeof(int) || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw NotACheckpoint(path, "it does not start with the RLArena checkpoint header");
        stream.Position = Magic.Length;
        var version = reader.ReadInt32();
        return version switch
        {
            FormatVersion => ReadVerified(path, stream, reader),
            LegacyFormatVersion => ReadLegacy(path, stream, reader),
            _ => throw NotACheckpoint(path,
                $"its header names format version {version}; this RLArena reads versions {LegacyFormatVersion} and {FormatVersion} " +
                "(the header is damaged, or a newer RLArena wrote it)"),
        };
    }

    private static Checkpoint ReadVerified(string path, MemoryStream stream, BinaryReader reader)
    {
        CheckpointMetadata metadata;
        try
        {
            var length = reader.ReadInt32();
            if (length < 0) throw new InvalidDataException("bad length");
            if (length > stream.Length - stream.Position) throw new EndOfStreamException();
            var json = reader.ReadBytes(length);
            if (reader.ReadUInt64() != XxHash64.HashToUInt64(json)) throw new InvalidDataException("checksum mismatch");
            metadata = JsonSerializer.Deserialize<CheckpointMetadata>(json) ?? throw new InvalidDataException("empty");
        }
        catch (EndOfStreamException)
        {
            throw Truncated(path, "its metadata");
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or DecoderFallbackException)
        {
            throw Damaged(path, "its metadata");
        }

        var table = new List<(string Name, long Length, ulong Hash)>();
        try
        {
            var start = (int)stream.Position;
            var count = reader.ReadInt32();
            if (count < 1 || count > MaxSections) throw new InvalidDataException("bad count");
            for (var i = 0; i < count; i++)
            {
                var nameLength = reader.Read7BitEncodedInt();
                if (nameLength < 0 || nameLength > MaxNameBytes) throw new InvalidDataException("bad name");
                var name = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(reader.ReadBytes(nameLength));
                table.Add((name, reader.ReadInt64(), reader.ReadUInt64()));
            }
            var tableBytes = stream.GetBuffer().AsSpan(start, (int)stream.Position - start);
            if (reader.ReadUInt64() != XxHash64.HashToUInt64(tableBytes)) throw new InvalidDataException("checksum mismatch");
        }
        catch (EndOfStreamException)
        {
            throw Truncated(path, "its section table");
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or DecoderFallbackException or ArgumentException)
        {
            throw Damaged(path, "its section table");
        }

        var sections = new Dictionary<string, byte[]>();
        foreach (var (name, length, hash) in table)
        {
            if (length < 0 || length > stream.Length - stream.Position)
                throw Truncated(path, $"its section '{name}'");
            var bytes = reader.ReadBytes((int)length);
            if (XxHash64.HashToUInt64(bytes) != hash) throw Damaged(path, $"its section '{name}'");
            sections[name] = bytes;
        }
        if (stream.Position != stream.Length)
            throw NotACheckpoint(path, $"{stream.Length - stream.Position} bytes follow its last section");
        if (!sections.ContainsKey(ModelSection)) throw NotACheckpoint(path, "it holds no model weights");
        return new Checkpoint(metadata, sections, path, FormatVersion);
    }

    /// <summary>Format version 1: the same parts without checksums, so damage shows only where parsing fails.</summary>
    private static Checkpoint ReadLegacy(string path, MemoryStream stream, BinaryReader reader)
    {
        try
        {
            var metadata = JsonSerializer.Deserialize<CheckpointMetadata>(reader.ReadString())
                ?? throw NotACheckpoint(path, "its metadata is empty");
            var count = reader.ReadInt32();
            if (count < 0 || count > MaxSections) throw NotACheckpoint(path, "its section table is corrupt");
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
            return new Checkpoint(metadata, sections, path, LegacyFormatVersion);
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

    /// <summary>The bytes of the section called <paramref name="name"/>; a missing one is a <see cref="UserFacingException"/>.</summary>
    /// <param name="name">The section name.</param>
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

    private static UserFacingException Damaged(string path, string part) =>
        new($"checkpoint '{path}' is damaged: {part} fails its checksum (a flipped bit on disk or a partial copy). " +
            "Use another checkpoint, or copy this one again from where it was written.");

    private static UserFacingException Truncated(string path, string part) =>
        new($"checkpoint '{path}' is truncated: the file ends inside {part} (a partial copy, or a full disk when it was written). " +
            "Use another checkpoint, or copy this one again from where it was written.");

    private static UserFacingException NotACheckpoint(string path, string why) =>
        new($"'{path}' is not a usable RLArena checkpoint: {why}. Pass a .ckpt file written by rlarena.");
}
