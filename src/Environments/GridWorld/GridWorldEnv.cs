using RLArena.Environments.Randomness;
using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;

namespace RLArena.Environments.GridWorld;

/// <summary>
/// A grid world after Unity ML-Agents' GridWorld: the agent must walk to a goal of the signalled colour (green "+"
/// or red "x") and avoid the other colour.
/// <para>
/// Reset: the goals and the agent go to distinct random free cells, and the target colour is drawn uniformly (among
/// the colours that have goals). Actions: 0 stay, 1 up, 2 down, 3 left, 4 right; a move into a wall or an obstacle
/// leaves the agent in place and is masked when <see cref="GridWorldOptions.MaskActions"/> is on (stay never is).
/// Reward: −0.01 per step; entering a goal ends the episode (terminated) with exactly +1 (right colour) or −1
/// (wrong colour) as that step's reward. The <see cref="GridWorldOptions.MaxSteps"/>-th step truncates.
/// </para>
/// <para>
/// Observation layers, each Size×Size with row 0 at the top: agent, green goals, red goals, obstacles (one-hot).
/// Vector: those four layers flattened, then the goal signal [1, 0] (green) or [0, 1] (red).
/// Visual: shape [6, Size, Size]: the four layers, then the goal signal as two constant planes.
/// </para>
/// </summary>
public sealed class GridWorldEnv : IEnvironment, IEpisodeSuccess, ITimeLimited, ISnapshotEnvironment
{
    /// <summary>The registry name, "gridworld".</summary>
    public const string Name = "gridworld";
    /// <summary>The reward of every step (−0.01).</summary>
    public const double StepReward = -0.01;
    /// <summary>The reward for entering a goal of the signalled colour (+1; ends the episode).</summary>
    public const double RightGoalReward = 1.0;
    /// <summary>The reward for entering a goal of the other colour (−1; ends the episode).</summary>
    public const double WrongGoalReward = -1.0;
    /// <summary>One-hot layers describing the grid: agent, green goals, red goals, obstacles.</summary>
    public const int GridLayers = 4;
    /// <summary>Channels of the visual observation: the four grid layers and two goal-signal planes.</summary>
    public const int VisualChannels = GridLayers + 2;

    private const byte Empty = 0;
    private const byte GreenGoal = 1;
    private const byte RedGoal = 2;
    private const byte Obstacle = 3;

    private readonly int _size;
    private readonly byte[] _cells;          // what is on each cell (row-major), the agent excepted
    private readonly int[] _freeCellsInOrder; // cells without obstacles
    private readonly int[] _freeCells;        // a copy, partly shuffled on each reset to place things
    private readonly int[] _obstacles;
    private readonly int[] _greenGoals;
    private readonly int[] _redGoals;
    private readonly int _layerSize;
    private readonly int _maxSteps;
    private readonly bool _maskActions;

    private Pcg64? _random;
    private int _agent;                      // the agent's cell index, y * size + x
    private int _agentX, _agentY;            // and its coordinates (kept so steps and masks never divide)
    private GoalColor _target;
    private int _steps;
    private EpisodePhase _phase = EpisodePhase.NeverReset;
    private bool? _succeeded;

    /// <summary>The default grid: 5×5, one goal of each colour, vector observations, masked moves.</summary>
    public GridWorldEnv() : this(new GridWorldOptions()) { }

    /// <summary>A grid with <paramref name="options"/>.</summary>
    /// <param name="options">Size, goals, obstacles, time limit, observation kind and masking.</param>
    public GridWorldEnv(GridWorldOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _size = options.Size;
        _layerSize = _size * _size;
        _maxSteps = options.MaxSteps;
        _maskActions = options.MaskActions;
        _cells = new byte[_layerSize];
        _obstacles = options.ObstacleCells.Select(Index).Distinct().Order().ToArray();
        foreach (var o in _obstacles) _cells[o] = Obstacle;
        _freeCellsInOrder = Enumerable.Range(0, _layerSize).Where(i => _cells[i] != Obstacle).ToArray();
        _freeCells = new int[_freeCellsInOrder.Length];
        _greenGoals = new int[options.GreenGoals];
        _redGoals = new int[options.RedGoals];
        Id = options.ToSpec();
        ObservationSpace = options.Observation == GridObservationKind.Vector
            ? BoxSpace.Uniform([GridLayers * _layerSize + 2], 0f, 1f)
            : BoxSpace.Uniform([VisualChannels, _size, _size], 0f, 1f);
        Metadata = MetadataFor(options);
    }

    /// <summary>The options the grid was made with.</summary>
    public GridWorldOptions Options { get; }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public BoxSpace ObservationSpace { get; }

    /// <inheritdoc />
    public DiscreteSpace ActionSpace { get; } = new(GridActions.Count);

    /// <summary>
    /// "GridWorld 5x5" (its size); actions stay, up, down, left, right; 5 steps a second when watched; played turn by
    /// turn with the arrows (Space waits a turn).
    /// </summary>
    public EnvMetadata Metadata { get; }

    /// <inheritdoc />
    public int MaxEpisodeSteps => Options.MaxSteps;

    /// <summary>Steps taken in the current episode.</summary>
    public int ElapsedSteps => _steps;

    /// <inheritdoc />
    public bool? EpisodeSucceeded => _phase == EpisodePhase.Ended ? _succeeded : null;

    /// <summary>The goal colour the agent must reach this episode.</summary>
    public GoalColor Target => _target;

    /// <summary>The agent's cell.</summary>
    public GridCell Agent => Cell(_agent);

    /// <summary>
    /// Where the agent and goals are. Setting it rearranges the current episode (for tests and demonstrations) without
    /// restarting it; cells must be inside the grid, off obstacles and distinct.
    /// </summary>
    public GridWorldLayout Layout
    {
        get => new(Cell(_agent), _target, _greenGoals.Select(Cell).ToArray(), _redGoals.Select(Cell).ToArray());
        set => SetLayout(value);
    }

    private static EnvMetadata MetadataFor(GridWorldOptions options) => new()
    {
        DisplayName = $"GridWorld {options.Size}x{options.Size}",
        ActionNames = Enumerable.Range(0, GridActions.Count).Select(GridActions.Name).ToArray(),
        StepsPerSecond = 5,
        Success = "the agent entered a goal of the signalled colour (green '+' or red 'x') before the step limit",
        Play = new PlayControls(
            RealTime: false,
            Bindings:
            [
                new KeyBinding(PlayKey.Up, GridActions.Up),
                new KeyBinding(PlayKey.Down, GridActions.Down),
                new KeyBinding(PlayKey.Left, GridActions.Left),
                new KeyBinding(PlayKey.Right, GridActions.Right),
                new KeyBinding(PlayKey.Space, GridActions.Stay),
            ],
            IdleActions: [],
            Help: "arrows move, Space waits|R reset, Esc quit"),
    };

    /// <inheritdoc />
    public void Reset(int? seed, Span<float> observation)
    {
        EnvGuards.ObservationLength(observation, ObservationSpace.Size, Id);
        EnvGuards.Seed(seed);
        if (seed is { } s) _random = Pcg64.FromSeed(s);
        _random ??= Pcg64.FromEntropy();

        if (_phase != EpisodePhase.NeverReset) ClearGoals();
        // Partial Fisher–Yates from the same starting order every time (so a seed fixes the layout): the first k
        // entries become a uniform random k-subset in random order.
        _freeCellsInOrder.CopyTo(_freeCells, 0);
        var picks = 0;
        for (var i = 0; i < _greenGoals.Length; i++) _greenGoals[i] = Pick(picks++);
        for (var i = 0; i < _redGoals.Length; i++) _redGoals[i] = Pick(picks++);
        PlaceAgent(Pick(picks));
        foreach (var g in _greenGoals) _cells[g] = GreenGoal;
        foreach (var r in _redGoals) _cells[r] = RedGoal;
        _target = _greenGoals.Length == 0 ? GoalColor.Red
            : _redGoals.Length == 0 ? GoalColor.Green
            : (GoalColor)_random.NextInt(2);

        _steps = 0;
        _succeeded = null;
        _phase = EpisodePhase.Running;
        WriteObservation(observation);
    }

    /// <inheritdoc />
    public StepOutcome Step(int action, Span<float> observation)
    {
        EnvGuards.ObservationLength(observation, ObservationSpace.Size, Id);
        EnvGuards.Action(action, GridActions.Count, Id);
        EnvGuards.CanStep(_phase, Id);

        _steps++;
        switch (action)
        {
            case GridActions.Up: TryMove(_agentX, _agentY - 1); break;
            case GridActions.Down: TryMove(_agentX, _agentY + 1); break;
            case GridActions.Left: TryMove(_agentX - 1, _agentY); break;
            case GridActions.Right: TryMove(_agentX + 1, _agentY); break;
        }

        var reward = StepReward;
        var terminated = false;
        var content = _cells[_agent];
        if (content is GreenGoal or RedGoal)
        {
            var reached = content == GreenGoal ? GoalColor.Green : GoalColor.Red;
            _succeeded = reached == _target;
            reward = _succeeded.Value ? RightGoalReward : WrongGoalReward;
            terminated = true;
        }
        var truncated = _steps >= _maxSteps;
        if (truncated && !terminated) _succeeded = false;
        if (terminated || truncated) _phase = EpisodePhase.Ended;
        WriteObservation(observation);
        return new StepOutcome(reward, terminated, truncated);
    }

    /// <inheritdoc />
    public void WriteActionMask(Span<bool> mask)
    {
        EnvGuards.MaskLength(mask, GridActions.Count, Id);
        mask[GridActions.Stay] = true;
        for (var a = 1; a < GridActions.Count; a++) mask[a] = !_maskActions || MoveTarget(a) >= 0;
    }

    /// <inheritdoc />
    public Scene Describe() => GridWorldScene.Build(this);

    /// <summary>Whether a cell holds an obstacle.</summary>
    public bool IsObstacle(GridCell cell) => InGrid(cell) && _cells[Index(cell)] == Obstacle;

    /// <summary>The cell index an action moves the agent to, or −1 when a wall or an obstacle blocks it.</summary>
    private int MoveTarget(int action)
    {
        var x = _agentX;
        var y = _agentY;
        switch (action)
        {
            case GridActions.Up: y--; break;
            case GridActions.Down: y++; break;
            case GridActions.Left: x--; break;
            case GridActions.Right: x++; break;
            default: return _agent;
        }
        if ((uint)x >= (uint)_size || (uint)y >= (uint)_size) return -1;
        var index = y * _size + x;
        return _cells[index] == Obstacle ? -1 : index;
    }

    private void PlaceAgent(int index)
    {
        _agent = index;
        _agentX = index % _size;
        _agentY = index / _size;
    }

    /// <summary>Empties the cells of the current goals (which are never obstacle cells).</summary>
    private void ClearGoals()
    {
        foreach (var g in _greenGoals) _cells[g] = Empty;
        foreach (var r in _redGoals) _cells[r] = Empty;
    }

    /// <summary>Moves the agent to (x, y) unless a wall or an obstacle is there.</summary>
    private void TryMove(int x, int y)
    {
        if ((uint)x >= (uint)_size || (uint)y >= (uint)_size) return;
        var index = y * _size + x;
        if (_cells[index] == Obstacle) return;
        _agent = index;
        _agentX = x;
        _agentY = y;
    }

    private int Pick(int position)
    {
        var j = position + _random!.NextInt(_freeCells.Length - position);
        (_freeCells[position], _freeCells[j]) = (_freeCells[j], _freeCells[position]);
        return _freeCells[position];
    }

    private void WriteObservation(Span<float> observation)
    {
        observation.Clear();
        var n = _layerSize;
        observation[_agent] = 1f;
        foreach (var g in _greenGoals) observation[n + g] = 1f;
        foreach (var r in _redGoals) observation[2 * n + r] = 1f;
        foreach (var o in _obstacles) observation[3 * n + o] = 1f;
        var goalStart = GridLayers * n;
        if (Options.Observation == GridObservationKind.Vector)
        {
            observation[goalStart + (int)_target] = 1f;
        }
        else
        {
            observation.Slice(goalStart + (int)_target * n, n).Fill(1f);
        }
    }

    private void SetLayout(GridWorldLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (_phase == EpisodePhase.NeverReset) throw new InvalidOperationException($"{Id}: call Reset before setting the layout.");
        if (layout.GreenGoals.Count != _greenGoals.Length || layout.RedGoals.Count != _redGoals.Length)
            throw new ArgumentException($"{Id}: the layout must have {_greenGoals.Length} green and {_redGoals.Length} red goals, as the options say.");
        if (layout.Target == GoalColor.Green && _greenGoals.Length == 0 || layout.Target == GoalColor.Red && _redGoals.Length == 0)
            throw new ArgumentException($"{Id}: there is no {layout.Target} goal to target.");
        var all = layout.GreenGoals.Concat(layout.RedGoals).Append(layout.Agent).ToArray();
        foreach (var cell in all)
        {
            if (!InGrid(cell)) throw new ArgumentException($"{Id}: cell {cell} is outside the {_size}x{_size} grid.");
            if (_cells[Index(cell)] == Obstacle) throw new ArgumentException($"{Id}: cell {cell} is an obstacle.");
        }
        if (all.Distinct().Count() != all.Length) throw new ArgumentException($"{Id}: the agent and the goals must be on distinct cells.");

        ClearGoals();
        for (var i = 0; i < _greenGoals.Length; i++) _cells[_greenGoals[i] = Index(layout.GreenGoals[i])] = GreenGoal;
        for (var i = 0; i < _redGoals.Length; i++) _cells[_redGoals[i] = Index(layout.RedGoals[i])] = RedGoal;
        PlaceAgent(Index(layout.Agent));
        _target = layout.Target;
    }

    /// <summary>Writes the current observation again (after a layout change, for example).</summary>
    public void Observe(Span<float> observation)
    {
        EnvGuards.ObservationLength(observation, ObservationSpace.Size, Id);
        WriteObservation(observation);
    }

    private bool InGrid(GridCell cell) => (uint)cell.X < (uint)_size && (uint)cell.Y < (uint)_size;

    private int Index(GridCell cell) => cell.Y * _size + cell.X;

    private GridCell Cell(int index) => new(index % _size, index / _size);

    /// <summary>Writes the goals, the agent, the target colour, the step count, the episode's phase and outcome, and the generator.</summary>
    public void SaveSnapshot(BinaryWriter writer)
    {
        Snapshots.SnapshotFormat.WriteTag(writer, Id);
        Snapshots.SnapshotFormat.WriteArray(writer, _greenGoals);
        Snapshots.SnapshotFormat.WriteArray(writer, _redGoals);
        writer.Write(_agent);
        writer.Write((int)_target);
        writer.Write(_steps);
        Snapshots.SnapshotFormat.WritePhase(writer, _phase);
        Snapshots.SnapshotFormat.WriteFlag(writer, _succeeded);
        Snapshots.SnapshotFormat.WriteGenerator(writer, _random);
    }

    /// <summary>Continues exactly from a state written by <see cref="SaveSnapshot"/> on a grid with the same options.</summary>
    public void LoadSnapshot(BinaryReader reader)
    {
        Snapshots.SnapshotFormat.ReadTag(reader, Id);
        var green = new int[_greenGoals.Length];
        var red = new int[_redGoals.Length];
        Snapshots.SnapshotFormat.ReadArray(reader, green, "the green goals");
        Snapshots.SnapshotFormat.ReadArray(reader, red, "the red goals");
        var agent = reader.ReadInt32();
        var target = (GoalColor)reader.ReadInt32();
        var steps = reader.ReadInt32();
        var phase = Snapshots.SnapshotFormat.ReadPhase(reader);
        var succeeded = Snapshots.SnapshotFormat.ReadFlag(reader);
        var random = Snapshots.SnapshotFormat.ReadGenerator(reader);
        foreach (var cell in green.Concat(red).Append(agent))
        {
            if ((uint)cell >= (uint)_layerSize || _cells[cell] == Obstacle)
                throw new InvalidDataException($"{Id}: the snapshot puts something on cell {cell}, which is outside the grid or an obstacle");
        }
        if (!Enum.IsDefined(target)) throw new InvalidDataException($"{Id}: unknown goal colour {(int)target} in the snapshot");

        if (_phase != EpisodePhase.NeverReset) ClearGoals();
        green.CopyTo(_greenGoals, 0);
        red.CopyTo(_redGoals, 0);
        if (phase != EpisodePhase.NeverReset)
        {
            foreach (var g in _greenGoals) _cells[g] = GreenGoal;
            foreach (var r in _redGoals) _cells[r] = RedGoal;
        }
        PlaceAgent(agent);
        (_target, _steps, _phase, _succeeded, _random) = (target, steps, phase, succeeded, random);
    }
}
