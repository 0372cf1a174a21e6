using System.Diagnostics;

namespace RLArena.Docs.Tests;

/// <summary>
/// The doc test: every <c>$ </c> command of every <c>```console</c> block in README.md and docs/guides is run, in
/// order, in one fresh temporary folder per page, with <c>rlarena</c> on PATH (the CLI built beside these tests), and
/// must exit 0 within <see cref="CommandTimeout"/>. A block preceded by <c>&lt;!-- doctest: skip REASON --&gt;</c> is
/// not run (it must give a reason). So the guides cannot drift from the CLI.
/// </summary>
[TestFixture]
public sealed class DocCommandTests
{
    /// <summary>The most one command may take (the guides promise a minute; CI machines are slower).</summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);

    private static IEnumerable<TestCaseData> Pages() =>
        ConsoleBlocks.Pages().Select(page => new TestCaseData(page).SetName($"Commands run: {page}"));

    [Test]
    public void EveryGuideHasAConsoleBlockAndEverySkipNamesAReason()
    {
        var blocks = ConsoleBlocks.Pages().SelectMany(ConsoleBlocks.Read).ToList();
        Assert.That(blocks.Count(b => b.SkipReason is null && b.Commands.Count > 0), Is.GreaterThanOrEqualTo(5),
            "the guides should show runnable commands");
        foreach (var block in blocks)
        {
            Assert.That(block.Commands, Is.Not.Empty, $"{block.Page}:{block.Line}: a console block without a '$ ' command");
            if (block.SkipReason is not null)
                Assert.That(block.SkipReason, Has.Length.GreaterThan(10), $"{block.Page}:{block.Line}: 'doctest: skip' must say why");
        }
    }

    [TestCaseSource(nameof(Pages))]
    public void CommandsRun(string page)
    {
        var blocks = ConsoleBlocks.Read(page).Where(b => b.SkipReason is null).ToList();
        if (blocks.Count == 0) Assert.Pass($"{page} shows no command that runs here");
        var work = Directory.CreateTempSubdirectory("rlarena-doctest-");
        try
        {
            var bin = Directory.CreateDirectory(Path.Combine(work.FullName, ".bin")).FullName;
            WriteRlarenaShim(bin);
            var ran = 0;
            foreach (var block in blocks)
            foreach (var command in block.Commands)
            {
                Run(command, work.FullName, bin, $"{page}:{block.Line}");
                ran++;
            }
            TestContext.Out.WriteLine($"{page}: {ran} command(s) ran");
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>An <c>rlarena</c> on PATH that runs the CLI built beside the tests.</summary>
    private static void WriteRlarenaShim(string bin)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "rlarena.dll");
        Assert.That(File.Exists(dll), $"{dll} is missing: the test project references src/Cli, so the build puts it here");
        if (OperatingSystem.IsWindows()) Assert.Ignore("the guides' commands are shell commands for Linux (bash)");
        var shim = Path.Combine(bin, "rlarena");
        File.WriteAllText(shim, $"#!/bin/sh\nexec dotnet \"{dll}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static void Run(string command, string folder, string bin, string where)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        // The commands run as a user's shell would: no MSBuild variables from dotnet test leak into them.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{where}: '{command}' ran longer than {CommandTimeout.TotalSeconds} s; make it shorter or mark its block 'doctest: skip REASON'");
        }
        process.WaitForExit();
        TestContext.Out.WriteLine($"{where}: $ {command}  -> exit {process.ExitCode} in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.That(process.ExitCode, Is.EqualTo(0),
            $"{where}: '{command}' exited {process.ExitCode}\nstdout:\n{Tail(output.Result)}\nstderr:\n{Tail(errors.Result)}");
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : "…" + text[^4000..];
}
