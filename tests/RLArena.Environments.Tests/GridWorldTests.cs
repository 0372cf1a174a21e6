using RLArena.Environments.GridWorld;
using RLArena.Environments.Scenes;

namespace RLArena.Environments.Tests;

public class GridWorldTests
{
    private static readonly GridCell[] NoCells = [];

    /// <summary>A reset environment with a known layout.</summary>
    private static GridWorldEnv Placed(GridCell agent, GridCell green, GridCell red, GoalColor target = GoalColor.Green, GridWorldOptions? options = null)
    {
        var env = new GridWorldEnv(options ?? new GridWorldOptions());
        env.Reset(0, new float[env.ObservationSpace.Size]);
        env.Layout = new GridWorldLayout(agent, target, [green], [red]);
        return env;
    }

    [TestCase(0, 0, false, true, false, true)]   // top-left: up and left blocked
    [TestCase(4, 0, false, true, true, false)]   // top-right
    [TestCase(0, 4, true, false, false, true)]   // bottom-left
    [TestCase(4, 4, true, false, true, false)]   // bottom-right
    [TestCase(2, 0, false, true, true, true)]    // top wall
    [TestCase(0, 2, true, true, false, true)]    // left wall
    [TestCase(2, 2, true, true, true, true)]     // middle
    public void Moves_into_walls_are_masked(int x, int y, bool up, bool down, bool left, bool right)
    {
        var env = Placed(new GridCell(x, y), new GridCell(x == 3 ? 1 : 3, 3), new GridCell(1, y == 1 ? 3 : 1));
        Assert.That(env.ActionMask(), Is.EqualTo(new[] { true, up, down, left, right }));
    }

    [Test]
    public void Moves_into_obstacles_are_masked_and_blocked()
    {
        var options = new GridWorldOptions(Obstacles: [new GridCell(2, 1), new GridCell(3, 2)], MaskActions: true);
        var env = Placed(new GridCell(2, 2), new GridCell(0, 4), new GridCell(4, 4), options: options);
        Assert.That(env.ActionMask(), Is.EqualTo(new[] { true, false, true, true, false }));

        var unmasked = Placed(new GridCell(2, 2), new GridCell(0, 4), new GridCell(4, 4), options: options with { MaskActions = false });
        Assert.That(unmasked.ActionMask(), Has.All.True);
        var result = unmasked.Step(GridActions.Up);
        Assert.That(unmasked.Agent, Is.EqualTo(new GridCell(2, 2)), "the obstacle blocks the move");
        Assert.That(result.Reward, Is.EqualTo(GridWorldEnv.StepReward));
        unmasked.Step(GridActions.Left);
        Assert.That(unmasked.Agent, Is.EqualTo(new GridCell(1, 2)));
    }

    [Test]
    public void An_obstacle_in_cell_zero_survives_the_first_reset()
    {
        var env = new GridWorldEnv(new GridWorldOptions(Obstacles: [new GridCell(0, 0)]));
        for (var seed = 0; seed < 30; seed++)
        {
            env.Reset(seed);
            Assert.That(env.IsObstacle(new GridCell(0, 0)), Is.True);
            Assert.That(env.Layout.GreenGoals.Concat(env.Layout.RedGoals).Append(env.Agent), Does.Not.Contain(new GridCell(0, 0)));
        }
        env.Layout = new GridWorldLayout(new GridCell(1, 0), GoalColor.Green, [new GridCell(4, 4)], [new GridCell(3, 3)]);
        Assert.That(env.ActionMask()[GridActions.Left], Is.False);
    }

    [Test]
    public void Actions_move_the_agent_up_down_left_right()
    {
        var env = Placed(new GridCell(2, 2), new GridCell(0, 0), new GridCell(4, 4));
        env.Step(GridActions.Up);
        Assert.That(env.Agent, Is.EqualTo(new GridCell(2, 1)));
        env.Step(GridActions.Right);
        Assert.That(env.Agent, Is.EqualTo(new GridCell(3, 1)));
        env.Step(GridActions.Down);
        Assert.That(env.Agent, Is.EqualTo(new GridCell(3, 2)));
        env.Step(GridActions.Left);
        Assert.That(env.Agent, Is.EqualTo(new GridCell(2, 2)));
        env.Step(GridActions.Stay);
        Assert.That(env.Agent, Is.EqualTo(new GridCell(2, 2)));
    }

    [TestCase(GoalColor.Green, 1.0, true)]
    [TestCase(GoalColor.Red, -1.0, false)]
    public void Entering_a_goal_ends_the_episode_with_exactly_plus_or_minus_one(GoalColor target, double reward, bool success)
    {
        var env = Placed(new GridCell(1, 1), green: new GridCell(2, 1), red: new GridCell(0, 1), target);
        var first = env.Step(GridActions.Down);
        Assert.That(first.Reward, Is.EqualTo(-0.01));
        Assert.That(first.Done, Is.False);
        Assert.That(env.EpisodeSucceeded, Is.Null);
        env.Step(GridActions.Up);
        var last = env.Step(GridActions.Right); // onto the green goal
        Assert.That(last.Reward, Is.EqualTo(reward));
        Assert.That(last.Terminated, Is.True);
        Assert.That(last.Truncated, Is.False);
        Assert.That(env.EpisodeSucceeded, Is.EqualTo(success));
        var e = Assert.Throws<InvalidOperationException>(() => env.Step(GridActions.Stay));
        Assert.That(e!.Message, Does.Contain("call Reset"));
    }

    [Test]
    public void The_max_step_truncates_without_terminating()
    {
        var env = new GridWorldEnv(new GridWorldOptions(MaxSteps: 100));
        env.Reset(4);
        for (var step = 1; step <= 100; step++)
        {
            var result = env.Step(GridActions.Stay);
            Assert.That(result.Reward, Is.EqualTo(-0.01));
            Assert.That(result.Terminated, Is.False);
            Assert.That(result.Truncated, Is.EqualTo(step == 100), $"step {step}");
        }
        Assert.That(env.EpisodeSucceeded, Is.False);
        Assert.Throws<InvalidOperationException>(() => env.Step(GridActions.Stay));
        Assert.DoesNotThrow(() => env.Reset(null));
    }

    [Test]
    public void Bad_actions_throw()
    {
        var env = new GridWorldEnv();
        Assert.Throws<InvalidOperationException>(() => env.Step(0));
        env.Reset(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(-1));
    }

    [Test]
    public void Vector_observation_is_one_hot_layers_and_the_goal_signal()
    {
        var env = Placed(new GridCell(1, 2), green: new GridCell(3, 0), red: new GridCell(4, 4), GoalColor.Red,
            new GridWorldOptions(Obstacles: [new GridCell(0, 0)]));
        var obs = new float[env.ObservationSpace.Size];
        env.Observe(obs);
        Assert.That(obs.Length, Is.EqualTo(4 * 25 + 2));
        var expected = new float[102];
        expected[2 * 5 + 1] = 1;            // agent layer
        expected[25 + 0 * 5 + 3] = 1;       // green layer
        expected[50 + 4 * 5 + 4] = 1;       // red layer
        expected[75 + 0] = 1;               // obstacle layer
        expected[101] = 1;                  // goal signal: red
        Assert.That(obs, Is.EqualTo(expected));
    }

    [Test]
    public void Visual_observation_is_channels_by_height_by_width()
    {
        var options = new GridWorldOptions(Size: 6, Observation: GridObservationKind.Visual);
        var env = Placed(new GridCell(5, 0), green: new GridCell(0, 5), red: new GridCell(2, 2), GoalColor.Green, options);
        Assert.That(env.ObservationSpace.Shape, Is.EqualTo(new[] { 6, 6, 6 }));
        var obs = new float[env.ObservationSpace.Size];
        env.Observe(obs);
        float At(int c, int y, int x) => obs[(c * 6 + y) * 6 + x];
        Assert.That(At(0, 0, 5), Is.EqualTo(1f));
        Assert.That(At(1, 5, 0), Is.EqualTo(1f));
        Assert.That(At(2, 2, 2), Is.EqualTo(1f));
        Assert.That(obs.Take(4 * 36).Sum(), Is.EqualTo(3f));
        Assert.That(obs.Skip(4 * 36).Take(36), Has.All.EqualTo(1f), "goal plane: green");
        Assert.That(obs.Skip(5 * 36), Has.All.EqualTo(0f), "goal plane: red");
    }

    [Test]
    public void Reset_places_agent_and_goals_on_distinct_free_cells_and_varies_them()
    {
        var options = new GridWorldOptions(Size: 4, GreenGoals: 2, RedGoals: 3, Obstacles: [new GridCell(1, 1), new GridCell(2, 2)]);
        var env = new GridWorldEnv(options);
        env.Reset(0);
        var agents = new HashSet<GridCell>();
        var targets = new int[2];
        for (var i = 0; i < 400; i++)
        {
            env.Reset(null);
            var layout = env.Layout;
            var cells = layout.GreenGoals.Concat(layout.RedGoals).Append(layout.Agent).ToArray();
            Assert.That(cells.Distinct().Count(), Is.EqualTo(6));
            Assert.That(cells.Any(env.IsObstacle), Is.False);
            agents.Add(layout.Agent);
            targets[(int)layout.Target]++;
        }
        Assert.That(agents, Has.Count.EqualTo(14), "every free cell hosts the agent at some point");
        Assert.That(targets, Has.All.InRange(150, 250));
    }

    [Test]
    public void Same_seed_same_layout()
    {
        var a = new GridWorldEnv();
        var b = new GridWorldEnv();
        a.Reset(9);
        b.Reset(9);
        Assert.That(a.Layout.Agent, Is.EqualTo(b.Layout.Agent));
        Assert.That(a.Layout.GreenGoals, Is.EqualTo(b.Layout.GreenGoals));
        Assert.That(a.Layout.RedGoals, Is.EqualTo(b.Layout.RedGoals));
        Assert.That(a.Layout.Target, Is.EqualTo(b.Layout.Target));
    }

    [Test]
    public void Bad_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new GridWorldEnv(new GridWorldOptions(Size: 1)));
        Assert.Throws<ArgumentException>(() => new GridWorldEnv(new GridWorldOptions(GreenGoals: 0, RedGoals: 0)));
        Assert.Throws<ArgumentException>(() => new GridWorldEnv(new GridWorldOptions(Obstacles: [new GridCell(5, 0)])));
        Assert.Throws<ArgumentException>(() => new GridWorldEnv(new GridWorldOptions(Size: 2, GreenGoals: 2, RedGoals: 2)));
        Assert.Throws<ArgumentException>(() => new GridWorldEnv(new GridWorldOptions(MaxSteps: 0)));
    }

    [Test]
    public void A_layout_must_fit_the_grid()
    {
        var env = Placed(new GridCell(0, 0), new GridCell(1, 0), new GridCell(2, 0));
        Assert.Throws<ArgumentException>(() => env.Layout = new GridWorldLayout(new GridCell(1, 0), GoalColor.Green, [new GridCell(1, 0)], [new GridCell(2, 0)]));
        Assert.Throws<ArgumentException>(() => env.Layout = new GridWorldLayout(new GridCell(5, 0), GoalColor.Green, [new GridCell(1, 0)], [new GridCell(2, 0)]));
        Assert.Throws<ArgumentException>(() => env.Layout = new GridWorldLayout(new GridCell(0, 0), GoalColor.Green, NoCells, [new GridCell(2, 0)]));
    }

    [Test]
    public void Scene_draws_cells_goals_agent_and_the_goal_indicator()
    {
        var env = Placed(new GridCell(3, 1), green: new GridCell(0, 4), red: new GridCell(4, 0), GoalColor.Red);
        var scene = env.Describe();
        Assert.That(scene.Width, Is.EqualTo(5));
        Assert.That(scene.Height, Is.EqualTo(5 + GridWorldScene.HeaderHeight));
        var agent = scene.Primitives.OfType<CirclePrimitive>().Single(c => c.Color == GridWorldScene.AgentColor);
        Assert.That((agent.CenterX, agent.CenterY), Is.EqualTo(GridWorldScene.CellCenter(new GridCell(3, 1))));
        var ring = scene.Primitives.OfType<CirclePrimitive>().Single(c => c.Color != GridWorldScene.AgentColor);
        Assert.That(ring.Color, Is.EqualTo(GridWorldScene.RedColor), "the ring shows the goal colour");
        var greens = scene.Primitives.OfType<RectanglePrimitive>().Where(r => r.Color == GridWorldScene.GreenColor).ToArray();
        var reds = scene.Primitives.OfType<RectanglePrimitive>().Where(r => r.Color == GridWorldScene.RedColor).ToArray();
        Assert.That(greens, Has.Length.EqualTo(2), "one '+' of two bars");
        Assert.That(reds, Has.Length.EqualTo(4), "one 'x' on the grid and one in the header");
        Assert.That(greens.All(r => r.Rotation == 0), Is.True);
        Assert.That(reds.All(r => Math.Abs(Math.Abs(r.Rotation) - Math.PI / 4) < 1e-12), Is.True);
        var (gx, gy) = GridWorldScene.CellCenter(new GridCell(0, 4));
        Assert.That(greens.All(r => Math.Abs(r.X + r.Width / 2 - gx) < 1e-12 && Math.Abs(r.Y + r.Height / 2 - gy) < 1e-12), Is.True);
        Assert.That(scene.Primitives.OfType<RectanglePrimitive>().Count(r => r.Color == GridWorldScene.CellLight || r.Color == GridWorldScene.CellDark), Is.EqualTo(25));
        Assert.That(scene.Primitives.OfType<TextPrimitive>().Single().Text, Is.EqualTo("step 0/100"));
    }
}
