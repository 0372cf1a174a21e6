namespace RLArena.Viewer.Recording;

/// <summary>Receives finished frames (RGBA, rows top to bottom) on the recorder's writer thread.</summary>
internal interface IFrameWriter : IDisposable
{
    /// <summary>Frames that may be written at once on separate threads (1 when the order of calls matters).</summary>
    int Parallelism { get; }

    void Write(ReadOnlySpan<byte> rgba, int frameIndex);

    /// <summary>Completes the output; throws a user-facing error if it could not be written.</summary>
    void Complete();
}
