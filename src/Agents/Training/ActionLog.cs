namespace RLArena.Agents.Training;

/// <summary>
/// The actions sent to a vector environment since its seeded reset, as checkpoints written before environment
/// snapshots stored them (one byte per action when there are at most 256 actions, else four). Environments are
/// deterministic given their seed and actions, so <see cref="EnvironmentSession.Replay"/> rebuilds their state from it.
/// </summary>
public sealed class ActionLog
{
    private byte[] _bytes = [];
    private int _length;

    /// <summary>An empty log for an environment with <paramref name="actionCount"/> actions.</summary>
    /// <param name="actionCount">The number of discrete actions (above 256, four bytes per action).</param>
    public ActionLog(int actionCount) => Wide = actionCount > 256;

    /// <summary>Four bytes per action (more than 256 actions).</summary>
    public bool Wide { get; }

    /// <summary>Actions held.</summary>
    public long Count => Wide ? _length / 4 : _length;

    /// <summary>Appends one vector step's actions (tests write logs in the old format with it).</summary>
    public void Append(ReadOnlySpan<int> actions)
    {
        var need = _length + actions.Length * (Wide ? 4 : 1);
        if (need > _bytes.Length) Array.Resize(ref _bytes, Math.Max(need, Math.Max(4096, _bytes.Length * 2)));
        if (Wide)
        {
            foreach (var a in actions) { BitConverter.TryWriteBytes(_bytes.AsSpan(_length), a); _length += 4; }
        }
        else
        {
            foreach (var a in actions) _bytes[_length++] = (byte)a;
        }
    }

    /// <summary>The log as stored in a checkpoint.</summary>
    public byte[] ToBytes() => _bytes.AsSpan(0, _length).ToArray();

    /// <summary>Replaces the log with <paramref name="bytes"/> from <see cref="ToBytes"/>.</summary>
    /// <param name="bytes">A stored log.</param>
    public void Load(byte[] bytes)
    {
        _bytes = bytes.ToArray();
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
