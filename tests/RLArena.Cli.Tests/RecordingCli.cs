using RLArena.Cli;
using Spectre.Console;

namespace RLArena.Cli.Tests;

/// <summary>Runs <see cref="CliApp"/> against a plain (no colour, no ANSI) console that records what it prints.</summary>
internal static class RecordingCli
{
    public static (int Code, string Output) Run(int width, params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        var code = CliApp.Run(args, console);
        return (code, writer.ToString());
    }

    /// <summary>
    /// Like <see cref="Run"/>, and also records what the command writes to <see cref="Console.Out"/> (tables and lines
    /// that bypass the console); the output is that text followed by the console's.
    /// </summary>
    public static (int Code, string Output) RunCapturingStdout(int width, params string[] args)
    {
        var stdout = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(stdout);
        try
        {
            var (code, output) = Run(width, args);
            return (code, stdout + output);
        }
        finally
        {
            Console.SetOut(previous);
        }
    }
}
