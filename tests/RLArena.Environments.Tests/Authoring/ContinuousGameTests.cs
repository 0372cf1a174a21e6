using RLArena.Core.Errors;
using RLArena.Environments.Authoring;
using RLArena.Environments.Checking;
using RLArena.Environments.Spaces;
using RLArena.Environments.Vector;

namespace RLArena.Environments.Tests.Authoring;

/// <summary>
/// A small continuous test game: a point on [−1, 1] that the two action values push (the first by 0.1·a, the second
/// only costs); reaching the target 0.5 ends the episode. Observation: the point and the target.
/// </summary>
public sealed class ReachGame : GameAgent
{
    public float Position { get; set; }
    public float LastSeen0 { get; private set; }

    public override ObservationShape ObservationShape => ObservationShape.Vector(2, -1, 1);
    public override int ActionCount => 0;
    public override int ContinuousActionCount => 2;
    public override int MaxStep => 40;
    public override IReadOnlyList<string> ActionNames => ["left", "still", "right"];

    public override PlayControls? PlayControls => new(true, [new KeyBinding(PlayKey.Left, 0), new KeyBinding(PlayKey.Right, 2)], [1], "Left/Right")
    {
        ContinuousActions = [[-1f, 0f], [0f, 0f], [1f, 0f]],
    };

    public override void OnEpisodeBegin() => Position = (float)(Random.NextDouble() - 0.5);

    public override void CollectObservations(VectorSensor sensor)
    {
        sensor.AddObservation(Position);
        sensor.AddObservation(0.5f);
    }

    public override void OnActionReceived(ActionBuffers actions)
    {
        LastSeen0 = actions.ContinuousActions[0];
        Position = Math.Clamp(Position + 0.1f * actions.ContinuousActions[0], -1f, 1f);
        AddReward(-Math.Abs(Position - 0.5) - 0.01 * actions.ContinuousActions[1] * actions.ContinuousActions[1]);
        if (Math.Abs(Position - 0.5f) < 0.05f) EndEpisode();
    }

    public override void SaveState(BinaryWriter writer) => writer.Write(Position);

    public override void LoadState(BinaryReader reader) => Position = reader.ReadSingle();
}

public class ContinuousGameTests
{
    [Test]
    public void A_game_with_continuous_actions_gets_a_box_in_minus_one_to_one_and_clipped_values()
    {
        var env = AgentEnvironment.Create(new ReachGame(), "reach");
        Assert.That(env.ActionSpace, Is.EqualTo(DiscreteSpace.None));
        Assert.That(env.ContinuousActionSpace!.Describe(), Is.EqualTo("Box(-1, 1, (2,))"));
        Assert.That(((IEnvironment)env).IsContinuous(), Is.True);
        var obs = new float[2];
        env.Reset(1, obs);
        var game = (ReachGame)env.Game;
        var before = game.Position;
        env.Step([4f, 0f], obs);
        Assert.That(game.LastSeen0, Is.EqualTo(1f), "values beyond [-1, 1] are clipped before the game sees them");
        Assert.That(game.Position, Is.EqualTo(Math.Clamp(before + 0.1f, -1f, 1f)));
        Assert.Throws<ArgumentException>(() => env.Step([float.NaN, 0f], obs));
        Assert.Throws<ArgumentException>(() => env.Step([0f], obs));
        Assert.Throws<NotSupportedException>(() => env.Step(0, obs));
        Assert.That(((IEnvironment)env).ActionMask(), Is.Empty);
        Assert.That(env.HasHeuristic, Is.False);
    }

    [Test]
    public void The_checker_passes_it_and_a_vector_environment_steps_it()
    {
        var report = EnvChecker.Check(() => AgentEnvironment.Create(new ReachGame(), "reach"));
        Assert.That(report.Passed, Is.True, report.ToString());
        var vec = new VectorEnv(() => AgentEnvironment.Create(new ReachGame(), "reach"), 3);
        vec.Reset(0);
        vec.Step(new float[] { 1, 0, -1, 0, 0.5f, 0.5f });
        Assert.That(vec.ActionSize, Is.EqualTo(2));
        Assert.That(vec.Rewards.All(r => r < 0), Is.True);
    }

    [Test]
    public void Declaring_both_kinds_or_keys_without_values_is_one_clear_line()
    {
        var both = Assert.Throws<UserFacingException>(() => AgentEnvironment.Create(new BothKinds()))!;
        Assert.That(both.Message, Does.Contain("return 0 from ActionCount"));
        var noValues = Assert.Throws<UserFacingException>(() => AgentEnvironment.Create(new KeysWithoutValues()))!;
        Assert.That(noValues.Message, Does.Contain("ContinuousActions"));
        Assert.That(both.Message + noValues.Message, Does.Not.Contain("\n"));
    }

    private class BothKinds : GameAgent
    {
        public override ObservationShape ObservationShape => ObservationShape.Vector(1);
        public override int ActionCount => 3;
        public override int ContinuousActionCount => 1;
        public override void CollectObservations(VectorSensor sensor) => sensor.AddObservation(0f);
        public override void OnActionReceived(ActionBuffers actions) { }
    }

    private sealed class KeysWithoutValues : BothKinds
    {
        public override int ActionCount => 0;
        public override PlayControls? PlayControls => new(true, [new KeyBinding(PlayKey.Left, 0)], [], "Left");
    }
}
