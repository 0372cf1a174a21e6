using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

public sealed class EvalCommand : Command<EvalCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        NotBuiltYet.Fail("eval", "issue #5");
}
