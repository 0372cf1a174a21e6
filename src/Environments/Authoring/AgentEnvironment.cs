using System.Text;
using RLArena.Core.Errors;
using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;

namespace RLArena.Environments.Authoring;

/// <summary>
/// Turns one <see cref="GameAgent"/> into a contract-correct <see cref="IEnvironment"/>: a reset runs
/// <see cref="GameAgent.OnEpisodeBegin"/> and <see cref="GameAgent.CollectObservations"/>; a step runs
/// <see cref="GameAgent.OnActionReceived"/> and collects the next observation, and reports the step's reward, whether
/// the game ended the episode (terminated) and whether it was interrupted or reached <see cref="GameAgent.MaxStep"/>
/// (truncated). Every observation is checked (its count, finite values inside the declared bounds) and written into
/// the caller's buffer without allocating. A game's mistake is one <see cref="UserFacingException"/> line naming
/// the class, the callback and the fix.
/// <para>
/// Made with <see cref="Create"/>, which also picks the variant: with a <see cref="GameAgent.MaxStep"/> the
/// environment is <see cref="ITimeLimited"/>, and a game that overrides <see cref="GameAgent.SaveState"/> and
/// <see cref="GameAgent.LoadState"/> gives an <see cref="ISnapshotEnvironment"/> that also saves the step count,
/// rewards and <see cref="GameAgent.Random"/>. <see cref="Register{TGame}"/> puts a game in the
/// <see cref="EnvRegistry"/>.
/// </para>
/// </summary>
public class AgentEnvironment : IEnvironment, IHeuristicPolicy
{
    private const string SnapshotTag = "RLArena.AgentEnvironment";
    private const int SnapshotVersion = 1;

    private readonly GameAgent _game;
    private readonly GameDeclaration _declaration;
    private readonly string _name;
    private readonly int _size;
    private readonly float _low;
    private readonly float _high;
    private readonly VectorSensor _sensor;
    private readonly DiscreteActionMask _mask;
    private readonly int[] _actions = new int[1];
    private readonly float[] _continuousActions;
    private readonly ActionBuffers _buffers;
    private readonly int[] _heuristicActions = new int[1];
    private readonly ActionBuffers _heuristicBuffers;
    private readonly float[] _lastObservation;
    private EpisodePhase _phase = EpisodePhase.NeverReset;

    private protected AgentEnvironment(GameAgent game, GameDeclaration declaration, string id)
    {
        _game = game;
        _declaration = declaration;
        _name = declaration.GameName;
        Id = id;
        var shape = declaration.Shape;
        _size = shape.Size;
        _low = shape.Low;
        _high = shape.High;
        _sensor = new VectorSensor(_size, _name);
        _mask = new DiscreteActionMask(declaration.ActionCount, _name);
        var continuous = declaration.ContinuousActionCount;
        var discrete = continuous > 0 ? 0 : 1;
        _continuousActions = new float[continuous];
        _buffers = new ActionBuffers(new ActionSegment<int>(_actions, 0, discrete), new ActionSegment<float>(_continuousActions, 0, continuous));
        _heuristicBuffers = new ActionBuffers(new ActionSegment<int>(_heuristicActions, 0, discrete), new ActionSegment<float>([], 0, 0));
        _lastObservation = new float[_size];
        game.LastObservation = _lastObservation;
        game.ObservationShapeUsed = shape;
        ObservationSpace = BoxSpace.Uniform([.. shape.Dimensions], shape.Low, shape.High);
        ActionSpace = continuous > 0 ? DiscreteSpace.None : new DiscreteSpace(declaration.ActionCount);
        ContinuousActionSpace = continuous > 0 ? BoxSpace.Uniform([continuous], -1f, 1f) : null;
    }

    /// <summary>
    /// The environment for <paramref name="game"/>: runs its <see cref="GameAgent.Initialize"/>, reads and checks its
    /// declarations. <paramref name="id"/> defaults to the registered name of its class (its
    /// <see cref="RLArenaEnvironmentAttribute"/>) or the class name in lower case. One game instance serves one
    /// environment.
    /// </summary>
    public static AgentEnvironment Create(GameAgent game, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(game);
        if (game.IsBound)
            throw new ArgumentException($"this {game.GetType().Name} instance already belongs to an environment; make one game instance per environment.", nameof(game));
        game.IsBound = true;
        var declaration = GameDeclaration.Read(game);
        id ??= GameRegistration.DefaultName(game.GetType());
        return (declaration.MaxStep > 0, declaration.HasSnapshots) switch
        {
            (false, false) => new AgentEnvironment(game, declaration, id),
            (true, false) => new TimeLimitedAgentEnvironment(game, declaration, id),
            (false, true) => new SnapshotAgentEnvironment(game, declaration, id),
            (true, true) => new TimeLimitedSnapshotAgentEnvironment(game, declaration, id),
        };
    }

    /// <summary>
    /// Registers <typeparamref name="TGame"/> under the name of its <see cref="RLArenaEnvironmentAttribute"/>, so
    /// <c>--env name</c> works everywhere. See <see cref="GameRegistration"/> for constructors and options.
    /// </summary>
    public static void Register<TGame>() where TGame : GameAgent => GameRegistration.Register<TGame>();

    /// <summary>The game this environment runs.</summary>
    public GameAgent Game => _game;

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public BoxSpace ObservationSpace { get; }

    /// <inheritdoc />
    public DiscreteSpace ActionSpace { get; }

    /// <summary>
    /// For a game with <see cref="GameAgent.ContinuousActionCount"/> above 0: that many values in [−1, 1] (values
    /// outside are clipped before the game sees them, NaN is refused); null for a game with discrete actions.
    /// </summary>
    public BoxSpace? ContinuousActionSpace { get; }

    /// <summary>The game's action names, or "0", "1", … when it declares none.</summary>
    public IReadOnlyList<string> ActionNames => _declaration.ActionNames;

    /// <summary>The game's display name, action names, speed, success text and play keys.</summary>
    public EnvMetadata Metadata => _declaration.Metadata;

    /// <summary>Whether the game overrides <see cref="GameAgent.Heuristic"/>.</summary>
    public bool HasHeuristic => _declaration.HasHeuristic && ContinuousActionSpace is null;

    /// <inheritdoc />
    public void Reset(int? seed, Span<float> observation)
    {
        EnvGuards.ObservationLength(observation, _size, Id);
        EnvGuards.Seed(seed);
        _phase = EpisodePhase.NeverReset; // until the game has begun the episode without an error
        _game.BeginEpisode(seed);
        GameCalls.Run(_game, GameCall.OnEpisodeBegin, 0, static (g, _) => g.OnEpisodeBegin());
        Observe(GameCall.CollectObservationsAfterReset, observation);
        _phase = EpisodePhase.Running;
    }

    /// <inheritdoc />
    public StepOutcome Step(int action, Span<float> observation)
    {
        EnvGuards.ObservationLength(observation, _size, Id);
        if (ContinuousActionSpace is { } box) throw EnvGuards.DiscreteStepOnContinuous(Id, box);
        EnvGuards.Action(action, ActionSpace.N, Id);
        EnvGuards.CanStep(_phase, Id);
        _actions[0] = action;
        return StepGame(observation);
    }

    /// <summary>Gives a game with continuous actions the values <paramref name="action"/> (clipped to [−1, 1]) for one step.</summary>
    /// <param name="action"><see cref="GameAgent.ContinuousActionCount"/> values.</param>
    /// <param name="observation">Receives the next observation.</param>
    public StepOutcome Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        EnvGuards.ObservationLength(observation, _size, Id);
        if (ContinuousActionSpace is not { } box) throw EnvGuards.ContinuousStepOnDiscrete(Id, ActionSpace);
        EnvGuards.ContinuousAction(action, box.Size, Id);
        EnvGuards.CanStep(_phase, Id);
        box.Clip(action, _continuousActions);
        return StepGame(observation);
    }

    private StepOutcome StepGame(Span<float> observation)
    {
        _phase = EpisodePhase.Ended; // until the step completes: a game error leaves no half-stepped episode running

        _game.BeginStep();
        GameCalls.Run(_game, GameCall.OnActionReceived, _buffers, static (g, b) => g.OnActionReceived(b));
        Observe(GameCall.CollectObservationsAfterStep, observation);
        var reward = _game.StepReward;
        _game.FinishStep();

        var terminated = _game.EndRequested;
        var truncated = _game.InterruptRequested || (_declaration.MaxStep > 0 && _game.StepCount >= _declaration.MaxStep);
        _phase = terminated || truncated ? EpisodePhase.Ended : EpisodePhase.Running;
        return new StepOutcome(reward, terminated, truncated);
    }

    /// <inheritdoc />
    public void WriteActionMask(Span<bool> mask)
    {
        EnvGuards.MaskLength(mask, ActionSpace.N, Id);
        if (ContinuousActionSpace is not null) return; // continuous actions have no mask
        if (_phase == EpisodePhase.NeverReset)
        {
            mask.Fill(true);
            return;
        }
        _mask.EnableAll();
        GameCalls.Run(_game, GameCall.WriteDiscreteActionMask, _mask, static (g, m) => g.WriteDiscreteActionMask(m));
        if (!_mask.Enabled.Contains(true))
            throw new UserFacingException($"{_name}.WriteDiscreteActionMask disabled every action; leave at least one action enabled.");
        _mask.Enabled.CopyTo(mask);
    }

    /// <inheritdoc />
    public Scene Describe()
    {
        Scene? scene = null;
        GameCalls.Run(_game, GameCall.Describe, g => scene = g.Describe());
        return scene ?? throw new UserFacingException($"{_name}.Describe returned null; return a Scene (or do not override Describe).");
    }

    /// <summary>The action <see cref="GameAgent.Heuristic"/> picks now.</summary>
    public int HeuristicAction()
    {
        if (!HasHeuristic) throw new InvalidOperationException($"{Id}: {_name} does not override Heuristic, so it has no heuristic policy.");
        if (ContinuousActionSpace is not null) throw new InvalidOperationException($"{Id}: {_name} takes continuous actions; a heuristic policy picks discrete ones.");
        if (_phase == EpisodePhase.NeverReset) throw new InvalidOperationException($"{Id}: HeuristicAction was called before Reset; call Reset first.");
        _heuristicActions[0] = 0;
        GameCalls.Run(_game, GameCall.Heuristic, _heuristicBuffers, static (g, b) => g.Heuristic(in b));
        var action = _heuristicActions[0];
        if ((uint)action >= (uint)ActionSpace.N)
            throw new UserFacingException($"{_name}.Heuristic wrote action {action}; actions are 0..{ActionSpace.N - 1}.");
        return action;
    }

    /// <summary>The step limit (for the <see cref="ITimeLimited"/> variants).</summary>
    private protected int MaxStep => _declaration.MaxStep;

    /// <summary>Writes the episode counters, the random state, the last observation and the game's own state.</summary>
    private protected void SaveSnapshotCore(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(SnapshotTag);
        writer.Write(SnapshotVersion);
        writer.Write(_game.GetType().FullName ?? _name);
        writer.Write(_size);
        writer.Write((byte)_phase);
        _game.SaveCounters(writer);
        foreach (var value in _lastObservation) writer.Write(value);

        using var buffer = new MemoryStream();
        using (var gameWriter = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            GameCalls.Run(_game, GameCall.SaveState, gameWriter, static (g, w) => g.SaveState(w));
        }
        writer.Write(checked((int)buffer.Length));
        writer.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Restores what <see cref="SaveSnapshotCore"/> wrote, checking that it is this game's snapshot.</summary>
    private protected void LoadSnapshotCore(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var typeName = _game.GetType().FullName ?? _name;
        string tag;
        try
        {
            tag = reader.ReadString();
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
        {
            tag = "";
        }
        if (tag != SnapshotTag) throw new UserFacingException($"{Id}: the snapshot is not one of an authored game's environment; restore it into the environment that saved it.");
        var version = reader.ReadInt32();
        if (version != SnapshotVersion) throw new UserFacingException($"{Id}: the snapshot has format {version}; this RLArena reads format {SnapshotVersion}.");
        var savedType = reader.ReadString();
        if (savedType != typeName) throw new UserFacingException($"{Id}: the snapshot was saved by {savedType}, not {typeName}; restore it into the same game.");
        var size = reader.ReadInt32();
        if (size != _size) throw new UserFacingException($"{Id}: the snapshot has {size} observation values but this {typeName} has {_size}; make the environment with the same options.");

        var phase = (EpisodePhase)reader.ReadByte();
        if (!Enum.IsDefined(phase)) throw new UserFacingException($"{Id}: the snapshot is damaged (episode phase {(int)phase}).");
        _game.LoadCounters(reader);
        for (var i = 0; i < _lastObservation.Length; i++) _lastObservation[i] = reader.ReadSingle();
        var length = reader.ReadInt32();
        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length) throw new UserFacingException($"{Id}: the snapshot ends early; it is incomplete.");
        using (var buffer = new MemoryStream(bytes, writable: false))
        using (var gameReader = new BinaryReader(buffer, Encoding.UTF8))
        {
            GameCalls.Run(_game, GameCall.LoadState, gameReader, static (g, r) => g.LoadState(r));
            if (buffer.Position != length)
                throw new UserFacingException($"{_name}.LoadState read {buffer.Position} of the {length} bytes SaveState wrote; read exactly what SaveState writes, in the same order.");
        }
        _phase = phase;
    }

    private void Observe(GameCall call, Span<float> observation)
    {
        _sensor.Clear();
        GameCalls.Run(_game, call, _sensor, static (g, s) => g.CollectObservations(s));
        if (_sensor.Count != _size)
            throw new UserFacingException($"{_name}.CollectObservations added {_sensor.Count} observation value(s) but its ObservationShape ({_declaration.Shape}) needs {_size}; add exactly {_size} on every call.");
        var values = _sensor.Values;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (float.IsFinite(v) && v >= _low && v <= _high) continue;
            throw new UserFacingException(float.IsFinite(v)
                ? $"{_name}.CollectObservations added {v} at position {i}, outside the ObservationShape bounds {_declaration.Shape.BoundsText}; scale it into range or widen the bounds."
                : $"{_name}.CollectObservations added {v} at position {i}; observations must be finite numbers.");
        }
        values.CopyTo(_lastObservation);
        values.CopyTo(observation);
    }
}

/// <summary>An authored game with a <see cref="GameAgent.MaxStep"/>.</summary>
internal sealed class TimeLimitedAgentEnvironment(GameAgent game, GameDeclaration declaration, string id)
    : AgentEnvironment(game, declaration, id), ITimeLimited
{
    /// <inheritdoc />
    public int MaxEpisodeSteps => MaxStep;
}

/// <summary>An authored game that saves and loads its state.</summary>
internal sealed class SnapshotAgentEnvironment(GameAgent game, GameDeclaration declaration, string id)
    : AgentEnvironment(game, declaration, id), ISnapshotEnvironment
{
    /// <inheritdoc />
    public void SaveSnapshot(BinaryWriter writer) => SaveSnapshotCore(writer);

    /// <inheritdoc />
    public void LoadSnapshot(BinaryReader reader) => LoadSnapshotCore(reader);
}

/// <summary>An authored game with a <see cref="GameAgent.MaxStep"/> that saves and loads its state.</summary>
internal sealed class TimeLimitedSnapshotAgentEnvironment(GameAgent game, GameDeclaration declaration, string id)
    : AgentEnvironment(game, declaration, id), ITimeLimited, ISnapshotEnvironment
{
    /// <inheritdoc />
    public int MaxEpisodeSteps => MaxStep;

    /// <inheritdoc />
    public void SaveSnapshot(BinaryWriter writer) => SaveSnapshotCore(writer);

    /// <inheritdoc />
    public void LoadSnapshot(BinaryReader reader) => LoadSnapshotCore(reader);
}
