namespace RLArena.Environments.Authoring;

/// <summary>
/// Marks a <see cref="GameAgent"/> class as an environment: its registry name (what <c>--env</c> takes; lower-case
/// letters, digits and <c>-_.</c>) and a one-line description. <see cref="AgentEnvironment.Register{TGame}"/> and the
/// plugin loader register every class that carries it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class RLArenaEnvironmentAttribute(string name, string description) : Attribute
{
    /// <summary>The registry name, e.g. "catch".</summary>
    public string Name { get; } = name;

    /// <summary>One line for <c>rlarena envs</c> and help texts.</summary>
    public string Description { get; } = description;

    /// <summary>Other names it answers to, e.g. "catch-v0".</summary>
    public string[] Aliases { get; set; } = [];
}

/// <summary>
/// Declares one option of a game, e.g. <c>[RLArenaOption("rows", "10", "board height, 2..100")]</c>, so that
/// <c>--env catch:rows=12</c> is accepted. The game reads it in a constructor taking <see cref="EnvOptions"/>:
/// <c>options.Int("rows", 10, 2, 100)</c>. Repeat the attribute for each option.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public sealed class RLArenaOptionAttribute(string key, string defaultValue, string description) : Attribute
{
    /// <summary>The option's key (lower case).</summary>
    public string Key { get; } = key;

    /// <summary>The value used when the option is not given, as text.</summary>
    public string Default { get; } = defaultValue;

    /// <summary>What it does and its valid range, for help texts.</summary>
    public string Description { get; } = description;
}
