using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

public sealed class PlayCommand : Command<PlayCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        NotBuiltYet.Fail("play", "issue #6");
}
