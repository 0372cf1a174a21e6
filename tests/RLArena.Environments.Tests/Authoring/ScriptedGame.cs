using RLArena.Environments.Authoring;

namespace RLArena.Environments.Tests.Authoring;

/// <summary>
/// A game whose every callback a test can replace, to provoke one misuse at a time. By default it is a valid
/// 3-value vector game with 2 actions that never ends by itself.
/// </summary>
public sealed class ScriptedGame : GameAgent
{
    public ObservationShape Shape { get; set; } = ObservationShape.Vector(3);
    public int Actions { get; set; } = 2;
    public int Limit { get; set; }
    public IReadOnlyList<string> Names { get; set; } = [];
    public PlayControls? Keys { get; set; }
    public Action<ScriptedGame>? Begin { get; set; }
    public Action<ScriptedGame, VectorSensor>? Collect { get; set; }
    public Action<ScriptedGame, int>? Act { get; set; }
    public Action<ScriptedGame, IDiscreteActionMask>? Mask { get; set; }

    public override ObservationShape ObservationShape => Shape;
    public override int ActionCount => Actions;
    public override int MaxStep => Limit;
    public override IReadOnlyList<string> ActionNames => Names;
    public override PlayControls? PlayControls => Keys;

    public override void OnEpisodeBegin() => Begin?.Invoke(this);

    public override void CollectObservations(VectorSensor sensor)
    {
        if (Collect is { } collect) collect(this, sensor);
        else for (var i = 0; i < Shape.Size; i++) sensor.AddObservation(0f);
    }

    public override void OnActionReceived(ActionBuffers actions) => Act?.Invoke(this, actions.DiscreteActions[0]);

    public override void WriteDiscreteActionMask(IDiscreteActionMask actionMask) => Mask?.Invoke(this, actionMask);
}

/// <summary>Overrides SaveState only (a declaration error).</summary>
public sealed class HalfSnapshotGame : GameAgent
{
    public override ObservationShape ObservationShape => ObservationShape.Vector(1);
    public override int ActionCount => 2;
    public override void CollectObservations(VectorSensor sensor) => sensor.AddObservation(0);
    public override void OnActionReceived(ActionBuffers actions) { }
    public override void SaveState(BinaryWriter writer) => writer.Write(1);
}

/// <summary>Its LoadState reads less than its SaveState writes.</summary>
public sealed class SloppySnapshotGame : GameAgent
{
    public override ObservationShape ObservationShape => ObservationShape.Vector(1);
    public override int ActionCount => 2;
    public override void CollectObservations(VectorSensor sensor) => sensor.AddObservation(0);
    public override void OnActionReceived(ActionBuffers actions) { }
    public override void SaveState(BinaryWriter writer) { writer.Write(1); writer.Write(2); }
    public override void LoadState(BinaryReader reader) => reader.ReadInt32();
}

/// <summary>Its Heuristic writes an action that does not exist.</summary>
public sealed class BadHeuristicGame : GameAgent
{
    public override ObservationShape ObservationShape => ObservationShape.Vector(1);
    public override int ActionCount => 2;
    public override void CollectObservations(VectorSensor sensor) => sensor.AddObservation(0);
    public override void OnActionReceived(ActionBuffers actions) { }
    public override void Heuristic(in ActionBuffers actionsOut) => actionsOut.DiscreteActions[0] = 7;
}

/// <summary>Not registrable: no attribute.</summary>
public sealed class UnnamedGame : GameAgent
{
    public override ObservationShape ObservationShape => ObservationShape.Vector(1);
    public override int ActionCount => 2;
    public override void CollectObservations(VectorSensor sensor) => sensor.AddObservation(0);
    public override void OnActionReceived(ActionBuffers actions) { }
}

/// <summary>Not registrable: declares an option but cannot read it.</summary>
[RLArenaEnvironment("test-optionless", "declares an option without an EnvOptions constructor")]
[RLArenaOption("size", "3", "unused")]
public sealed class OptionWithoutConstructorGame : GameAgent
{
    public override ObservationShape ObservationShape => ObservationShape.Vector(1);
    public override int ActionCount => 2;
    public override void CollectObservations(VectorSensor sensor) => sensor.AddObservation(0);
    public override void OnActionReceived(ActionBuffers actions) { }
}

/// <summary>Its constructor throws.</summary>
[RLArenaEnvironment("test-throwing", "its constructor throws")]
public sealed class ThrowingConstructorGame : GameAgent
{
    public ThrowingConstructorGame() => throw new InvalidOperationException("level file 'levels/1.txt' is missing");
    public override ObservationShape ObservationShape => ObservationShape.Vector(1);
    public override int ActionCount => 2;
    public override void CollectObservations(VectorSensor sensor) => sensor.AddObservation(0);
    public override void OnActionReceived(ActionBuffers actions) { }
}
