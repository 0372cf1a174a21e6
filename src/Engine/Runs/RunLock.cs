using System.Diagnostics;
using System.Globalization;
using RLArena.Core.Errors;

namespace RLArena.Engine.Runs;

/// <summary>
/// Marks a run folder as in use by one process, so that two processes never train into the same folder (a second
/// <c>--resume</c> of a running run would interleave metrics and overwrite the checkpoint). The lock is a file,
/// <c>run.lock</c>, holding the owner's process id, host and start time; it is created atomically (written beside and
/// moved in without overwriting), removed on <see cref="Dispose"/> or at process exit, and taken over when the
/// process it names is gone (killed, crashed). A lock from another host is never taken over, since whether its
/// process lives cannot be seen from here.
/// </summary>
public sealed class RunLock : IDisposable
{
    /// <summary>The lock file in a run folder (it holds the PID of the process that trains there).</summary>
    public const string FileName = "run.lock";

    private readonly string _path;
    private readonly string _content;
    private bool _released;

    private RunLock(string path, string content)
    {
        _path = path;
        _content = content;
        AppDomain.CurrentDomain.ProcessExit += ReleaseAtExit;
    }

    /// <summary>Locks <paramref name="folder"/> for this process, or explains which process holds it.</summary>
    public static RunLock Acquire(string folder)
    {
        var path = Path.Combine(folder, FileName);
        var content = string.Create(CultureInfo.InvariantCulture,
            $"pid: {Environment.ProcessId}\nhost: {Environment.MachineName}\nsince: {DateTime.UtcNow:O}\n");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (TryCreate(path, content)) return new RunLock(path, content);
            var holder = Holder.Read(path);
            if (holder is null) continue; // removed (released) between our attempt and the read: try again
            if (holder.Pid is null && DateTime.UtcNow - File.GetLastWriteTimeUtc(path) < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(100); // written this instant by someone else; read it again
                continue;
            }
            if (holder.IsAlive)
            {
                throw new UserFacingException(
                    $"run folder '{folder}' is in use by process {holder.Pid}{holder.Where} (its {FileName}); two processes " +
                    "training in one folder would garble the run. Wait for that process to end or stop it " +
                    $"(kill -TERM {holder.Pid}), then resume." +
                    (holder.OtherHost ? $" If it is no longer running on {holder.Host}, delete {path}." : ""));
            }
            // A stale lock: the process that wrote it is gone. Take it over.
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UserFacingException($"run folder '{folder}' has a stale lock from process {holder.Pid} that cannot be removed ({e.Message}); delete {path}.");
            }
        }
        throw new UserFacingException($"run folder '{folder}': could not take its lock {path}; another process keeps taking it. Try again.");
    }

    private static bool TryCreate(string path, string content)
    {
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(temp, content);
            File.Move(temp, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot lock the run folder ('{path}'): {e.Message} Check the folder's permissions and the free space.");
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Removes the lock file if it is still ours.</summary>
    public void Dispose()
    {
        if (_released) return;
        _released = true;
        AppDomain.CurrentDomain.ProcessExit -= ReleaseAtExit;
        try
        {
            if (File.Exists(_path) && File.ReadAllText(_path) == _content) File.Delete(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The folder went away or became read-only: a leftover lock names a dead process and is taken over later.
        }
    }

    private void ReleaseAtExit(object? sender, EventArgs e) => Dispose();

    /// <summary>What a lock file says about the process holding it.</summary>
    private sealed record Holder(int? Pid, string Host, string Since)
    {
        public bool OtherHost => Host.Length > 0 && !string.Equals(Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase);

        public string Where => (OtherHost ? $" on {Host}" : "") + (Since.Length > 0 ? $", running since {Since} UTC" : "");

        public bool IsAlive
        {
            get
            {
                if (Pid is not { } pid) return false; // unreadable and old: a writer died mid-write
                if (OtherHost) return true;
                return RLArena.Core.Processes.LocalProcess.IsAlive(pid);
            }
        }

        public static Holder? Read(string path)
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(path);
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (DirectoryNotFoundException)
            {
                return null;
            }
            string Value(string key) =>
                lines.FirstOrDefault(l => l.StartsWith(key + ": ", StringComparison.Ordinal))?[(key.Length + 2)..].Trim() ?? "";
            int? pid = int.TryParse(Value("pid"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : null;
            var since = DateTime.TryParse(Value("since"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t)
                ? t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";
            return new Holder(pid, Value("host"), since);
        }
    }
}
