namespace RLArena.Viewer.Acting;

public static class EnvironmentKinds
{
    /// <summary>"cartpole", "CartPole-v1", "gridworld:size=8" ... → the family; anything else is <see cref="EnvironmentKind.Other"/>.</summary>
    public static EnvironmentKind Of(string environmentId)
    {
        var name = environmentId.Split(':', 2)[0].Trim().ToLowerInvariant();
        if (name.StartsWith("cartpole", StringComparison.Ordinal)) return EnvironmentKind.CartPole;
        if (name.StartsWith("gridworld", StringComparison.Ordinal)) return EnvironmentKind.GridWorld;
        return EnvironmentKind.Other;
    }

    /// <summary>How many environment steps a second look natural: CartPole's physics step is 0.02 s; grid moves are turns.</summary>
    public static double DefaultStepsPerSecond(EnvironmentKind kind) => kind switch
    {
        EnvironmentKind.CartPole => 50,
        EnvironmentKind.GridWorld => 5,
        _ => 20,
    };
}
