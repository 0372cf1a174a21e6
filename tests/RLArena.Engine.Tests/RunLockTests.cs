using System.Diagnostics;
using RLArena.Core.Errors;
using RLArena.Engine.Runs;

namespace RLArena.Engine.Tests;

public class RunLockTests
{
    private string _root = "";

    [SetUp]
    public void MakeFolder() => _root = Directory.CreateTempSubdirectory("rlarena-lock-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_root, recursive: true);

    private string LockFile(RunDirectory run) => Path.Combine(run.Path, RunLock.FileName);

    /// <summary>The id of a process that has certainly ended.</summary>
    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    [Test]
    public void ARunFolderIsLockedWithThePidUntilReleased()
    {
        var run = RunDirectory.Create(_root, "ppo_cartpole", 1);
        Assert.That(File.ReadAllText(LockFile(run)), Does.Contain($"pid: {Environment.ProcessId}\n"));

        var error = Assert.Throws<UserFacingException>(() => RunDirectory.Open(run.Path))!;
        Assert.That(error.Message, Does.Contain($"in use by process {Environment.ProcessId}").And.Contain(run.Path));
        Assert.That(error.Message.ReplaceLineEndings(" "), Is.EqualTo(error.Message), "one line");

        run.ReleaseLock();
        Assert.That(File.Exists(LockFile(run)), Is.False, "released");
        var again = RunDirectory.Open(run.Path);
        Assert.That(File.Exists(LockFile(again)), Is.True, "locked again by the next opener");
        again.ReleaseLock();
    }

    [Test]
    public void AStaleLockFromADeadProcessIsTakenOver()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "run")).FullName;
        var dead = DeadProcessId();
        File.WriteAllText(Path.Combine(folder, RunLock.FileName), $"pid: {dead}\nhost: {Environment.MachineName}\nsince: 2026-01-01T00:00:00Z\n");

        var run = RunDirectory.Open(folder);
        Assert.That(File.ReadAllText(LockFile(run)), Does.Contain($"pid: {Environment.ProcessId}\n").And.Not.Contain($"pid: {dead}\n"));
        run.ReleaseLock();
    }

    [Test]
    public void ALockHeldByAnotherLiveProcessIsRefusedNamingIt()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "run")).FullName;
        using var other = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            File.WriteAllText(Path.Combine(folder, RunLock.FileName), $"pid: {other.Id}\nhost: {Environment.MachineName}\nsince: 2026-01-01T00:00:00Z\n");
            var error = Assert.Throws<UserFacingException>(() => RunDirectory.Open(folder))!;
            Assert.That(error.Message, Does.Contain($"process {other.Id}").And.Contain($"kill -TERM {other.Id}"));
        }
        finally
        {
            other.Kill();
            other.WaitForExit();
        }
        // Once that process is gone its lock is stale.
        RunDirectory.Open(folder).ReleaseLock();
    }

    [Test]
    public void ALockFromAnotherHostIsNeverTakenOver()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "run")).FullName;
        File.WriteAllText(Path.Combine(folder, RunLock.FileName), $"pid: {DeadProcessId()}\nhost: some-other-node\nsince: 2026-01-01T00:00:00Z\n");
        var error = Assert.Throws<UserFacingException>(() => RunDirectory.Open(folder))!;
        Assert.That(error.Message, Does.Contain("on some-other-node").And.Contain("delete"));
    }

    [Test]
    public void OpeningAFileInsideARunOpensItsFolder()
    {
        var run = RunDirectory.Create(_root, "ppo_cartpole", 1);
        run.ReleaseLock();
        var checkpoint = run.File("checkpoint.ckpt");
        File.WriteAllText(checkpoint, "x");
        var opened = RunDirectory.Open(checkpoint);
        Assert.That(opened.Path, Is.EqualTo(Path.GetFullPath(run.Path)));
        opened.ReleaseLock();
    }
}
