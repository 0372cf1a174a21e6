using RLArena.Environments.Authoring;
using RLArena.Environments;
using RLArena.Environments.Scenes;

namespace Catch.Game;

/// <summary>
/// bsuite's Catch: a 10-row × 5-column board. The ball starts in a random column of the top row and falls one row
/// per step; the paddle starts in the middle of the bottom row and moves left, stays or moves right. When the ball
/// reaches the bottom row the episode ends: +1 if the paddle is under it, −1 if not (every episode is 9 steps).
/// Observation: 1 × 10 × 5 pixels, 1 where the ball or the paddle is and 0 elsewhere.
/// </summary>
[RLArenaEnvironment("catch", "bsuite Catch: move the paddle to catch the falling ball (3 actions, 1x10x5 pixels)")]
public sealed class CatchGame : GameAgent
{
    /// <summary>Board height: the ball falls from row 0 to row <c>Rows − 1</c>, where the paddle is.</summary>
    public const int Rows = 10;

    /// <summary>Board width.</summary>
    public const int Columns = 5;

    /// <summary>The ball's column (0 = left).</summary>
    public int BallX { get; private set; }

    /// <summary>The ball's row (0 = top).</summary>
    public int BallY { get; private set; }

    /// <summary>The paddle's column on the bottom row.</summary>
    public int PaddleX { get; private set; }

    /// <inheritdoc />
    public override ObservationShape ObservationShape => ObservationShape.Pixels(1, Rows, Columns);

    /// <inheritdoc />
    public override int ActionCount => 3;

    /// <inheritdoc />
    public override IReadOnlyList<string> ActionNames => ["left", "stay", "right"];

    /// <inheritdoc />
    public override string DisplayName => "Catch";

    /// <inheritdoc />
    public override double StepsPerSecond => 8;

    /// <inheritdoc />
    public override string Success => "the ball is caught (return +1)";

    /// <inheritdoc />
    public override PlayControls PlayControls =>
        new(RealTime: true, [new(PlayKey.Left, 0), new(PlayKey.Right, 2)], IdleActions: [1], "Left/Right: move the paddle");

    /// <inheritdoc />
    public override void OnEpisodeBegin()
    {
        BallX = Random.NextInt(Columns);
        BallY = 0;
        PaddleX = Columns / 2;
    }

    /// <inheritdoc />
    public override void CollectObservations(VectorSensor sensor)
    {
        for (var y = 0; y < Rows; y++)
        {
            for (var x = 0; x < Columns; x++)
                sensor.AddObservation((x == BallX && y == BallY) || (x == PaddleX && y == Rows - 1));
        }
    }

    /// <inheritdoc />
    public override void OnActionReceived(ActionBuffers actions)
    {
        // Action 0 = left, 1 = stay, 2 = right: the paddle moves by action − 1, stopped by the walls.
        PaddleX = Math.Clamp(PaddleX + actions.DiscreteActions[0] - 1, 0, Columns - 1);
        BallY++;
        if (BallY == Rows - 1)
        {
            SetReward(PaddleX == BallX ? 1 : -1);
            EndEpisode();
        }
    }

    /// <summary>The scripted policy: move toward the ball's column (it always catches).</summary>
    public override void Heuristic(in ActionBuffers actionsOut) =>
        actionsOut.DiscreteActions[0] = Math.Sign(BallX - PaddleX) + 1;

    /// <inheritdoc />
    public override Scene Describe()
    {
        var scene = new Scene(Columns, Rows, new Rgba(20, 24, 32));
        scene.Add(new CirclePrimitive(BallX + 0.5, BallY + 0.5, 0.4, new Rgba(235, 203, 139)));
        scene.Add(new RectanglePrimitive(PaddleX + 0.05, Rows - 0.6, 0.9, 0.5, new Rgba(136, 192, 208)));
        return scene;
    }

    /// <inheritdoc />
    public override void SaveState(BinaryWriter writer)
    {
        writer.Write(BallX);
        writer.Write(BallY);
        writer.Write(PaddleX);
    }

    /// <inheritdoc />
    public override void LoadState(BinaryReader reader)
    {
        BallX = reader.ReadInt32();
        BallY = reader.ReadInt32();
        PaddleX = reader.ReadInt32();
    }
}
