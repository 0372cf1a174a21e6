using System.Text;

namespace RLArena.Environments.GridWorld;

/// <summary>
/// GridWorld's settings (Unity ML-Agents' defaults): a <see cref="Size"/>×<see cref="Size"/> grid, how many goals of
/// each colour, fixed obstacle cells the agent cannot enter, the step limit, the observation kind, and whether moves
/// into walls and obstacles are masked.
/// </summary>
public sealed record GridWorldOptions(
    int Size = 5,
    int GreenGoals = 1,
    int RedGoals = 1,
    IReadOnlyList<GridCell>? Obstacles = null,
    int MaxSteps = 100,
    GridObservationKind Observation = GridObservationKind.Vector,
    bool MaskActions = true)
{
    /// <summary>The largest grid side (64).</summary>
    public const int MaxSize = 64;

    /// <summary>The obstacle cells, never null.</summary>
    public IReadOnlyList<GridCell> ObstacleCells => Obstacles ?? [];

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (Size < 2 || Size > MaxSize) throw new ArgumentException($"GridWorld size must be 2..{MaxSize}, not {Size}.");
        if (GreenGoals < 0 || RedGoals < 0) throw new ArgumentException("GridWorld goal counts cannot be negative.");
        if (GreenGoals + RedGoals < 1) throw new ArgumentException("GridWorld needs at least one goal.");
        if (MaxSteps < 1) throw new ArgumentException($"GridWorld max_steps must be at least 1, not {MaxSteps}.");
        foreach (var cell in ObstacleCells)
        {
            if (cell.X < 0 || cell.Y < 0 || cell.X >= Size || cell.Y >= Size)
                throw new ArgumentException($"GridWorld obstacle {cell} is outside the {Size}x{Size} grid (cells are x-y with 0 <= x, y < {Size}).");
        }
        var free = Size * Size - ObstacleCells.Distinct().Count();
        if (free < GreenGoals + RedGoals + 1)
            throw new ArgumentException($"GridWorld has {free} free cells, too few for {GreenGoals + RedGoals} goals and the agent.");
    }

    /// <summary>The registry spec that makes these options, e.g. "gridworld" or "gridworld:size=8,goals=2,obs=visual".</summary>
    public string ToSpec()
    {
        var parts = new List<string>();
        var defaults = new GridWorldOptions();
        if (Size != defaults.Size) parts.Add($"size={Size}");
        if (GreenGoals == RedGoals)
        {
            if (GreenGoals != defaults.GreenGoals) parts.Add($"goals={GreenGoals}");
        }
        else
        {
            parts.Add($"green={GreenGoals}");
            parts.Add($"red={RedGoals}");
        }
        if (ObstacleCells.Count > 0) parts.Add("obstacles=" + string.Join(";", ObstacleCells));
        if (MaxSteps != defaults.MaxSteps) parts.Add($"max_steps={MaxSteps}");
        if (Observation != defaults.Observation) parts.Add($"obs={Observation.ToString().ToLowerInvariant()}");
        if (MaskActions != defaults.MaskActions) parts.Add($"mask={(MaskActions ? "true" : "false")}");
        var spec = new StringBuilder(GridWorldEnv.Name);
        if (parts.Count > 0) spec.Append(':').AppendJoin(',', parts);
        return spec.ToString();
    }
}
