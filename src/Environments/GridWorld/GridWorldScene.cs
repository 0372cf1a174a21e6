using RLArena.Environments.Scenes;

namespace RLArena.Environments.GridWorld;

/// <summary>
/// GridWorld drawn with one world unit per cell: a header strip <see cref="HeaderHeight"/> tall (the goal-colour
/// indicator and the step count) above the grid, whose cell (x, y) covers [x, x+1] × [H+y, H+y+1].
/// Cells are a light checkerboard, obstacles dark blocks, green goals a "+", red goals an "x", and the agent a blue
/// disc ringed in the colour it must reach.
/// </summary>
public static class GridWorldScene
{
    /// <summary>The header's height in world units (one cell).</summary>
    public const double HeaderHeight = 1.0;

    /// <summary>The background colour.</summary>
    public static readonly Rgba Background = new(36, 41, 51);
    /// <summary>The light cells of the checkerboard.</summary>
    public static readonly Rgba CellLight = new(236, 239, 244);
    /// <summary>The dark cells of the checkerboard.</summary>
    public static readonly Rgba CellDark = new(222, 226, 233);
    /// <summary>The obstacles' colour.</summary>
    public static readonly Rgba ObstacleColor = new(76, 86, 106);
    /// <summary>The green goals' colour.</summary>
    public static readonly Rgba GreenColor = new(46, 160, 67);
    /// <summary>The red goals' colour.</summary>
    public static readonly Rgba RedColor = new(215, 58, 73);
    /// <summary>The agent's colour.</summary>
    public static readonly Rgba AgentColor = new(52, 101, 164);
    /// <summary>The colour of the header text.</summary>
    public static readonly Rgba TextColor = new(236, 239, 244);

    /// <summary>The top-left corner of a cell in world units.</summary>
    public static (double X, double Y) CellOrigin(GridCell cell) => (cell.X, HeaderHeight + cell.Y);

    /// <summary>The centre of a cell in world units.</summary>
    public static (double X, double Y) CellCenter(GridCell cell) => (cell.X + 0.5, HeaderHeight + cell.Y + 0.5);

    /// <summary>The drawing colour of a goal colour.</summary>
    /// <param name="color">Green or red.</param>
    public static Rgba ColorOf(GoalColor color) => color == GoalColor.Green ? GreenColor : RedColor;

    /// <summary>The frame of <paramref name="env"/>: cells, goals, obstacles, the agent ringed in the colour to reach, and the header.</summary>
    /// <param name="env">The grid to draw.</param>
    public static Scene Build(GridWorldEnv env)
    {
        var size = env.Options.Size;
        var layout = env.Layout;
        var scene = new Scene(size, size + HeaderHeight, Background);

        const double gap = 0.04;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var cell = new GridCell(x, y);
                var (ox, oy) = CellOrigin(cell);
                var color = env.IsObstacle(cell) ? ObstacleColor : (x + y) % 2 == 0 ? CellLight : CellDark;
                scene.Add(new RectanglePrimitive(ox + gap, oy + gap, 1 - 2 * gap, 1 - 2 * gap, color));
            }
        }

        foreach (var goal in layout.GreenGoals) AddPlus(scene, CellCenter(goal), 1.0, GreenColor);
        foreach (var goal in layout.RedGoals) AddCross(scene, CellCenter(goal), 1.0, RedColor);

        var (ax, ay) = CellCenter(layout.Agent);
        scene.Add(new CirclePrimitive(ax, ay, 0.36, ColorOf(layout.Target)));
        scene.Add(new CirclePrimitive(ax, ay, 0.27, AgentColor));

        // Header: the goal to reach, then the step count.
        var target = ColorOf(layout.Target);
        scene.Add(new RectanglePrimitive(0.1, 0.1, 0.8, 0.8, new Rgba(target.R, target.G, target.B, 60)));
        if (layout.Target == GoalColor.Green) AddPlus(scene, (0.5, 0.5), 0.8, GreenColor);
        else AddCross(scene, (0.5, 0.5), 0.8, RedColor);
        var textSize = 0.45 * Math.Min(1.0, size / 5.0);
        scene.Add(new TextPrimitive(1.15, 0.5 - textSize / 2, $"step {env.ElapsedSteps}/{env.MaxEpisodeSteps}", textSize, TextColor));
        return scene;
    }

    private static void AddPlus(Scene scene, (double X, double Y) center, double scale, Rgba color)
    {
        var length = 0.64 * scale;
        var width = 0.18 * scale;
        scene.Add(new RectanglePrimitive(center.X - length / 2, center.Y - width / 2, length, width, color));
        scene.Add(new RectanglePrimitive(center.X - width / 2, center.Y - length / 2, width, length, color));
    }

    private static void AddCross(Scene scene, (double X, double Y) center, double scale, Rgba color)
    {
        var length = 0.7 * scale;
        var width = 0.18 * scale;
        scene.Add(new RectanglePrimitive(center.X - length / 2, center.Y - width / 2, length, width, color, Math.PI / 4));
        scene.Add(new RectanglePrimitive(center.X - length / 2, center.Y - width / 2, length, width, color, -Math.PI / 4));
    }
}
