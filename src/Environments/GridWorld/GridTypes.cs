namespace RLArena.Environments.GridWorld;

/// <summary>A grid cell: column <see cref="X"/> (0 = left) and row <see cref="Y"/> (0 = top).</summary>
public readonly record struct GridCell(int X, int Y)
{
    /// <summary>"x-y", as obstacles are written in the spec.</summary>
    public override string ToString() => $"{X}-{Y}";
}

/// <summary>The two goal kinds: a green "+" and a red "x". The goal signal is one-hot in this order.</summary>
public enum GoalColor
{
    /// <summary>The green "+" goal.</summary>
    Green = 0,
    /// <summary>The red "x" goal.</summary>
    Red = 1,
}

/// <summary>How GridWorld observations are laid out.</summary>
public enum GridObservationKind
{
    /// <summary>The grid's one-hot layers flattened, then the two-value goal signal: for MLP policies.</summary>
    Vector,

    /// <summary>Channels × height × width planes (the goal signal as two constant planes): for convolutional policies.</summary>
    Visual,
}

/// <summary>GridWorld's five actions (Unity ML-Agents' order).</summary>
public static class GridActions
{
    /// <summary>Stay in place.</summary>
    public const int Stay = 0;
    /// <summary>Move one row up.</summary>
    public const int Up = 1;
    /// <summary>Move one row down.</summary>
    public const int Down = 2;
    /// <summary>Move one column left.</summary>
    public const int Left = 3;
    /// <summary>Move one column right.</summary>
    public const int Right = 4;
    /// <summary>The number of actions.</summary>
    public const int Count = 5;

    /// <summary>The cell an action leads to, ignoring walls and obstacles ("up" is towards row 0).</summary>
    public static GridCell Target(GridCell cell, int action) => action switch
    {
        Up => cell with { Y = cell.Y - 1 },
        Down => cell with { Y = cell.Y + 1 },
        Left => cell with { X = cell.X - 1 },
        Right => cell with { X = cell.X + 1 },
        _ => cell,
    };

    /// <summary>"stay", "up", "down", "left" or "right".</summary>
    /// <param name="action">An action, 0 to 4.</param>
    public static string Name(int action) => action switch
    {
        Stay => "stay",
        Up => "up",
        Down => "down",
        Left => "left",
        Right => "right",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "GridWorld actions are 0..4."),
    };
}

/// <summary>
/// Where everything is in the current episode: the agent, the goal colour to reach, and the goal cells of each colour.
/// </summary>
public sealed record GridWorldLayout(GridCell Agent, GoalColor Target, IReadOnlyList<GridCell> GreenGoals, IReadOnlyList<GridCell> RedGoals);
