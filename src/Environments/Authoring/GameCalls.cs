using RLArena.Core.Errors;

namespace RLArena.Environments.Authoring;

/// <summary>
/// Runs one game callback with <see cref="GameAgent.Call"/> set, so misuses can say where they happened, and turns
/// an unexpected exception from game code into one line naming the class and the callback (the original stays as
/// the inner exception for debugging). <see cref="UserFacingException"/>s pass through unchanged.
/// </summary>
internal static class GameCalls
{
    /// <summary>Runs <paramref name="action"/>(game, state); pass a static lambda so nothing is allocated.</summary>
    public static void Run<TState>(GameAgent game, GameCall call, TState state, Action<GameAgent, TState> action)
    {
        var before = game.Call;
        game.Call = call;
        try
        {
            action(game, state);
        }
        catch (Exception e) when (e is not UserFacingException)
        {
            throw new UserFacingException($"{game.GetType().Name}.{Name(call)} threw {e.GetType().Name}: {OneLine(e)}", inner: e);
        }
        finally
        {
            game.Call = before;
        }
    }

    /// <summary>Runs <paramref name="action"/>(game) (not on hot paths: a capturing lambda allocates).</summary>
    public static void Run(GameAgent game, GameCall call, Action<GameAgent> action) =>
        Run(game, call, action, static (g, a) => a(g));

    /// <summary>An exception's message on one line.</summary>
    public static string OneLine(Exception e) =>
        string.Join(' ', e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Name(GameCall call) => call switch
    {
        GameCall.CollectObservationsAfterReset or GameCall.CollectObservationsAfterStep => nameof(GameAgent.CollectObservations),
        _ => call.ToString(),
    };
}
