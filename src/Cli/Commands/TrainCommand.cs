using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

public sealed class TrainCommand : Command<TrainCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        NotBuiltYet.Fail("train", "issue #5");
}
