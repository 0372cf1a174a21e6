using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace RLArena.Viewer.Recording;

/// <summary>
/// Linux pipes hold 64 KiB by default, so a frame of a few hundred KiB crosses to ffmpeg in several hand-overs, each a
/// context switch on both sides. A buffer of a whole frame or more lets one write pass a frame at once.
/// </summary>
internal static partial class PipeBuffer
{
    private const int SetPipeSize = 1031; // F_SETPIPE_SZ

    /// <summary>Asks for a buffer of <paramref name="bytes"/> (the kernel caps it at /proc/sys/fs/pipe-max-size); does nothing elsewhere.</summary>
    public static bool TryEnlarge(Stream pipe, int bytes)
    {
        if (!OperatingSystem.IsLinux() || pipe is not PipeStream { SafePipeHandle: var handle }) return false;
        try
        {
            return SetSize((int)handle.DangerousGetHandle(), SetPipeSize, bytes) >= bytes;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int SetSize(int fd, int command, int size);
}
