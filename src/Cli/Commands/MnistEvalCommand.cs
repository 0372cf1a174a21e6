using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

public sealed class MnistEvalCommand : Command<MnistEvalCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        NotBuiltYet.Fail("mnist eval", "issue #3");
}
