using RLArena.Environments.Authoring;
using RLArena.Environments.Scenes;

namespace Gems.Game;

/// <summary>
/// Gems: collect the three gems in a 6 × 6 room with inner walls (see <c>Map</c>), against the clock. The agent and
/// the gems start on random free cells. Actions: up, down, left, right; a move into a wall or out of the room is
/// masked (not allowed). Reward: +1 per gem, −0.01 per step. The episode ends (terminated) when the last gem is taken, and is
/// interrupted (truncated) after <see cref="TimeLimit"/> steps.
/// <para>
/// Observation, a vector of 16 values in [−1, 1]: the agent's column and row (0..1); for each gem slot, nearest
/// remaining gem first: its offset dx, dy from the agent (divided by 5) and 1 if it is still there (0, 0, 0 once
/// taken); whether up, down, left, right are blocked (1) or open (0); the share of the time limit left.
/// </para>
/// </summary>
[RLArenaEnvironment("gems", "collect 3 gems in a 6x6 room with walls before time runs out (masked moves, vector observation)")]
public sealed class GemsGame : GameAgent
{
    /// <summary>Room width and height in cells.</summary>
    public const int Size = 6;

    /// <summary>How many gems an episode starts with.</summary>
    public const int GemCount = 3;

    /// <summary>Steps after which an episode is interrupted.</summary>
    public const int TimeLimit = 40;

    /// <summary>Reward for each gem taken.</summary>
    public const double GemReward = 1.0;

    /// <summary>Reward for each step (a small cost, so faster is better).</summary>
    public const double StepReward = -0.01;

    private static readonly (int Dx, int Dy)[] Moves = [(0, -1), (0, 1), (-1, 0), (1, 0)];
    // The room, row by row: '#' is a wall block, '.' a free cell.
    private static readonly string[] Map =
    [
        "......",
        ".###..",
        "...#..",
        ".#....",
        ".#.##.",
        "......",
    ];

    private readonly (int X, int Y)[] _gems = new (int, int)[GemCount];
    private readonly bool[] _taken = new bool[GemCount];

    /// <summary>The agent's column (0 = left).</summary>
    public int AgentX { get; private set; }

    /// <summary>The agent's row (0 = top).</summary>
    public int AgentY { get; private set; }

    /// <summary>How many gems are still in the room.</summary>
    public int GemsLeft => _taken.Count(taken => !taken);

    /// <inheritdoc />
    public override ObservationShape ObservationShape => ObservationShape.Vector(2 + 3 * GemCount + Moves.Length + 1, -1, 1);

    /// <inheritdoc />
    public override int ActionCount => Moves.Length;

    /// <inheritdoc />
    public override int MaxStep => TimeLimit;

    /// <inheritdoc />
    public override IReadOnlyList<string> ActionNames => ["up", "down", "left", "right"];

    /// <inheritdoc />
    public override string DisplayName => "Gems";

    /// <inheritdoc />
    public override double StepsPerSecond => 6;

    /// <inheritdoc />
    public override string Success => "all three gems collected before the time limit";

    /// <summary>Whether (x, y) is a wall block or outside the room.</summary>
    public static bool IsBlocked(int x, int y) =>
        x < 0 || y < 0 || x >= Size || y >= Size || Map[y][x] == '#';

    /// <inheritdoc />
    public override void OnEpisodeBegin()
    {
        (AgentX, AgentY) = RandomFreeCell(0);
        for (var i = 0; i < GemCount; i++)
        {
            _gems[i] = RandomFreeCell(i);
            _taken[i] = false;
        }
    }

    // A free cell that holds neither the agent nor one of the first `gemsPlaced` gems.
    private (int X, int Y) RandomFreeCell(int gemsPlaced)
    {
        while (true)
        {
            var cell = (X: Random.NextInt(Size), Y: Random.NextInt(Size));
            if (IsBlocked(cell.X, cell.Y)) continue;
            if (gemsPlaced > 0 && cell == (AgentX, AgentY)) continue;
            if (Array.IndexOf(_gems, cell, 0, gemsPlaced) >= 0) continue;
            return cell;
        }
    }

    /// <inheritdoc />
    public override void CollectObservations(VectorSensor sensor)
    {
        sensor.AddObservation(AgentX / (double)(Size - 1));
        sensor.AddObservation(AgentY / (double)(Size - 1));
        foreach (var gem in GemsNearestFirst())
        {
            if (gem is { } g)
            {
                sensor.AddObservation((g.X - AgentX) / (double)(Size - 1));
                sensor.AddObservation((g.Y - AgentY) / (double)(Size - 1));
                sensor.AddObservation(1);
            }
            else
            {
                sensor.AddObservation(0);
                sensor.AddObservation(0);
                sensor.AddObservation(0);
            }
        }
        foreach (var (dx, dy) in Moves)
            sensor.AddObservation(IsBlocked(AgentX + dx, AgentY + dy));
        sensor.AddObservation(1 - StepCount / (double)TimeLimit);
    }

    // The remaining gems sorted by distance from the agent (ties: slot order), then nulls for the taken ones.
    private IEnumerable<(int X, int Y)?> GemsNearestFirst()
    {
        var remaining = Enumerable.Range(0, GemCount).Where(i => !_taken[i])
            .OrderBy(i => Math.Abs(_gems[i].X - AgentX) + Math.Abs(_gems[i].Y - AgentY)).ThenBy(i => i)
            .Select(i => ((int X, int Y)?)_gems[i]).ToList();
        return remaining.Concat(Enumerable.Repeat<(int X, int Y)?>(null, GemCount - remaining.Count));
    }

    /// <inheritdoc />
    public override void WriteDiscreteActionMask(IDiscreteActionMask actionMask)
    {
        for (var action = 0; action < Moves.Length; action++)
        {
            if (IsBlocked(AgentX + Moves[action].Dx, AgentY + Moves[action].Dy))
                actionMask.SetActionEnabled(0, action, false);
        }
    }

    /// <inheritdoc />
    public override void OnActionReceived(ActionBuffers actions)
    {
        var (dx, dy) = Moves[actions.DiscreteActions[0]];
        // The mask keeps policies out of walls; a caller that ignores it (a human in play) just bumps into them.
        if (!IsBlocked(AgentX + dx, AgentY + dy))
            (AgentX, AgentY) = (AgentX + dx, AgentY + dy);
        AddReward(StepReward);
        for (var i = 0; i < GemCount; i++)
        {
            if (!_taken[i] && _gems[i] == (AgentX, AgentY))
            {
                _taken[i] = true;
                AddReward(GemReward);
            }
        }
        if (GemsLeft == 0) EndEpisode();
    }

    /// <summary>The scripted policy: the first step of a shortest path (around the walls) to the nearest gem.</summary>
    public override void Heuristic(in ActionBuffers actionsOut) => actionsOut.DiscreteActions[0] = FirstStepToNearestGem();

    // Breadth-first search from the agent; returns the first move of the path to the first gem reached.
    private int FirstStepToNearestGem()
    {
        var firstMove = new int[Size, Size];
        var seen = new bool[Size, Size];
        var queue = new Queue<(int X, int Y)>();
        seen[AgentX, AgentY] = true;
        queue.Enqueue((AgentX, AgentY));
        while (queue.Count > 0)
        {
            var (x, y) = queue.Dequeue();
            for (var i = 0; i < GemCount; i++)
            {
                if (!_taken[i] && _gems[i] == (x, y) && (x, y) != (AgentX, AgentY)) return firstMove[x, y];
            }
            for (var action = 0; action < Moves.Length; action++)
            {
                var (nx, ny) = (x + Moves[action].Dx, y + Moves[action].Dy);
                if (IsBlocked(nx, ny) || seen[nx, ny]) continue;
                seen[nx, ny] = true;
                firstMove[nx, ny] = (x, y) == (AgentX, AgentY) ? action : firstMove[x, y];
                queue.Enqueue((nx, ny));
            }
        }
        return 0;
    }

    /// <inheritdoc />
    public override Scene Describe()
    {
        var scene = new Scene(Size, Size, new Rgba(28, 30, 38));
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                if (IsBlocked(x, y)) scene.Add(new RectanglePrimitive(x, y, 1, 1, new Rgba(94, 102, 120)));
            }
        }
        for (var i = 0; i < GemCount; i++)
        {
            if (!_taken[i])
                scene.Add(new RectanglePrimitive(_gems[i].X + 0.5 - 0.22, _gems[i].Y + 0.5 - 0.22, 0.44, 0.44, new Rgba(163, 190, 140)));
        }
        scene.Add(new CirclePrimitive(AgentX + 0.5, AgentY + 0.5, 0.35, new Rgba(235, 203, 139)));
        return scene;
    }

    /// <inheritdoc />
    public override void SaveState(BinaryWriter writer)
    {
        writer.Write(AgentX);
        writer.Write(AgentY);
        for (var i = 0; i < GemCount; i++)
        {
            writer.Write(_gems[i].X);
            writer.Write(_gems[i].Y);
            writer.Write(_taken[i]);
        }
    }

    /// <inheritdoc />
    public override void LoadState(BinaryReader reader)
    {
        AgentX = reader.ReadInt32();
        AgentY = reader.ReadInt32();
        for (var i = 0; i < GemCount; i++)
        {
            _gems[i] = (reader.ReadInt32(), reader.ReadInt32());
            _taken[i] = reader.ReadBoolean();
        }
    }
}
