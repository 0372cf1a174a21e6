namespace RLArena.Viewer.Recording;

/// <summary>Receives finished frames (RGBA, rows top to bottom) on the recorder's writer thread.</summary>
internal interface IFrameWriter : IDisposable
{
    void Write(byte[] rgba, int frameIndex);

    /// <summary>Completes the output; throws a user-facing error if it could not be written.</summary>
    void Complete();
}
