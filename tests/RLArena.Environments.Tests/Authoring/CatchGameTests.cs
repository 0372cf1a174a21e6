using RLArena.Environments.Authoring;
using RLArena.Environments.Checking;

namespace RLArena.Environments.Tests.Authoring;

/// <summary>Catch follows bsuite's rules (bsuite/environments/catch.py) and passes the environment checks.</summary>
public class CatchGameTests
{
    private static (AgentEnvironment Env, CatchGame Game, float[] Obs) Make()
    {
        var game = new CatchGame();
        var env = AgentEnvironment.Create(game);
        return (env, game, new float[env.ObservationSpace.Size]);
    }

    private static float At(float[] obs, int row, int column) => obs[row * CatchGame.Columns + column];

    [Test]
    public void Passes_every_check()
    {
        var report = EnvChecker.Run(() => AgentEnvironment.Create(new CatchGame()));
        Assert.That(report.Problems, Is.Empty, report.ToString());
        Assert.That(report.Notes, Does.Contain("5 episodes, lengths 9 9 9 9 9"));
    }

    [Test]
    public void Starts_with_the_ball_in_the_top_row_and_the_paddle_in_the_middle_of_the_bottom_row()
    {
        var (env, game, obs) = Make();
        Assert.That(env.ObservationSpace.Shape, Is.EqualTo(new[] { 1, 10, 5 }));
        var columns = new HashSet<int>();
        for (var seed = 0; seed < 60; seed++)
        {
            env.Reset(seed, obs);
            Assert.That(obs.Sum(), Is.EqualTo(2));
            Assert.That(At(obs, 0, game.BallX), Is.EqualTo(1));
            Assert.That(At(obs, 9, 2), Is.EqualTo(1));
            Assert.That((game.BallY, game.PaddleX), Is.EqualTo((0, 2)));
            columns.Add(game.BallX);
        }
        Assert.That(columns, Is.EquivalentTo(new[] { 0, 1, 2, 3, 4 }), "the ball starts in any column");
    }

    [Test]
    public void The_ball_falls_a_row_a_step_and_the_paddle_moves_within_the_board()
    {
        var (env, game, obs) = Make();
        env.Reset(5, obs);
        var ballX = game.BallX;
        int[] actions = [0, 0, 0, 2, 1, 2, 2, 2];
        int[] paddle = [1, 0, 0, 1, 1, 2, 3, 4];
        for (var t = 0; t < actions.Length; t++)
        {
            var outcome = env.Step(actions[t], obs);
            Assert.That(outcome, Is.EqualTo(new StepOutcome(0, false, false)), $"step {t + 1}");
            Assert.That((game.BallX, game.BallY, game.PaddleX), Is.EqualTo((ballX, t + 1, paddle[t])));
            Assert.That(At(obs, t + 1, ballX), Is.EqualTo(1));
            Assert.That(At(obs, 9, paddle[t]), Is.EqualTo(1));
            Assert.That(obs.Sum(), Is.EqualTo(2));
        }
        // At the right edge "right" keeps the paddle at column 4.
        var last = env.Step(2, obs);
        Assert.That(game.PaddleX, Is.EqualTo(4));
        Assert.That(last.Terminated, Is.True);
        Assert.That(last.Reward, Is.EqualTo(ballX == 4 ? 1 : -1));
    }

    [Test]
    public void Catching_scores_plus_one_and_missing_minus_one_when_the_ball_reaches_the_bottom()
    {
        var (env, game, obs) = Make();
        for (var seed = 0; seed < 10; seed++)
        {
            env.Reset(seed, obs);
            for (var t = 1; t <= 9; t++)
            {
                var toward = Math.Sign(game.BallX - game.PaddleX) + 1;
                var outcome = env.Step(toward, obs);
                Assert.That(outcome.Done, Is.EqualTo(t == 9));
                if (t == 9)
                {
                    Assert.That(outcome, Is.EqualTo(new StepOutcome(1, Terminated: true, Truncated: false)));
                    Assert.That(obs.Sum(), Is.EqualTo(1), "ball and paddle share the caught cell");
                }
            }

            env.Reset(seed, obs);
            var away = game.BallX <= 2 ? 2 : 0;
            StepOutcome end = default;
            for (var t = 1; t <= 9; t++) end = env.Step(away, obs);
            Assert.That(end, Is.EqualTo(new StepOutcome(-1, Terminated: true, Truncated: false)));
        }
    }

    [Test]
    public void Declares_real_time_play_keys_and_a_scene()
    {
        var (env, game, obs) = Make();
        IEnvironment asInterface = env;
        var play = asInterface.Metadata.Play!;
        Assert.That(play.RealTime, Is.True);
        Assert.That(play.Bindings, Is.EqualTo(new[] { new KeyBinding(PlayKey.Left, 0), new KeyBinding(PlayKey.Right, 2) }));
        Assert.That(play.IdleActions.Select(a => env.ActionNames[a]), Is.EqualTo(new[] { "stay" }));
        Assert.That(asInterface.Metadata.DisplayName, Is.EqualTo("Catch"));

        env.Reset(2, obs);
        var scene = env.Describe();
        Assert.That((scene.Width, scene.Height), Is.EqualTo((5.0, 10.0)));
        var ball = scene.Primitives.OfType<Scenes.CirclePrimitive>().Single();
        Assert.That((ball.CenterX, ball.CenterY), Is.EqualTo((game.BallX + 0.5, 0.5)));
    }
}
