using RLArena.Environments.CartPole;
using RLArena.Environments.GridWorld;
using RLArena.Environments.Wrappers;

namespace RLArena.Environments.Tests;

public class WrapperTests
{
    [Test]
    public void TimeLimit_truncates_at_the_limit_and_never_terminates()
    {
        var env = new TimeLimit(new GridWorldEnv(new GridWorldOptions(MaxSteps: 1000)), 7);
        env.Reset(0);
        for (var i = 1; i <= 7; i++)
        {
            var r = env.Step(GridActions.Stay);
            Assert.That(r.Terminated, Is.False);
            Assert.That(r.Truncated, Is.EqualTo(i == 7));
            Assert.That(env.ElapsedSteps, Is.EqualTo(i));
        }
        Assert.Throws<InvalidOperationException>(() => env.Step(GridActions.Stay));
        env.Reset(null);
        Assert.That(env.ElapsedSteps, Is.EqualTo(0));
    }

    [Test]
    public void TimeLimit_reports_both_flags_when_the_last_step_also_terminates()
    {
        var physics = new CartPoleEnv();
        var env = new TimeLimit(physics, 3);
        env.Reset(0);
        env.Step(0);
        env.Step(0);
        physics.State = new CartPoleState(2.5, 0, 0, 0);
        var last = env.Step(0);
        Assert.That((last.Terminated, last.Truncated), Is.EqualTo((true, true)));
    }

    [Test]
    public void TimeLimit_lets_an_earlier_termination_through()
    {
        var physics = new CartPoleEnv();
        var env = new TimeLimit(physics, 500);
        env.Reset(0);
        physics.State = new CartPoleState(0, 0, 0.3, 0);
        var r = env.Step(1);
        Assert.That((r.Terminated, r.Truncated), Is.EqualTo((true, false)));
        Assert.Throws<InvalidOperationException>(() => env.Step(1));
    }

    [Test]
    public void EpisodeStatistics_records_return_length_and_success()
    {
        var grid = new GridWorldEnv(new GridWorldOptions(MaxSteps: 10));
        var env = new EpisodeStatistics(grid, recentCapacity: 2);
        env.Reset(0);
        for (var i = 0; i < 10; i++) env.Step(GridActions.Stay);
        Assert.That(env.LastEpisode, Is.Not.Null);
        Assert.That(env.LastEpisode!.Value.Length, Is.EqualTo(10));
        Assert.That(env.LastEpisode.Value.Return, Is.EqualTo(-0.1).Within(1e-12));
        Assert.That(env.LastEpisode.Value.Success, Is.False);

        env.Reset(null);
        grid.Layout = new GridWorldLayout(new GridCell(0, 0), GoalColor.Green, [new GridCell(1, 0)], [new GridCell(4, 4)]);
        env.Step(GridActions.Down);
        env.Step(GridActions.Up);
        env.Step(GridActions.Right);
        Assert.That(env.LastEpisode!.Value, Is.EqualTo(new Vector.EpisodeRecord(0, -0.01 + -0.01 + 1.0, 3, true)));
        Assert.That(env.EpisodeCount, Is.EqualTo(2));

        env.Reset(null);
        for (var i = 0; i < 10 && !grid.IsEpisodeEnded(); i++) env.Step(GridActions.Stay);
        Assert.That(env.RecentEpisodes, Has.Count.EqualTo(2));
        Assert.That(env.RecentEpisodes.First().Length, Is.EqualTo(3));
    }

    [Test]
    public void Find_and_Unwrapped_walk_the_chain()
    {
        var physics = new CartPoleEnv();
        IEnvironment env = new EpisodeStatistics(new TimeLimit(physics, 10));
        Assert.That(env.Find<CartPoleEnv>(), Is.SameAs(physics));
        Assert.That(env.Find<ITimeLimited>()!.MaxEpisodeSteps, Is.EqualTo(10));
        Assert.That(env.Unwrapped(), Is.SameAs(physics));
        Assert.That(env.Find<GridWorldEnv>(), Is.Null);
    }

    [Test]
    public void Action_names_come_through_wrappers()
    {
        Assert.That(EnvRegistry.Make("cartpole").ActionNames(), Is.EqualTo(new[] { "push left", "push right" }));
        Assert.That(EnvRegistry.Make("gridworld").ActionNames(), Is.EqualTo(new[] { "stay", "up", "down", "left", "right" }));
    }
}

internal static class GridWorldTestExtensions
{
    public static bool IsEpisodeEnded(this GridWorldEnv env) => env.EpisodeSucceeded is not null;
}
