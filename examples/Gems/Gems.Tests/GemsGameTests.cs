using Gems.Game;
using RLArena.Environments;
using RLArena.Environments.Authoring;
using RLArena.Environments.Checking;

namespace Gems.Tests;

public sealed class GemsGameTests
{
    private const int Up = 0, Down = 1, Left = 2, Right = 3;

    [Test]
    public void PassesTheEnvironmentContractChecks()
    {
        var report = EnvChecker.Run(() => AgentEnvironment.Create(new GemsGame()));
        Assert.That(report.Passed, Is.True, report.ToString());
        Assert.That(report.Checks.Single(c => c.Name == EnvChecker.CheckNames[^1]).Skipped, Is.False, "snapshots are checked");
    }

    [Test]
    public void MasksMovesIntoWallsAndOutOfTheRoom()
    {
        var (env, game) = Make();
        Place(game, (0, 1), (5, 5), (5, 4), (5, 3)); // (1, 1) is a wall
        Assert.That(env.ActionMask(), Is.EqualTo(new[] { true, true, false, false }));
        Place(game, (0, 0), (5, 5), (5, 4), (5, 3));
        Assert.That(env.ActionMask(), Is.EqualTo(new[] { false, true, false, true }));
        Place(game, (2, 2), (5, 5), (5, 4), (5, 3)); // (2, 1) above and (3, 2) to the right are walls
        Assert.That(env.ActionMask(), Is.EqualTo(new[] { false, true, true, false }));
    }

    [Test]
    public void EachGemPaysOnceAndTheLastOneEndsTheEpisode()
    {
        var (env, game) = Make();
        Place(game, (0, 0), (1, 0), (2, 0), (0, 2));
        var first = env.Step(Right);
        Assert.That(first.Reward, Is.EqualTo(GemsGame.GemReward + GemsGame.StepReward).Within(1e-9));
        Assert.That(game.GemsLeft, Is.EqualTo(2));
        var back = env.Step(Left);
        Assert.That(back.Reward, Is.EqualTo(GemsGame.StepReward).Within(1e-9), "a taken gem pays nothing again");
        Assert.That(env.Step(Down).Reward, Is.EqualTo(GemsGame.StepReward).Within(1e-9));
        var last = env.Step(Down);
        Assert.That(last.Terminated, Is.False, "one gem is left at (2, 0)");
        Place(game, (1, 0), (2, 0), null, null);
        var end = env.Step(Right);
        Assert.That((end.Reward, end.Terminated, end.Truncated), Is.EqualTo((GemsGame.GemReward + GemsGame.StepReward, true, false)));
    }

    [Test]
    public void TheTimeLimitTruncatesAtExactlyFortySteps()
    {
        var (env, game) = Make();
        Place(game, (0, 5), (5, 0), (5, 1), (4, 0));
        for (var step = 1; step < GemsGame.TimeLimit; step++)
        {
            var outcome = env.Step(step % 2 == 1 ? Right : Left);
            Assert.That(outcome.Terminated || outcome.Truncated, Is.False, $"step {step}");
        }
        var last = env.Step(Right);
        Assert.That((last.Terminated, last.Truncated), Is.EqualTo((false, true)));
    }

    [Test]
    public void ObservationListsTheNearestGemFirst()
    {
        var (env, game) = Make();
        Place(game, (0, 0), (5, 5), (0, 2), (3, 0));
        var observation = new float[env.ObservationSpace.Shape[0]];
        env.Step(Right, observation); // the agent is now at (1, 0): (0, 2) is 3 away, (3, 0) 2, (5, 5) 9
        Assert.That(observation[..2], Is.EqualTo(new[] { 1 / 5f, 0f }));
        Assert.That(observation[2..11], Is.EqualTo(new[] { 2 / 5f, 0f, 1f, -1 / 5f, 2 / 5f, 1f, 4 / 5f, 1f, 1f }).Within(1e-6));
        Assert.That(observation[11..15], Is.EqualTo(new[] { 1f, 1f, 0f, 0f }), "up: outside, down: the wall (1, 1)");
        Assert.That(observation[15], Is.EqualTo(1 - 1 / 40f).Within(1e-6));
    }

    [Test]
    public void TheScriptedPolicyCollectsEveryGemInTime()
    {
        var (env, _) = Make();
        var heuristic = env.Find<IHeuristicPolicy>()!;
        for (var episode = 0; episode < 50; episode++)
        {
            env.Reset(seed: episode);
            StepResult outcome;
            do outcome = env.Step(heuristic.HeuristicAction());
            while (!outcome.Done);
            Assert.That((outcome.Terminated, outcome.Truncated), Is.EqualTo((true, false)), $"episode {episode}");
        }
    }

    private static (IEnvironment Env, GemsGame Game) Make()
    {
        var game = new GemsGame();
        var env = AgentEnvironment.Create(game);
        env.Reset(seed: 1);
        return (env, game);
    }

    // Puts the agent and the gems where a test needs them (a null gem is taken), through the game's own snapshot.
    private static void Place(GemsGame game, (int X, int Y) agent, params (int X, int Y)?[] gems)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(agent.X);
            writer.Write(agent.Y);
            foreach (var gem in gems)
            {
                writer.Write(gem?.X ?? 0);
                writer.Write(gem?.Y ?? 0);
                writer.Write(gem is null);
            }
        }
        buffer.Position = 0;
        using var reader = new BinaryReader(buffer);
        game.LoadState(reader);
    }
}
