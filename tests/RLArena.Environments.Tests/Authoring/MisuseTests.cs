using RLArena.Core.Errors;
using RLArena.Environments.Authoring;
using RLArena.Environments.Registry;

namespace RLArena.Environments.Tests.Authoring;

/// <summary>Every way a game can misuse the API ends in one line naming the class, what went wrong and the fix.</summary>
public class MisuseTests
{
    private static UserFacingException Fails(Action action)
    {
        var error = Assert.Throws<UserFacingException>(() => action())!;
        Assert.That(error.Message, Does.Not.Contain('\n').And.Not.Contain('\r'), "one line");
        Assert.That(error.ExitCode, Is.EqualTo(1));
        return error;
    }

    private static AgentEnvironment Reset(ScriptedGame game)
    {
        var env = AgentEnvironment.Create(game);
        env.Reset(0, new float[env.ObservationSpace.Size]);
        return env;
    }

    [Test]
    public void Too_few_observations()
    {
        var e = Fails(() => Reset(new ScriptedGame { Collect = (_, s) => s.AddObservation(1f) }));
        Assert.That(e.Message, Is.EqualTo("ScriptedGame.CollectObservations added 1 observation value(s) but its ObservationShape (vector of 3) needs 3; add exactly 3 on every call."));
    }

    [Test]
    public void Too_many_observations_after_a_step()
    {
        var game = new ScriptedGame { Collect = (g, s) => s.AddObservation(new float[g.StepCount == 0 ? 3 : 5]) };
        var env = Reset(game);
        var e = Fails(() => env.Step(0, new float[3]));
        Assert.That(e.Message, Does.StartWith("ScriptedGame.CollectObservations added 5 observation value(s)").And.Contain("needs 3"));
        Assert.Throws<InvalidOperationException>(() => env.Step(0, new float[3]), "a failed step leaves no running episode");
    }

    [Test]
    public void Observations_must_be_finite_and_inside_the_bounds()
    {
        var nan = Fails(() => Reset(new ScriptedGame { Collect = (_, s) => { s.AddObservation(0f); s.AddObservation(float.NaN); s.AddObservation(0f); } }));
        Assert.That(nan.Message, Is.EqualTo("ScriptedGame.CollectObservations added NaN at position 1; observations must be finite numbers."));

        var outside = Fails(() => Reset(new ScriptedGame { Shape = ObservationShape.Pixels(1, 1, 2), Collect = (_, s) => { s.AddObservation(0f); s.AddObservation(2f); } }));
        Assert.That(outside.Message, Is.EqualTo("ScriptedGame.CollectObservations added 2 at position 1, outside the ObservationShape bounds [0, 1]; scale it into range or widen the bounds."));
    }

    [Test]
    public void One_hot_index_outside_its_range()
    {
        var e = Fails(() => Reset(new ScriptedGame { Collect = (_, s) => s.AddOneHotObservation(3, 3) }));
        Assert.That(e.Message, Is.EqualTo("ScriptedGame: AddOneHotObservation(3, 3) has its index outside 0..2; pass an index below the range."));
    }

    [Test]
    public void Rewards_and_episode_ends_only_during_a_step()
    {
        var inBegin = Fails(() => Reset(new ScriptedGame { Begin = g => g.AddReward(1) }));
        Assert.That(inBegin.Message, Is.EqualTo("ScriptedGame.AddReward was called during OnEpisodeBegin; call it from OnActionReceived (or CollectObservations after a step)."));

        var endInBegin = Fails(() => Reset(new ScriptedGame { Begin = g => g.EndEpisode() }));
        Assert.That(endInBegin.Message, Does.StartWith("ScriptedGame.EndEpisode was called during OnEpisodeBegin"));

        var outside = Fails(() => new ScriptedGame().SetReward(1));
        Assert.That(outside.Message, Does.StartWith("ScriptedGame.SetReward was called outside a step"));

        var inMask = new ScriptedGame { Mask = (g, _) => g.EpisodeInterrupted() };
        var env = Reset(inMask);
        var e = Fails(() => env.WriteActionMask(new bool[2]));
        Assert.That(e.Message, Does.StartWith("ScriptedGame.EpisodeInterrupted was called during WriteDiscreteActionMask"));
    }

    [Test]
    public void Rewards_must_be_finite()
    {
        var env = Reset(new ScriptedGame { Act = (g, _) => g.AddReward(double.PositiveInfinity) });
        var e = Fails(() => env.Step(0, new float[3]));
        Assert.That(e.Message, Is.EqualTo("ScriptedGame.AddReward(∞) is not a finite reward; give a finite number.").Or.EqualTo("ScriptedGame.AddReward(Infinity) is not a finite reward; give a finite number."));
    }

    [Test]
    public void Masks_keep_one_action_and_name_real_actions()
    {
        var none = Reset(new ScriptedGame { Mask = (_, m) => { m.SetActionEnabled(0, 0, false); m.SetActionEnabled(0, 1, false); } });
        Assert.That(Fails(() => none.WriteActionMask(new bool[2])).Message,
            Is.EqualTo("ScriptedGame.WriteDiscreteActionMask disabled every action; leave at least one action enabled."));

        var branch = Reset(new ScriptedGame { Mask = (_, m) => m.SetActionEnabled(1, 0, false) });
        Assert.That(Fails(() => branch.WriteActionMask(new bool[2])).Message, Does.Contain("branch 1").And.Contain("one discrete branch, 0"));

        var index = Reset(new ScriptedGame { Mask = (_, m) => m.SetActionEnabled(0, 2, false) });
        Assert.That(Fails(() => index.WriteActionMask(new bool[2])).Message, Does.Contain("SetActionEnabled(0, 2, ...)").And.Contain("0..1"));
    }

    [Test]
    public void Contract_errors_are_the_documented_exceptions()
    {
        var env = AgentEnvironment.Create(new ScriptedGame());
        var obs = new float[3];
        Assert.That(Assert.Throws<InvalidOperationException>(() => env.Step(0, obs))!.Message, Does.Contain("before Reset"));
        env.Reset(0, obs);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(2, obs));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(-1, obs));
        Assert.Throws<ArgumentException>(() => env.Step(0, new float[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Reset(-1, obs));
    }

    [Test]
    public void Exceptions_from_game_code_become_one_line_naming_the_callback()
    {
        var env = Reset(new ScriptedGame { Act = (_, _) => throw new KeyNotFoundException("no tile at (3, 4)\nsecond line") });
        var e = Fails(() => env.Step(0, new float[3]));
        Assert.That(e.Message, Is.EqualTo("ScriptedGame.OnActionReceived threw KeyNotFoundException: no tile at (3, 4) second line"));
        Assert.That(e.InnerException, Is.InstanceOf<KeyNotFoundException>());
    }

    [Test]
    public void Bad_declarations_are_refused_when_the_environment_is_made()
    {
        Assert.That(Fails(() => AgentEnvironment.Create(new ScriptedGame { Actions = 0 })).Message,
            Is.EqualTo("ScriptedGame.ActionCount is 0; it must be from 1 to 1048576."));
        Assert.That(Fails(() => AgentEnvironment.Create(new ScriptedGame { Limit = -5 })).Message,
            Does.StartWith("ScriptedGame.MaxStep is -5"));
        Assert.That(Fails(() => AgentEnvironment.Create(new ScriptedGame { Names = ["a", "b", "c"] })).Message,
            Is.EqualTo("ScriptedGame.ActionNames has 3 names for 2 actions; give one name per action or none."));
        Assert.That(Fails(() => AgentEnvironment.Create(new ScriptedGame { Keys = new PlayControls(true, [new(PlayKey.Space, 4)], [0], "") })).Message,
            Is.EqualTo("ScriptedGame.PlayControls binds Space to action 4, outside 0..1."));
        Assert.That(Fails(() => AgentEnvironment.Create(new ScriptedGame { Keys = new PlayControls(true, [new(PlayKey.Space, 1)], [9], "") })).Message,
            Does.Contain("idle action 9"));
        Assert.That(Fails(() => ObservationShape.Pixels(0, 10, 5)).Message,
            Is.EqualTo("ObservationShape.Pixels(0, 10, 5): channels, height and width must each be at least 1."));
        Assert.That(Fails(() => ObservationShape.Vector(2, 1, 0)).Message, Does.Contain("not an interval"));
        Assert.That(Fails(() => AgentEnvironment.Create(new ScriptedGame { Shape = null! })).Message,
            Does.StartWith("ScriptedGame.ObservationShape is null"));
        Assert.That(Fails(() => AgentEnvironment.Create(new HalfSnapshotGame())).Message,
            Is.EqualTo("HalfSnapshotGame overrides SaveState but not LoadState; override both (or neither) to make it resumable."));
    }

    [Test]
    public void One_game_instance_serves_one_environment()
    {
        var game = new ScriptedGame();
        AgentEnvironment.Create(game);
        var e = Assert.Throws<ArgumentException>(() => AgentEnvironment.Create(game))!;
        Assert.That(e.Message, Does.Contain("already belongs to an environment"));
    }

    [Test]
    public void LoadState_must_read_what_SaveState_wrote()
    {
        var env = AgentEnvironment.Create(new SloppySnapshotGame());
        using var saved = new MemoryStream();
        ((ISnapshotEnvironment)env).SaveSnapshot(new BinaryWriter(saved));
        saved.Position = 0;
        var e = Fails(() => ((ISnapshotEnvironment)AgentEnvironment.Create(new SloppySnapshotGame())).LoadSnapshot(new BinaryReader(saved)));
        Assert.That(e.Message, Is.EqualTo("SloppySnapshotGame.LoadState read 4 of the 8 bytes SaveState wrote; read exactly what SaveState writes, in the same order."));
    }

    [Test]
    public void Heuristic_must_write_a_real_action()
    {
        var env = AgentEnvironment.Create(new BadHeuristicGame());
        env.Reset(0, new float[1]);
        Assert.That(Fails(() => env.HeuristicAction()).Message, Is.EqualTo("BadHeuristicGame.Heuristic wrote action 7; actions are 0..1."));
    }

    [Test]
    public void Registration_needs_a_name_a_usable_constructor_and_a_working_one()
    {
        Assert.That(Fails(() => GameRegistration.For(typeof(UnnamedGame))).Message,
            Is.EqualTo("UnnamedGame has no [RLArenaEnvironment(\"name\", \"description\")] attribute; add one to register it."));
        Assert.That(Fails(() => GameRegistration.For(typeof(OptionWithoutConstructorGame))).Message,
            Is.EqualTo("OptionWithoutConstructorGame declares options (size) but has no public constructor taking EnvOptions to read them; add one."));
        Assert.That(Fails(() => GameRegistration.For(typeof(string))).Message, Does.Contain("is not a GameAgent"));

        var registration = GameRegistration.For(typeof(ThrowingConstructorGame), origin: "test");
        var e = Fails(() => registration.Make(new EnvOptions(registration.Name, [])));
        Assert.That(e.Message, Is.EqualTo("environment 'test-throwing': the constructor of ThrowingConstructorGame threw InvalidOperationException: level file 'levels/1.txt' is missing"));
    }

    [Test]
    public void Bad_option_values_stay_usage_errors()
    {
        var registration = GameRegistration.For(typeof(CorridorGame));
        var e = Assert.Throws<EnvSpecException>(() => registration.Make(new EnvOptions("test-corridor", [new("length", "two")])))!;
        Assert.That(e.Message, Is.EqualTo("test-corridor option length=two is invalid; expected a whole number from 3 to 50."));
    }
}
