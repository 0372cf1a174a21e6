using RLArena.Core.Errors;
using RLArena.Environments;
using RLArena.Environments.CartPole;
using RLArena.Environments.GridWorld;
using RLArena.Viewer.Acting;
using RLArena.Viewer.Input;
using RLArena.Viewer.Playing;
using RLArena.Viewer.Watching;

namespace RLArena.Viewer.Tests;

/// <summary>A keyboard the test presses: keys pressed this frame and keys held.</summary>
internal sealed class FakeKeyboard : IKeyboard
{
    public HashSet<Key> Pressed { get; } = new();
    public HashSet<Key> Down { get; } = new();

    public FakeKeyboard Press(params Key[] keys)
    {
        Pressed.Clear();
        Pressed.UnionWith(keys);
        return this;
    }

    public FakeKeyboard Hold(params Key[] keys)
    {
        Down.Clear();
        Down.UnionWith(keys);
        return this;
    }

    public bool WasPressed(Key key) => Pressed.Contains(key);
    public bool IsDown(Key key) => Down.Contains(key);
}

public class InputTests
{
    [Test]
    public void Grid_arrows_map_to_ml_agents_actions_one_step_per_press()
    {
        var keys = PlayKeyMap.For("gridworld:size=8");
        var kb = new FakeKeyboard();
        Assert.That(keys.RealTime, Is.False);
        Assert.That(keys.Decide(kb.Press(Key.Up)), Is.EqualTo(GridActions.Up));
        Assert.That(keys.Decide(kb.Press(Key.Down)), Is.EqualTo(GridActions.Down));
        Assert.That(keys.Decide(kb.Press(Key.Left)), Is.EqualTo(GridActions.Left));
        Assert.That(keys.Decide(kb.Press(Key.Right)), Is.EqualTo(GridActions.Right));
        Assert.That(keys.Decide(kb.Press(Key.Space)), Is.EqualTo(GridActions.Stay));
        Assert.That(keys.Decide(kb.Press().Hold(Key.Up)), Is.Null, "holding without a new press waits");
    }

    [Test]
    public void Cartpole_left_right_push_and_no_key_alternates()
    {
        var keys = PlayKeyMap.For("CartPole-v1");
        var kb = new FakeKeyboard();
        Assert.That(keys.RealTime, Is.True);
        Assert.That(keys.StepsPerSecond, Is.EqualTo(50));
        Assert.That(keys.Decide(kb.Hold(Key.Left)), Is.EqualTo(0));
        Assert.That(keys.Decide(kb.Hold(Key.Right)), Is.EqualTo(1));
        var idle = Enumerable.Range(0, 4).Select(_ => keys.Decide(kb.Hold())).ToArray();
        Assert.That(idle, Is.EquivalentTo(new int?[] { 0, 1, 0, 1 }), "no push: alternating, net zero");
        Assert.That(idle[0], Is.Not.EqualTo(idle[1]));
    }

    [Test]
    public void Unknown_environment_cannot_be_played() =>
        Assert.That(Assert.Throws<UsageException>(() => PlayKeyMap.For("lunarlander"))!.Message, Does.Contain("cartpole and gridworld"));

    [Test]
    public void Watch_keys_map_to_commands()
    {
        var kb = new FakeKeyboard();
        Assert.That(WatchControls.Read(kb.Press(Key.Space)).TogglePause, Is.True);
        Assert.That(WatchControls.Read(kb.Press(Key.Right)).StepOnce, Is.True);
        Assert.That(WatchControls.Read(kb.Press(Key.R)).Reset, Is.True);
        Assert.That(WatchControls.Read(kb.Press(Key.Equal)).SpeedChange, Is.EqualTo(1));
        Assert.That(WatchControls.Read(kb.Press(Key.KeypadAdd)).SpeedChange, Is.EqualTo(1));
        Assert.That(WatchControls.Read(kb.Press(Key.Minus)).SpeedChange, Is.EqualTo(-1));
        Assert.That(WatchControls.Read(kb.Press(Key.Escape)).Quit, Is.True);
        Assert.That(WatchControls.Read(kb.Press()), Is.EqualTo(default(WatchCommands)));
    }

    [Test]
    public void Playing_the_grid_moves_the_agent_and_refuses_walls()
    {
        var env = (GridWorldEnv)EnvRegistry.Make("gridworld:size=5");
        var runner = new EpisodeRunner(env, seed: 1);
        env.Layout = new GridWorldLayout(new GridCell(0, 2), GoalColor.Green, [new GridCell(4, 4)], [new GridCell(4, 0)]);
        var session = new PlaySession(runner, PlayKeyMap.For(env.Id), env.Id);
        var kb = new FakeKeyboard();

        Assert.That(session.Update(kb.Press(Key.Right), 0.016), Is.EqualTo(1));
        Assert.That(env.Agent, Is.EqualTo(new GridCell(1, 2)));
        Assert.That(session.Update(kb.Press(), 0.5), Is.EqualTo(0), "no key, no turn");
        Assert.That(runner.Step, Is.EqualTo(1));
        Assert.That(runner.Return, Is.EqualTo(GridWorldEnv.StepReward).Within(1e-12));
        Assert.That(session.Overlay().LastReward, Is.EqualTo(GridWorldEnv.StepReward).Within(1e-12));

        env.Layout = new GridWorldLayout(new GridCell(0, 2), GoalColor.Green, [new GridCell(4, 4)], [new GridCell(4, 0)]);
        Assert.That(session.Update(kb.Press(Key.Left), 0.016), Is.EqualTo(0), "the wall on the left is masked");
        Assert.That(session.Overlay().Footer, Has.Some.Contains("blocked"));
    }

    [Test]
    public void Playing_cartpole_waits_for_the_first_arrow_then_runs_at_fifty_steps_a_second()
    {
        var env = EnvRegistry.Make("cartpole");
        var runner = new EpisodeRunner(env, seed: 3);
        var session = new PlaySession(runner, PlayKeyMap.For(env.Id), "cartpole");
        var kb = new FakeKeyboard();
        Assert.That(session.Update(kb.Hold(), 1.0), Is.EqualTo(0), "waits to start");
        Assert.That(session.Update(kb.Hold(Key.Right), 0.0), Is.EqualTo(1), "the first press steps at once");
        Assert.That(runner.LastAction, Is.EqualTo(1));
        Assert.That(session.Update(kb.Hold(Key.Right), 0.1), Is.EqualTo(5), "0.1 s at 50 steps/s");
        var cart = (CartPoleEnv)env.Unwrapped();
        Assert.That(cart.State.XDot, Is.GreaterThan(0), "pushing right moves the cart right");
    }

    [Test]
    public void Watch_session_pauses_steps_once_changes_speed_and_resets()
    {
        var env = EnvRegistry.Make("cartpole");
        var runner = new EpisodeRunner(env, seed: 3);
        var session = new WatchSession(runner, new RandomActor(5), "cartpole");
        Assert.That(session.StepsPerSecond, Is.EqualTo(50));
        Assert.That(session.Update(default, 0.1), Is.EqualTo(5));
        Assert.That(session.Update(new WatchCommands(TogglePause: true, false, false, 0, false), 1.0), Is.EqualTo(0));
        Assert.That(session.Paused, Is.True);
        Assert.That(session.Update(new WatchCommands(false, StepOnce: true, false, 0, false), 1.0), Is.EqualTo(1));
        Assert.That(runner.Step, Is.EqualTo(6));
        session.Update(new WatchCommands(TogglePause: true, false, false, SpeedChange: 1, false), 0);
        Assert.That(session.StepsPerSecond, Is.EqualTo(100));
        Assert.That(session.Update(default, 0.05), Is.EqualTo(5));
        session.Update(new WatchCommands(false, false, Reset: true, 0, false), 0);
        Assert.That((runner.Episode, runner.Step), Is.EqualTo((2, 0)));
        Assert.That(session.Overlay().Scores, Is.Empty, "no decision yet in the new episode");
        session.Update(default, 0.02);
        Assert.That(session.Overlay().Scores, Is.EqualTo(new[] { 0.5f, 0.5f }));
        session.Update(new WatchCommands(false, false, false, 0, Quit: true), 0);
        Assert.That(session.QuitRequested, Is.True);
    }

    [Test]
    public void Random_actor_only_picks_allowed_actions()
    {
        var actor = new RandomActor(11);
        var scores = new float[5];
        bool[] mask = [true, false, true, false, false];
        for (var i = 0; i < 200; i++)
        {
            var a = actor.Act([], mask, scores);
            Assert.That(mask[a], Is.True);
        }
        Assert.That(scores, Is.EqualTo(new[] { 0.5f, 0f, 0.5f, 0f, 0f }));
    }
}
