using System.Diagnostics;

namespace RLArena.Core.Processes;

/// <summary>Questions about processes on this machine (run locks and sweep trials ask whether their writer still runs).</summary>
public static class LocalProcess
{
    /// <summary>Whether a process with this id is alive on this machine.</summary>
    /// <param name="pid">The process id.</param>
    public static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false; // it exited while we looked
        }
    }
}
