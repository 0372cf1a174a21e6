namespace RLArena.Agents.Training;

/// <summary>
/// Every action sent to a vector environment since its seeded reset, compactly (one byte per action when there are
/// at most 256). Environments are deterministic given their seed and actions, so replaying this log rebuilds their
/// exact state (positions, step counters, random streams) on resume, through the public environment API alone.
/// </summary>
public sealed class ActionLog
{
    private byte[] _bytes = new byte[4096];
    private int _length;

    public ActionLog(int actionCount) => Wide = actionCount > 256;

    public bool Wide { get; }

    public long Count => Wide ? _length / 4 : _length;

    public void Append(ReadOnlySpan<int> actions)
    {
        var need = _length + actions.Length * (Wide ? 4 : 1);
        if (need > _bytes.Length) Array.Resize(ref _bytes, Math.Max(need, _bytes.Length * 2));
        if (Wide)
        {
            foreach (var a in actions) { BitConverter.TryWriteBytes(_bytes.AsSpan(_length), a); _length += 4; }
        }
        else
        {
            foreach (var a in actions) _bytes[_length++] = (byte)a;
        }
    }

    public byte[] ToBytes() => _bytes.AsSpan(0, _length).ToArray();

    public void Load(byte[] bytes)
    {
        _bytes = bytes.Length == 0 ? new byte[4096] : bytes.ToArray();
        _length = bytes.Length;
    }

    /// <summary>The actions of vector step <paramref name="step"/> (each step holds <paramref name="envs"/> actions).</summary>
    public void Read(long step, int envs, Span<int> actions)
    {
        for (var i = 0; i < envs; i++)
        {
            var k = step * envs + i;
            actions[i] = Wide ? BitConverter.ToInt32(_bytes, (int)(k * 4)) : _bytes[k];
        }
    }
}
