using System.Reflection;
using RLArena.Core.Errors;
using RLArena.Environments.Registry;

namespace RLArena.Environments.Authoring;

/// <summary>
/// Builds the <see cref="EnvRegistration"/> of a <see cref="GameAgent"/> class from its
/// <see cref="RLArenaEnvironmentAttribute"/> and <see cref="RLArenaOptionAttribute"/>s.
/// <para>
/// Constructors: a public constructor taking <see cref="EnvOptions"/> is used when there is one (it reads the
/// declared options with <c>options.Int(...)</c> and friends; a bad value is an <see cref="EnvSpecException"/>);
/// otherwise the public parameterless one. Each <c>EnvRegistry.Make</c> constructs a new instance. A constructor
/// that throws becomes one <see cref="UserFacingException"/> line naming the environment, the class and the message.
/// The id of a made environment is the name followed by the options given, e.g. "catch:rows=12", so
/// <c>EnvRegistry.Make(env.Id)</c> makes the same game.
/// </para>
/// </summary>
public static class GameRegistration
{
    /// <summary>Registers <typeparamref name="TGame"/> in the <see cref="EnvRegistry"/>.</summary>
    public static void Register<TGame>() where TGame : GameAgent => EnvRegistry.Register(For(typeof(TGame)));

    /// <summary>
    /// The registration of <paramref name="gameType"/>; <paramref name="origin"/> says where it comes from
    /// (default: "game ClassName (AssemblyName)").
    /// </summary>
    public static EnvRegistration For(Type gameType, string? origin = null)
    {
        ArgumentNullException.ThrowIfNull(gameType);
        CheckGameType(gameType);
        var attribute = gameType.GetCustomAttribute<RLArenaEnvironmentAttribute>()
            ?? throw new UserFacingException($"{gameType.Name} has no [RLArenaEnvironment(\"name\", \"description\")] attribute; add one to register it.");
        var options = gameType.GetCustomAttributes<RLArenaOptionAttribute>()
            .Select(o => new EnvOption(o.Key, o.Default, o.Description)).ToArray();
        var takesOptions = gameType.GetConstructor([typeof(EnvOptions)]) is not null;
        if (options.Length > 0 && !takesOptions)
            throw new UserFacingException($"{gameType.Name} declares options ({string.Join(", ", options.Select(o => o.Key))}) but has no public constructor taking EnvOptions to read them; add one.");
        var name = attribute.Name;
        return new EnvRegistration(name, attribute.Description, environmentOptions => Make(gameType, name, environmentOptions))
        {
            Aliases = attribute.Aliases ?? [],
            Options = options,
            Origin = origin ?? $"game {gameType.Name} ({gameType.Assembly.GetName().Name})",
        };
    }

    /// <summary>Constructs the game for <paramref name="options"/> and wraps it in its environment.</summary>
    public static AgentEnvironment Make(Type gameType, string name, EnvOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var game = Construct(gameType, name, options);
        var id = options.Given.Count == 0 ? name : $"{name}:{string.Join(",", options.Given.Select(o => $"{o.Key}={o.Value}"))}";
        return AgentEnvironment.Create(game, id);
    }

    /// <summary>A new instance of <paramref name="gameType"/>, through its EnvOptions or parameterless constructor.</summary>
    public static GameAgent Construct(Type gameType, string name, EnvOptions options)
    {
        ArgumentNullException.ThrowIfNull(gameType);
        CheckGameType(gameType);
        var withOptions = gameType.GetConstructor([typeof(EnvOptions)]);
        var constructor = withOptions ?? gameType.GetConstructor(Type.EmptyTypes)!;
        try
        {
            return (GameAgent)constructor.Invoke(BindingFlags.DoNotWrapExceptions, binder: null, withOptions is null ? [] : [options], culture: null);
        }
        catch (Exception e) when (e is not UserFacingException and not EnvSpecException)
        {
            throw new UserFacingException($"environment '{name}': the constructor of {gameType.Name} threw {e.GetType().Name}: {GameCalls.OneLine(e)}", inner: e);
        }
    }

    /// <summary>The name of <paramref name="gameType"/>'s attribute, else its class name in lower case.</summary>
    internal static string DefaultName(Type gameType) =>
        gameType.GetCustomAttribute<RLArenaEnvironmentAttribute>()?.Name ?? gameType.Name.ToLowerInvariant();

    private static void CheckGameType(Type gameType)
    {
        if (!typeof(GameAgent).IsAssignableFrom(gameType))
            throw new UserFacingException($"{gameType.Name} is not a GameAgent; derive it from RLArena.Environments.Authoring.GameAgent.");
        if (gameType.IsAbstract || gameType.ContainsGenericParameters)
            throw new UserFacingException($"{gameType.Name} is abstract or generic; register a concrete game class.");
        if (gameType.GetConstructor([typeof(EnvOptions)]) is null && gameType.GetConstructor(Type.EmptyTypes) is null)
            throw new UserFacingException($"{gameType.Name} has no public constructor taking EnvOptions or nothing; add one.");
    }
}
