using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

public sealed class WatchCommand : Command<WatchCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        NotBuiltYet.Fail("watch", "issue #6");
}
