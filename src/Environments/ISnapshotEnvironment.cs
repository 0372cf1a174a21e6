namespace RLArena.Environments;

/// <summary>
/// Implemented by environments (and wrappers) whose whole state can be saved and restored: positions, step counters
/// and random streams. A checkpoint then holds a snapshot and a resumed run continues in O(1) exactly where it
/// stopped. Environments without it resume with fresh episodes (and training says so once).
/// </summary>
public interface ISnapshotEnvironment
{
    /// <summary>Writes everything needed to continue exactly from this point.</summary>
    void SaveSnapshot(BinaryWriter writer);

    /// <summary>Restores what <see cref="SaveSnapshot"/> wrote, on an environment made with the same id and options.</summary>
    void LoadSnapshot(BinaryReader reader);

    /// <summary>
    /// Whether a snapshot can be taken now. True for an environment that implements this interface itself; a wrapper
    /// answers for the environment it wraps (it forwards only when that one can).
    /// </summary>
    bool CanSnapshot => true;
}
