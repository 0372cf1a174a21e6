using RLArena.Engine.Errors;

namespace RLArena.Cli.Commands;

/// <summary>A command whose work has not landed yet says so and exits non-zero.</summary>
internal static class NotBuiltYet
{
    public static int Fail(string command, string issue) =>
        throw new UserFacingException($"'rlarena {command}' is not built yet ({issue}).");
}
