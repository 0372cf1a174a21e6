using Spectre.Console;

namespace RLArena.Cli.Commands;

/// <summary>Console set-up for commands that print reports: no wrapping at 80 columns when output goes to a file or pipe.</summary>
internal static class ReportConsole
{
    public static IAnsiConsole Widened(IAnsiConsole console)
    {
        if (Console.IsOutputRedirected && console.Profile.Width < 200) console.Profile.Width = 200;
        return console;
    }
}
