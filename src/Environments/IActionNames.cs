namespace RLArena.Environments;

/// <summary>Implemented by environments whose actions have names (for play-by-hand keys, logs and viewers).</summary>
public interface IActionNames
{
    /// <summary>One short name per action, in action order.</summary>
    IReadOnlyList<string> ActionNames { get; }
}
