using RLArena.Environments.Authoring;

namespace RLArena.Environments.Tests.Authoring;

/// <summary>
/// A small test game: a corridor of <c>length</c> cells (option, 3..50) with the walker and a coin on distinct
/// random cells. Actions: 0 left, 1 stay, 2 right; moving into an end wall is masked. −0.01 a step; reaching the
/// coin ends the episode with +1. 20 steps at most. Observation: the walker's cell one-hot, then the coin's.
/// Uses the default scene, the default play keys and no snapshots.
/// </summary>
[RLArenaEnvironment("test-corridor", "test game: walk to the coin in a corridor", Aliases = ["test-corridor-v0"])]
[RLArenaOption("length", "6", "corridor cells, 3..50")]
public sealed class CorridorGame : GameAgent
{
    public const int Steps = 20;

    public CorridorGame(EnvOptions options)
    {
        Length = options.Int("length", 6, 3, 50);
    }

    public int Length { get; }
    public int Walker { get; set; }
    public int Coin { get; set; }
    public int EpisodesBegun { get; private set; }

    public override ObservationShape ObservationShape => ObservationShape.Vector(2 * Length, 0, 1);
    public override int ActionCount => 3;
    public override int MaxStep => Steps;
    public override IReadOnlyList<string> ActionNames => ["left", "stay", "right"];

    public override void OnEpisodeBegin()
    {
        EpisodesBegun++;
        Walker = Random.NextInt(Length);
        Coin = (Walker + 1 + Random.NextInt(Length - 1)) % Length;
    }

    public override void CollectObservations(VectorSensor sensor)
    {
        sensor.AddOneHotObservation(Walker, Length);
        sensor.AddOneHotObservation(Coin, Length);
    }

    public override void OnActionReceived(ActionBuffers actions)
    {
        Walker = Math.Clamp(Walker + actions.DiscreteActions[0] - 1, 0, Length - 1);
        AddReward(-0.01);
        if (Walker == Coin)
        {
            AddReward(1);
            EndEpisode();
        }
    }

    public override void WriteDiscreteActionMask(IDiscreteActionMask actionMask)
    {
        if (Walker == 0) actionMask.SetActionEnabled(0, 0, false);
        if (Walker == Length - 1) actionMask.SetActionEnabled(0, 2, false);
    }
}
