using RLArena.Environments.Authoring;

namespace RLArena.Environments.Tests.Authoring;

// The README's example game, kept here verbatim (between the markers) so it is compiled and tested.
// README-EXAMPLE-BEGIN
[RLArenaEnvironment("readme-catch", "bsuite Catch: move the paddle to catch the falling ball")]
public sealed class ReadmeCatch : GameAgent
{
    int _ballX, _ballY, _paddleX;
    public override ObservationShape ObservationShape => ObservationShape.Pixels(1, 10, 5);
    public override int ActionCount => 3; // 0 left, 1 stay, 2 right
    public override void OnEpisodeBegin() => (_ballX, _ballY, _paddleX) = (Random.NextInt(5), 0, 2);
    public override void CollectObservations(VectorSensor sensor) // 1x10x5 pixels: the ball and the paddle are 1s
    {   for (var i = 0; i < 50; i++) sensor.AddObservation(i == _ballY * 5 + _ballX || i == 45 + _paddleX); }
    public override void OnActionReceived(ActionBuffers actions)
    {
        _paddleX = Math.Clamp(_paddleX + actions.DiscreteActions[0] - 1, 0, 4);
        if (++_ballY == 9) { SetReward(_paddleX == _ballX ? 1 : -1); EndEpisode(); }
    }
}
// README-EXAMPLE-END
