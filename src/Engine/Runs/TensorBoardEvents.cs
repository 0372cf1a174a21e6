namespace RLArena.Engine.Runs;

/// <summary>
/// Cuts TensorBoard event files back to a step: what a resumed run needs, since the interrupted process may have
/// logged updates after its last checkpoint and the resumed one logs those steps again. An event file is a sequence
/// of TFRecords (length, length CRC, an <c>Event</c> protobuf, data CRC); records whose event step is above the limit
/// are left out and the others are copied byte for byte (their CRCs stay valid). A record cut short by a crash
/// mid-write is dropped too.
/// </summary>
public static class TensorBoardEvents
{
    /// <summary>The prefix of every event file's name.</summary>
    public const string FilePrefix = "events.out.tfevents.";

    /// <summary>Rewrites every event file in <paramref name="folder"/> without events after <paramref name="step"/>; returns how many were removed.</summary>
    public static int TrimAfter(string folder, long step)
    {
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(folder, FilePrefix + "*").Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)))
            removed += TrimFile(file, step);
        return removed;
    }

    private static int TrimFile(string file, long limit)
    {
        var bytes = File.ReadAllBytes(file);
        using var kept = new MemoryStream(bytes.Length);
        var removed = 0;
        var position = 0;
        while (position < bytes.Length)
        {
            if (bytes.Length - position < 12) { removed++; break; }
            var length = BitConverter.ToUInt64(bytes, position);
            var total = 12 + (long)length + 4;
            if (length > int.MaxValue || total > bytes.Length - position) { removed++; break; }
            var step = EventStep(bytes.AsSpan(position + 12, (int)length));
            if (step is { } s && s > limit) removed++;
            else kept.Write(bytes, position, (int)total);
            position += (int)total;
        }
        if (removed == 0) return 0;
        var temp = file + ".tmp";
        File.WriteAllBytes(temp, kept.ToArray());
        File.Move(temp, file, overwrite: true);
        return removed;
    }

    /// <summary>The <c>step</c> (field 2) of an <c>Event</c> message: 0 when absent, null when the bytes do not parse.</summary>
    public static long? EventStep(ReadOnlySpan<byte> message)
    {
        long step = 0;
        var i = 0;
        while (i < message.Length)
        {
            if (!ReadVarint(message, ref i, out var key)) return null;
            var field = key >> 3;
            switch (key & 7)
            {
                case 0:
                    if (!ReadVarint(message, ref i, out var value)) return null;
                    if (field == 2) step = (long)value;
                    break;
                case 1: i += 8; break;
                case 5: i += 4; break;
                case 2:
                    if (!ReadVarint(message, ref i, out var size) || size > (ulong)(message.Length - i)) return null;
                    i += (int)size;
                    break;
                default: return null;
            }
        }
        return i == message.Length ? step : null;
    }

    private static bool ReadVarint(ReadOnlySpan<byte> bytes, ref int i, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && i < bytes.Length; shift += 7)
        {
            var b = bytes[i++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return true;
        }
        return false;
    }
}
