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

    /// <summary>The most continuous action values a game may take.</summary>
    public const int MaxContinuousActions = 1024;

    private GameDeclaration(GameAgent game)
    {
        GameName = game.GetType().Name;
        Shape = Read(game, nameof(GameAgent.ObservationShape), () => game.ObservationShape)
            ?? throw Invalid(nameof(GameAgent.ObservationShape), "is null; return ObservationShape.Vector(n) or ObservationShape.Pixels(c, h, w).");
        ActionCount = Read(game, nameof(GameAgent.ActionCount), () => game.ActionCount);
        ContinuousActionCount = Read(game, nameof(GameAgent.ContinuousActionCount), () => game.ContinuousActionCount);
        if (ContinuousActionCount is < 0 or > MaxContinuousActions)
            throw Invalid(nameof(GameAgent.ContinuousActionCount), $"is {ContinuousActionCount}; it must be from 0 (discrete actions) to {MaxContinuousActions}.");
        if (ContinuousActionCount > 0 && ActionCount != 0)
            throw Invalid(nameof(GameAgent.ActionCount), $"is {ActionCount} but the game also takes {ContinuousActionCount} continuous action value(s); a game takes one kind, so return 0 from ActionCount.");
        if (ContinuousActionCount == 0 && ActionCount is < 1 or > MaxActions) throw Invalid(nameof(GameAgent.ActionCount), $"is {ActionCount}; it must be from 1 to {MaxActions}.");
        MaxStep = Read(game, nameof(GameAgent.MaxStep), () => game.MaxStep);
        if (MaxStep < 0) throw Invalid(nameof(GameAgent.MaxStep), $"is {MaxStep}; use 0 for no limit or a positive number of steps.");

        var displayName = Read(game, nameof(GameAgent.DisplayName), () => game.DisplayName);
        if (string.IsNullOrWhiteSpace(displayName)) throw Invalid(nameof(GameAgent.DisplayName), "is empty; give the game a readable name.");
        var names = Read(game, nameof(GameAgent.ActionNames), () => game.ActionNames) ?? [];
        var play = Read(game, nameof(GameAgent.PlayControls), () => game.PlayControls);
        // Continuous actions are named by the play controls' fixed values (one name per entry), if at all.
        var namedActions = ContinuousActionCount > 0 ? play?.ContinuousActions?.Count ?? 0 : ActionCount;
        if (names.Count != 0 && names.Count != namedActions)
            throw Invalid(nameof(GameAgent.ActionNames), ContinuousActionCount > 0
                ? $"has {names.Count} names but PlayControls lists {namedActions} ContinuousActions; name each entry or none."
                : $"has {names.Count} names for {ActionCount} actions; give one name per action or none.");
        if (names.Any(string.IsNullOrWhiteSpace)) throw Invalid(nameof(GameAgent.ActionNames), "has an empty name; name every action.");
        var stepsPerSecond = Read(game, nameof(GameAgent.StepsPerSecond), () => game.StepsPerSecond);
        if (!(stepsPerSecond is > 0 and <= 1000)) throw Invalid(nameof(GameAgent.StepsPerSecond), $"is {stepsPerSecond}; it must be above 0 and at most 1000.");
        if (play is not null) CheckPlay(play);
        ActionNames = names.Count == namedActions
            ? names.ToArray()
            : Enumerable.Range(0, namedActions).Select(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Metadata = new EnvMetadata
        {
            DisplayName = displayName,
            ActionNames = names.Count == namedActions ? ActionNames : [],
            StepsPerSecond = stepsPerSecond,
            Success = Read(game, nameof(GameAgent.Success), () => game.Success),
            Play = play ?? (ContinuousActionCount > 0 ? null : DefaultPlayControls.For(ActionCount, names)),
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
    public int ContinuousActionCount { get; }
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
        var actions = ActionCount;
        if (ContinuousActionCount > 0)
        {
            var values = play.ContinuousActions;
            if (values is null || values.Count == 0)
                throw Invalid(nameof(GameAgent.PlayControls), $"lists no ContinuousActions; list the values its keys take, e.g. [[-1f], [0f], [1f]] for one action value.");
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is null || values[i].Length != ContinuousActionCount || values[i].Any(v => !(v >= -1f && v <= 1f)))
                    throw Invalid(nameof(GameAgent.PlayControls), $"has ContinuousActions[{i}] that is not {ContinuousActionCount} value(s) in [-1, 1].");
            }
            actions = values.Count;
        }
        else if (play.ContinuousActions is { Count: > 0 })
        {
            throw Invalid(nameof(GameAgent.PlayControls), "lists ContinuousActions but the game's actions are discrete; leave them empty.");
        }
        foreach (var binding in play.Bindings)
        {
            if ((uint)binding.Action >= (uint)actions)
                throw Invalid(nameof(GameAgent.PlayControls), $"binds {binding.Key} to action {binding.Action}, outside 0..{actions - 1}.");
        }
        foreach (var idle in play.IdleActions)
        {
            if ((uint)idle >= (uint)actions)
                throw Invalid(nameof(GameAgent.PlayControls), $"has idle action {idle}, outside 0..{actions - 1}.");
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
