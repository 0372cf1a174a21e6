namespace RLArena.Environments;

/// <summary>One option of a registered environment: its key, default and meaning.</summary>
public sealed record EnvOption(string Key, string Default, string Description);

/// <summary>A registered environment as listed: name, one-line description, accepted aliases, options, origin.</summary>
public sealed record EnvDefinition(string Name, string Description, IReadOnlyList<string> Aliases, IReadOnlyList<EnvOption> Options)
{
    /// <summary>"built-in", or the plugin assembly that registered it.</summary>
    public string Origin { get; init; } = "built-in";
}
