using System.Runtime.InteropServices;
using RLArena.Environments.Randomness;
using RLArena.Environments.Vector;

namespace RLArena.Environments.Snapshots;

/// <summary>
/// The pieces environment snapshots are written with (<see cref="ISnapshotEnvironment"/>): a tag that names what
/// follows (so a snapshot loaded into the wrong environment fails with a clear message), episode phases, optional
/// generators, episode records and fixed-length arrays. Readers throw <see cref="InvalidDataException"/> on a mismatch.
/// </summary>
internal static class SnapshotFormat
{
    public static void WriteTag(BinaryWriter writer, string tag) => writer.Write(tag);

    public static void ReadTag(BinaryReader reader, string tag)
    {
        var found = reader.ReadString();
        if (found != tag) throw new InvalidDataException($"expected a snapshot of '{tag}', found one of '{found}'");
    }

    public static void WritePhase(BinaryWriter writer, EpisodePhase phase) => writer.Write((byte)phase);

    public static EpisodePhase ReadPhase(BinaryReader reader)
    {
        var phase = (EpisodePhase)reader.ReadByte();
        return Enum.IsDefined(phase) ? phase : throw new InvalidDataException($"unknown episode phase {(byte)phase}");
    }

    /// <summary>A generator that may not exist yet (before the first reset).</summary>
    public static void WriteGenerator(BinaryWriter writer, Pcg64? generator)
    {
        writer.Write(generator is not null);
        generator?.WriteState(writer);
    }

    public static Pcg64? ReadGenerator(BinaryReader reader) => reader.ReadBoolean() ? Pcg64.ReadState(reader) : null;

    /// <summary>null, false, true as 0, 1, 2.</summary>
    public static void WriteFlag(BinaryWriter writer, bool? value) => writer.Write((byte)(value is null ? 0 : value.Value ? 2 : 1));

    public static bool? ReadFlag(BinaryReader reader) => reader.ReadByte() switch
    {
        0 => null,
        1 => false,
        2 => true,
        var b => throw new InvalidDataException($"unknown flag value {b}"),
    };

    public static void WriteRecord(BinaryWriter writer, EpisodeRecord record)
    {
        writer.Write(record.EnvIndex);
        writer.Write(record.Return);
        writer.Write(record.Length);
        WriteFlag(writer, record.Success);
    }

    public static EpisodeRecord ReadRecord(BinaryReader reader) =>
        new(reader.ReadInt32(), reader.ReadDouble(), reader.ReadInt32(), ReadFlag(reader));

    /// <summary>An array's length, then its bytes.</summary>
    public static void WriteArray<T>(BinaryWriter writer, T[] values) where T : unmanaged
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    /// <summary>Reads an array written by <see cref="WriteArray{T}"/> into <paramref name="target"/>, whose length must match.</summary>
    public static void ReadArray<T>(BinaryReader reader, T[] target, string what) where T : unmanaged
    {
        var length = reader.ReadInt32();
        if (length != target.Length) throw new InvalidDataException($"{what} has {length} values in the snapshot, {target.Length} here");
        var bytes = MemoryMarshal.AsBytes(target.AsSpan());
        if (reader.Read(bytes) != bytes.Length) throw new EndOfStreamException($"the snapshot ends inside {what}");
    }

    /// <summary>Writes a nested snapshot length-prefixed, so its reader can check it read exactly what was written.</summary>
    public static void WriteNested(BinaryWriter writer, ISnapshotEnvironment environment)
    {
        using var bytes = new MemoryStream();
        using (var inner = new BinaryWriter(bytes, System.Text.Encoding.UTF8, leaveOpen: true)) environment.SaveSnapshot(inner);
        writer.Write((int)bytes.Length);
        writer.Write(bytes.GetBuffer(), 0, (int)bytes.Length);
    }

    public static void ReadNested(BinaryReader reader, ISnapshotEnvironment environment, string what)
    {
        var length = reader.ReadInt32();
        if (length < 0) throw new InvalidDataException($"{what}: negative snapshot length");
        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length) throw new EndOfStreamException($"the snapshot ends inside {what}");
        using var inner = new BinaryReader(new MemoryStream(bytes));
        environment.LoadSnapshot(inner);
        if (inner.BaseStream.Position != length) throw new InvalidDataException($"{what} did not read its whole snapshot");
    }
}
