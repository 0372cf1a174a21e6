using Catch.Game;
using RLArena.Environments;
using RLArena.Environments.Authoring;
using RLArena.Environments.Checking;

namespace Catch.Tests;

public sealed class CatchGameTests
{
    private const int Left = 0, Stay = 1, Right = 2;

    [Test]
    public void PassesTheEnvironmentContractChecks()
    {
        var report = EnvChecker.Run(() => AgentEnvironment.Create(new CatchGame()));
        Assert.That(report.Passed, Is.True, report.ToString());
    }

    [Test]
    public void TheObservationIsTheBallAndThePaddleAsPixels()
    {
        var game = new CatchGame();
        var env = AgentEnvironment.Create(game);
        Assert.That(env.ObservationSpace.Shape, Is.EqualTo(new[] { 1, 10, 5 }));
        var observation = new float[50];
        env.Reset(seed: 3, observation);
        var expected = new float[50];
        expected[game.BallX] = 1;
        expected[9 * 5 + 2] = 1;
        Assert.That(observation, Is.EqualTo(expected));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void AfterNineStepsTheBallIsCaughtForPlusOneOrMissedForMinusOne(bool follow)
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var game = new CatchGame();
            var env = AgentEnvironment.Create(game);
            env.Reset(seed: seed);
            var ballX = game.BallX;
            StepResult? outcome = null;
            for (var step = 1; step <= 9; step++)
            {
                Assert.That(outcome?.Done ?? false, Is.False, $"seed {seed}: the episode ended before step {step}");
                // Following the ball always catches it; running to the far side from it always misses.
                var action = follow ? Math.Sign(ballX - game.PaddleX) + 1 : ballX < 2 ? Right : Left;
                outcome = env.Step(action);
                Assert.That(game.BallY, Is.EqualTo(step));
            }
            Assert.That((outcome!.Reward, outcome.Terminated), Is.EqualTo((follow ? 1.0 : -1.0, true)), $"seed {seed}");
        }
    }

    [Test]
    public void ThePaddleStopsAtTheWalls()
    {
        var game = new CatchGame();
        var env = AgentEnvironment.Create(game);
        env.Reset(seed: 1);
        for (var i = 0; i < 4; i++) env.Step(Left);
        Assert.That(game.PaddleX, Is.EqualTo(0));
        env.Step(Stay);
        Assert.That(game.PaddleX, Is.EqualTo(0));
    }
}
