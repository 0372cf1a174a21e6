using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

public sealed class MnistTrainCommand : Command<MnistTrainCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        NotBuiltYet.Fail("mnist", "issue #3");
}
