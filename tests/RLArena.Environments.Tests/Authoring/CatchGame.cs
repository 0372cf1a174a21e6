using RLArena.Environments.Authoring;
using RLArena.Environments.Scenes;

namespace RLArena.Environments.Tests.Authoring;

/// <summary>
/// bsuite's Catch, written with the authoring API: a 10 × 5 board, a ball that starts in a random column of the top
/// row and falls one row a step, and a paddle on the bottom row (starting in the middle column) that moves left,
/// stays or moves right. When the ball reaches the bottom row the episode ends with +1 if the paddle is under it,
/// else −1 (9 steps an episode). Observation: 1 × 10 × 5 pixels, 1 where the ball or the paddle is.
/// </summary>
[RLArenaEnvironment("catch", "bsuite Catch: move the paddle to catch the falling ball (3 actions, 1x10x5 pixels)")]
public sealed class CatchGame : GameAgent
{
    public const int Rows = 10;
    public const int Columns = 5;

    public int BallX { get; private set; }
    public int BallY { get; private set; }
    public int PaddleX { get; private set; }

    public override ObservationShape ObservationShape => ObservationShape.Pixels(1, Rows, Columns);
    public override int ActionCount => 3;
    public override IReadOnlyList<string> ActionNames => ["left", "stay", "right"];
    public override string DisplayName => "Catch";
    public override double StepsPerSecond => 8;
    public override string Success => "the ball is caught (return +1)";
    public override PlayControls PlayControls =>
        new(RealTime: true, [new(PlayKey.Left, 0), new(PlayKey.Right, 2)], IdleActions: [1], "Left/Right: move the paddle");

    public override void OnEpisodeBegin()
    {
        BallX = Random.NextInt(Columns);
        BallY = 0;
        PaddleX = Columns / 2;
    }

    public override void CollectObservations(VectorSensor sensor)
    {
        for (var y = 0; y < Rows; y++)
        {
            for (var x = 0; x < Columns; x++)
                sensor.AddObservation((x == BallX && y == BallY) || (x == PaddleX && y == Rows - 1));
        }
    }

    public override void OnActionReceived(ActionBuffers actions)
    {
        PaddleX = Math.Clamp(PaddleX + actions.DiscreteActions[0] - 1, 0, Columns - 1);
        BallY++;
        if (BallY == Rows - 1)
        {
            SetReward(PaddleX == BallX ? 1 : -1);
            EndEpisode();
        }
    }

    public override void Heuristic(in ActionBuffers actionsOut) =>
        actionsOut.DiscreteActions[0] = Math.Sign(BallX - PaddleX) + 1;

    public override Scene Describe()
    {
        var scene = new Scene(Columns, Rows, new Rgba(20, 24, 32));
        scene.Add(new CirclePrimitive(BallX + 0.5, BallY + 0.5, 0.4, new Rgba(235, 203, 139)));
        scene.Add(new RectanglePrimitive(PaddleX + 0.05, Rows - 0.6, 0.9, 0.5, new Rgba(136, 192, 208)));
        return scene;
    }

    public override void SaveState(BinaryWriter writer)
    {
        writer.Write(BallX);
        writer.Write(BallY);
        writer.Write(PaddleX);
    }

    public override void LoadState(BinaryReader reader)
    {
        BallX = reader.ReadInt32();
        BallY = reader.ReadInt32();
        PaddleX = reader.ReadInt32();
    }
}
