using System.Reflection;
using RLArena.Core.Errors;

namespace RLArena.Environments.Authoring;

/// <summary>
/// What a game declared, read once when its environment is made (after <see cref="GameAgent.Initialize"/>) and
/// checked: an invalid declaration is one <see cref="UserFacingException"/> line naming the class and the member.
/// </summary>
internal sealed class GameDeclaration
{
    public const int MaxActions = 1 << 20;

    private GameDeclaration(GameAgent game)
    {
        GameName = game.GetType().Name;
        Shape = Read(game, nameof(GameAgent.ObservationShape), () => game.ObservationShape)
            ?? throw Invalid(nameof(GameAgent.ObservationShape), "is null; return ObservationShape.Vector(n) or ObservationShape.Pixels(c, h, w).");
        ActionCount = Read(game, nameof(GameAgent.ActionCount), () => game.ActionCount);
        if (ActionCount is < 1 or > MaxActions) throw Invalid(nameof(GameAgent.ActionCount), $"is {ActionCount}; it must be from 1 to {MaxActions}.");
        MaxStep = Read(game, nameof(GameAgent.MaxStep), () => game.MaxStep);
        if (MaxStep < 0) throw Invalid(nameof(GameAgent.MaxStep), $"is {MaxStep}; use 0 for no limit or a positive number of steps.");

        var displayName = Read(game, nameof(GameAgent.DisplayName), () => game.DisplayName);
        if (string.IsNullOrWhiteSpace(displayName)) throw Invalid(nameof(GameAgent.DisplayName), "is empty; give the game a readable name.");
        var names = Read(game, nameof(GameAgent.ActionNames), () => game.ActionNames) ?? [];
        if (names.Count != 0 && names.Count != ActionCount)
            throw Invalid(nameof(GameAgent.ActionNames), $"has {names.Count} names for {ActionCount} actions; give one name per action or none.");
        if (names.Any(string.IsNullOrWhiteSpace)) throw Invalid(nameof(GameAgent.ActionNames), "has an empty name; name every action.");
        var stepsPerSecond = Read(game, nameof(GameAgent.StepsPerSecond), () => game.StepsPerSecond);
        if (!(stepsPerSecond is > 0 and <= 1000)) throw Invalid(nameof(GameAgent.StepsPerSecond), $"is {stepsPerSecond}; it must be above 0 and at most 1000.");
        var play = Read(game, nameof(GameAgent.PlayControls), () => game.PlayControls);
        if (play is not null) CheckPlay(play);
        ActionNames = names.Count == ActionCount
            ? names.ToArray()
            : Enumerable.Range(0, ActionCount).Select(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Metadata = new EnvMetadata
        {
            DisplayName = displayName,
            ActionNames = names.Count == ActionCount ? ActionNames : [],
            StepsPerSecond = stepsPerSecond,
            Success = Read(game, nameof(GameAgent.Success), () => game.Success),
            Play = play ?? DefaultPlayControls.For(ActionCount, names),
        };

        var type = game.GetType();
        var saves = Overrides(type, nameof(GameAgent.SaveState), typeof(BinaryWriter));
        var loads = Overrides(type, nameof(GameAgent.LoadState), typeof(BinaryReader));
        if (saves != loads)
            throw new UserFacingException($"{GameName} overrides {(saves ? "SaveState but not LoadState" : "LoadState but not SaveState")}; override both (or neither) to make it resumable.");
        HasSnapshots = saves;
        HasHeuristic = Overrides(type, nameof(GameAgent.Heuristic), typeof(ActionBuffers).MakeByRefType());
    }

    public string GameName { get; }
    public ObservationShape Shape { get; }
    public int ActionCount { get; }
    public int MaxStep { get; }
    public IReadOnlyList<string> ActionNames { get; }
    public EnvMetadata Metadata { get; }
    public bool HasSnapshots { get; }
    public bool HasHeuristic { get; }

    /// <summary>Runs <see cref="GameAgent.Initialize"/>, then reads and checks the declarations.</summary>
    public static GameDeclaration Read(GameAgent game)
    {
        GameCalls.Run(game, GameCall.Initialize, static g => g.Initialize());
        return new GameDeclaration(game);
    }

    private static T Read<T>(GameAgent game, string member, Func<T> read)
    {
        var before = game.Call;
        game.Call = GameCall.Declarations;
        try
        {
            return read();
        }
        catch (Exception e)
        {
            throw new UserFacingException($"{game.GetType().Name}.{member} failed: {GameCalls.OneLine(e)}", inner: e);
        }
        finally
        {
            game.Call = before;
        }
    }

    private void CheckPlay(PlayControls play)
    {
        if (play.Bindings is null || play.IdleActions is null || play.Help is null)
            throw Invalid(nameof(GameAgent.PlayControls), "has a null list or help text; give empty lists and \"\" instead.");
        foreach (var binding in play.Bindings)
        {
            if ((uint)binding.Action >= (uint)ActionCount)
                throw Invalid(nameof(GameAgent.PlayControls), $"binds {binding.Key} to action {binding.Action}, outside 0..{ActionCount - 1}.");
        }
        foreach (var idle in play.IdleActions)
        {
            if ((uint)idle >= (uint)ActionCount)
                throw Invalid(nameof(GameAgent.PlayControls), $"has idle action {idle}, outside 0..{ActionCount - 1}.");
        }
        if (play.Bindings.Count == 0) throw Invalid(nameof(GameAgent.PlayControls), "binds no key; bind at least one key or return null for the default keys.");
    }

    private UserFacingException Invalid(string member, string problem) => new($"{GameName}.{member} {problem}");

    private static bool Overrides(Type type, string method, Type parameter)
    {
        var found = type.GetMethod(method, BindingFlags.Instance | BindingFlags.Public, [parameter]);
        return found is not null && found.DeclaringType != typeof(GameAgent);
    }
}
