namespace RLArena.Viewer.Acting;

/// <summary>Readable names for the actions of the known environments (numbers for any other).</summary>
public static class ActionNames
{
    public static IReadOnlyList<string> For(string environmentId, int actionCount)
    {
        var names = EnvironmentKinds.Of(environmentId) switch
        {
            EnvironmentKind.CartPole => new[] { "left", "right" },
            EnvironmentKind.GridWorld => new[] { "stay", "up", "down", "left", "right" },
            _ => Array.Empty<string>(),
        };
        return names.Length == actionCount ? names : Enumerable.Range(0, actionCount).Select(i => i.ToString()).ToArray();
    }
}

/// <summary>The environment families the viewer knows how to play and name, from an environment id.</summary>
public enum EnvironmentKind
{
    Other,
    CartPole,
    GridWorld,
}
