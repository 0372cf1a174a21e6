using RLArena.Core.Errors;
using RLArena.Environments;
using RLArena.Environments.CartPole;
using RLArena.Environments.GridWorld;
using RLArena.Viewer.Acting;
using RLArena.Viewer.Input;
using RLArena.Viewer.Playing;
using RLArena.Viewer.Recording;
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
        var keys = PlayKeyMap.For(EnvRegistry.Make("gridworld:size=8"));
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
        var keys = PlayKeyMap.For(EnvRegistry.Make("CartPole-v1"));
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
    public void An_environment_without_play_keys_is_one_line_naming_it()
    {
        var env = new KeyedEnv(play: null);
        var message = Assert.Throws<UsageException>(() => PlayKeyMap.For(env))!.Message;
        Assert.That(message, Does.StartWith("'keyed' declares no play keys;"));
        Assert.That(message, Does.Not.Contain("\n"));
    }

    [Test]
    public void Keys_bound_to_actions_the_environment_lacks_are_refused()
    {
        var env = new KeyedEnv(new PlayControls(false, [new KeyBinding(PlayKey.W, 7)], [], "W"));
        Assert.That(Assert.Throws<UsageException>(() => PlayKeyMap.For(env))!.Message, Does.Contain("action 7, outside its 3 actions"));
    }

    [Test]
    public void Any_declared_real_time_keys_work_first_binding_wins_and_idle_actions_rotate()
    {
        var env = new KeyedEnv(new PlayControls(true, [new KeyBinding(PlayKey.A, 1), new KeyBinding(PlayKey.D, 2)], [0, 2, 1], "A/D"), stepsPerSecond: 12);
        var keys = PlayKeyMap.For(env);
        var kb = new FakeKeyboard();
        Assert.That((keys.RealTime, keys.StepsPerSecond, keys.Help), Is.EqualTo((true, 12.0, "A/D")));
        Assert.That(keys.StartHint, Is.EqualTo("press A or D to start"));
        Assert.That(keys.AnyBoundKeyDown(kb.Hold(Key.Left)), Is.False, "only the declared keys start the game");
        Assert.That(keys.AnyBoundKeyDown(kb.Hold(Key.D)), Is.True);
        Assert.That(keys.Decide(kb.Hold(Key.D)), Is.EqualTo(2));
        Assert.That(keys.Decide(kb.Hold(Key.D, Key.A)), Is.EqualTo(1), "the first binding held wins");
        Assert.That(Enumerable.Range(0, 4).Select(_ => keys.Decide(kb.Hold())), Is.EqualTo(new int?[] { 0, 2, 1, 0 }));
    }

    [Test]
    public void A_real_time_game_without_idle_actions_waits_while_no_key_is_held()
    {
        var keys = PlayKeyMap.For(new KeyedEnv(new PlayControls(true, [new KeyBinding(PlayKey.Space, 1)], [], "Space")));
        Assert.That(keys.Decide(new FakeKeyboard()), Is.Null);
    }

    [Test]
    public void Every_play_key_maps_to_a_distinct_raylib_key()
    {
        var keys = Enum.GetValues<PlayKey>().Select(PlayKeyMap.ToKey).ToArray();
        Assert.That(keys, Is.Unique);
        Assert.That(keys, Has.None.EqualTo(Key.R).And.None.EqualTo(Key.Escape), "R and Esc stay the viewer's own");
        Assert.That(PlayKeyMap.ToKey(PlayKey.W), Is.EqualTo((Key)87), "raylib's KEY_W");
        Assert.That(PlayKeyMap.ToKey(PlayKey.Digit1), Is.EqualTo((Key)49), "raylib's KEY_ONE");
    }

    [Test]
    public void Watch_pace_and_action_names_come_from_the_metadata()
    {
        var runner = new EpisodeRunner(new KeyedEnv(play: null, stepsPerSecond: 7), seed: 1);
        Assert.That(new WatchSession(runner, new RandomActor(1), "t").StepsPerSecond, Is.EqualTo(7));
        Assert.That(runner.ActionNames, Is.EqualTo(new[] { "north", "east", "south" }));
        Assert.That(WatchPace.Of(EnvRegistry.Make("gridworld")), Is.EqualTo(5));
        Assert.That(WatchPace.RecordingFps(new KeyedEnv(play: null, stepsPerSecond: 1000)), Is.EqualTo(FrameRecorder.MaxFps), "a recording is capped at what the recorder takes");
        Assert.That(WatchPace.RecordingFps(new KeyedEnv(play: null, stepsPerSecond: 7)), Is.EqualTo(7));
    }

    [TestCase(0.0)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void A_pace_that_is_not_a_positive_number_is_one_line(double pace)
    {
        var error = Assert.Throws<UserFacingException>(() => WatchPace.Of(new KeyedEnv(play: null, stepsPerSecond: pace)))!;
        Assert.That(error.Message, Does.StartWith("'keyed' declares").And.Contain("StepsPerSecond"));
    }

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
        var session = new PlaySession(runner, PlayKeyMap.For(env), env.Id);
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
        var session = new PlaySession(runner, PlayKeyMap.For(env), "cartpole");
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
