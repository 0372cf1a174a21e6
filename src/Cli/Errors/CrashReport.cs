using System.Globalization;
using System.Runtime.InteropServices;

namespace RLArena.Cli.Errors;

/// <summary>
/// What the CLI does with an exception it did not expect (a bug in RLArena): the full trace goes to a file in the
/// system temp folder, and the console gets one line naming the exception and that file — never the trace itself.
/// </summary>
public static class CrashReport
{
    /// <summary>Writes the report and returns the one line to print.</summary>
    public static string Write(Exception exception, IReadOnlyList<string> args)
    {
        var now = DateTime.UtcNow;
        var file = Path.Combine(Path.GetTempPath(),
            $"rlarena-crash-{now.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)}-{Environment.ProcessId}.txt");
        string where;
        try
        {
            File.WriteAllText(file,
                $"rlarena {Engine.Checkpoints.Checkpoint.RLArenaVersion} crashed at {now:O} (UTC)\n" +
                $"command line: rlarena {string.Join(' ', args.Select(Quote))}\n" +
                $"working folder: {Environment.CurrentDirectory}\n" +
                $"runtime: {RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture})\n\n" +
                exception + "\n");
            where = $"the full trace is in {file}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            where = $"the full trace could not be written to {file} ({OneLine(e.Message)})";
        }
        return $"internal error (a bug in RLArena, please report it): {exception.GetType().FullName}: {OneLine(exception.Message)} — {where}";
    }

    private static string Quote(string arg) => arg.Length > 0 && !arg.Any(char.IsWhiteSpace) ? arg : $"'{arg}'";

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
