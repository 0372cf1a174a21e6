namespace RLArena.Environments;

/// <summary>
/// One environment for <see cref="EnvRegistry.Register"/>: its name (what <c>--env</c> takes), a one-line description,
/// accepted aliases, its options (key, default, help) and a factory that reads them. The factory is called for every
/// copy, so it must return a new instance each time.
/// </summary>
public sealed record EnvRegistration(string Name, string Description, Func<EnvOptions, IEnvironment> Make)
{
    /// <summary>Other names <c>--env</c> accepts for it (<c>CartPole-v1</c>).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Its options: key, default and help, listed by <c>rlarena envs</c>.</summary>
    public IReadOnlyList<EnvOption> Options { get; init; } = [];

    /// <summary>Where it comes from: "built-in", or the plugin assembly that registered it.</summary>
    public string Origin { get; init; } = "built-in";
}
