namespace RLArena.Environments;

/// <summary>One option of a registered environment: its key, default and meaning.</summary>
public sealed record EnvOption(string Key, string Default, string Description);

/// <summary>A registered environment: name, one-line description, accepted aliases and options.</summary>
public sealed record EnvDefinition(string Name, string Description, IReadOnlyList<string> Aliases, IReadOnlyList<EnvOption> Options);
