using RLArena.Core.Errors;
using RLArena.Core.Reproducibility;
using RLArena.Environments.Scenes;

namespace RLArena.Environments.Authoring;

/// <summary>
/// The one class a game developer writes to get training, evaluation, watching, playing and recording: a game in
/// ML-Agents' <c>Agent</c> style that <see cref="AgentEnvironment"/> turns into an <see cref="IEnvironment"/>.
/// <para>
/// Declare what the game looks like by overriding <see cref="ObservationShape"/> and <see cref="ActionCount"/> (and
/// optionally <see cref="MaxStep"/>, <see cref="DisplayName"/>, <see cref="ActionNames"/>, <see cref="StepsPerSecond"/>,
/// <see cref="Success"/>, <see cref="PlayControls"/>). They are read once, after <see cref="Initialize"/>.
/// </para>
/// <para>
/// The lifecycle: a reset calls <see cref="OnEpisodeBegin"/>, then <see cref="CollectObservations"/>. A step calls
/// <see cref="OnActionReceived"/> with the action, where the game moves, gives rewards (<see cref="AddReward"/>,
/// <see cref="SetReward"/>) and may end the episode (<see cref="EndEpisode"/> = terminated, the task is over;
/// <see cref="EpisodeInterrupted"/> = truncated, cut off), then <see cref="CollectObservations"/> again. The reward
/// starts at 0 on every step. Reaching <see cref="MaxStep"/> steps interrupts the episode.
/// <see cref="WriteDiscreteActionMask"/> is asked which actions are allowed whenever the caller wants the mask.
/// </para>
/// <para>
/// Draw all of the game's randomness from <see cref="Random"/>: it is reseeded by a seeded reset, so seeded episodes
/// repeat exactly, and it is saved with snapshots. To make a game resumable, override both <see cref="SaveState"/>
/// and <see cref="LoadState"/>.
/// </para>
/// </summary>
public abstract class GameAgent
{
    private Rng _random = new(System.Random.Shared.NextInt64());
    private double _stepReward;
    private double _returnBeforeStep;

    // ---- Declarations (read once by AgentEnvironment, after Initialize) ----

    /// <summary>The observation: <c>ObservationShape.Vector(n)</c> or <c>ObservationShape.Pixels(c, h, w)</c>.</summary>
    public abstract ObservationShape ObservationShape { get; }

    /// <summary>How many discrete actions there are (actions are 0 .. ActionCount − 1).</summary>
    public abstract int ActionCount { get; }

    /// <summary>Steps after which an episode is interrupted (truncated); 0 = no limit.</summary>
    public virtual int MaxStep => 0;

    /// <summary>
    /// ML-Agents' continuous actions: how many real values the game takes each step (read them from
    /// <see cref="ActionBuffers.ContinuousActions"/>), each in [−1, 1]; values outside are clipped to it, as ML-Agents
    /// clips them. 0 (the default) = the game takes discrete actions. A game with continuous actions returns 0 from
    /// <see cref="ActionCount"/> (a game takes one kind), and for <c>rlarena play</c> lists the values its keys take in
    /// <see cref="PlayControls"/>' <see cref="Environments.PlayControls.ContinuousActions"/>.
    /// </summary>
    public virtual int ContinuousActionCount => 0;

    /// <summary>A readable name for titles and panels; the class name unless overridden.</summary>
    public virtual string DisplayName => GetType().Name;

    /// <summary>One short name per action, in action order; empty = numbered actions.</summary>
    public virtual IReadOnlyList<string> ActionNames => [];

    /// <summary>Steps per second that look natural when watched or played.</summary>
    public virtual double StepsPerSecond => 20;

    /// <summary>What a successful episode is, in words; null when success is just a high return.</summary>
    public virtual string? Success => null;

    /// <summary>
    /// The keys for <c>rlarena play</c>. Null (the default) gives turn-based play with keys chosen from the action
    /// names: "left", "right", "up", "down" get the arrow keys, the other actions 1-4 and letters.
    /// </summary>
    public virtual PlayControls? PlayControls => null;

    // ---- Lifecycle (ML-Agents' Agent verbs) ----

    /// <summary>Runs once when the environment is made, before the declarations are read. Optional.</summary>
    public virtual void Initialize()
    {
    }

    /// <summary>Sets up a new episode (positions, level). Draw randomness from <see cref="Random"/>.</summary>
    public virtual void OnEpisodeBegin()
    {
    }

    /// <summary>Adds exactly <c>ObservationShape.Size</c> values describing the current state.</summary>
    public abstract void CollectObservations(VectorSensor sensor);

    /// <summary>Applies <c>actions.DiscreteActions[0]</c>: move, give rewards, end the episode if it is over.</summary>
    public abstract void OnActionReceived(ActionBuffers actions);

    /// <summary>Disables the actions that are not allowed now. Optional: by default every action is allowed.</summary>
    public virtual void WriteDiscreteActionMask(IDiscreteActionMask actionMask)
    {
    }

    /// <summary>
    /// A scripted policy of the game's own (ML-Agents' heuristic, here from the game state rather than the
    /// keyboard: keys are <see cref="PlayControls"/>): write an action into <c>actionsOut.DiscreteActions[0]</c>.
    /// Optional; tools reach it through <see cref="IHeuristicPolicy"/> as a baseline or autopilot.
    /// </summary>
    public virtual void Heuristic(in ActionBuffers actionsOut)
    {
    }

    /// <summary>The current frame for viewers and recordings; by default the observation drawn as cells or bars.</summary>
    public virtual Scene Describe() =>
        DefaultGameScene.Build(DisplayName, ObservationShapeUsed ?? ObservationShape, LastObservation, StepCount, CumulativeReward);

    /// <summary>
    /// Writes the game's own state for a snapshot (the step count, rewards and <see cref="Random"/> are saved for
    /// you). Override together with <see cref="LoadState"/> to make the game resumable.
    /// </summary>
    public virtual void SaveState(BinaryWriter writer)
    {
    }

    /// <summary>Reads exactly what <see cref="SaveState"/> wrote, in the same order.</summary>
    public virtual void LoadState(BinaryReader reader)
    {
    }

    // ---- What the game can use ----

    /// <summary>The game's random generator: reseeded by a seeded reset, continued by an unseeded one, saved in snapshots.</summary>
    public Rng Random => _random;

    /// <summary>Steps taken in this episode (during <see cref="OnActionReceived"/> it already counts the current step).</summary>
    public int StepCount { get; private set; }

    /// <summary>The sum of the rewards of this episode so far, the current step's included.</summary>
    public double CumulativeReward => _returnBeforeStep + _stepReward;

    /// <summary>Adds <paramref name="increment"/> to this step's reward.</summary>
    public void AddReward(double increment)
    {
        RequireStep(nameof(AddReward));
        CheckFinite(increment, nameof(AddReward));
        _stepReward += increment;
    }

    /// <summary>Replaces this step's reward with <paramref name="reward"/>.</summary>
    public void SetReward(double reward)
    {
        RequireStep(nameof(SetReward));
        CheckFinite(reward, nameof(SetReward));
        _stepReward = reward;
    }

    /// <summary>Ends the episode because the task is over (won or lost): the step reports terminated.</summary>
    public void EndEpisode()
    {
        RequireStep(nameof(EndEpisode));
        EndRequested = true;
    }

    /// <summary>Ends the episode because it was cut off (not by its own outcome): the step reports truncated.</summary>
    public void EpisodeInterrupted()
    {
        RequireStep(nameof(EpisodeInterrupted));
        InterruptRequested = true;
    }

    // ---- Driven by AgentEnvironment ----

    /// <summary>Which callback the environment is running now (misuse checks name it).</summary>
    internal GameCall Call { get; set; } = GameCall.None;

    /// <summary>Whether an <see cref="AgentEnvironment"/> drives this instance.</summary>
    internal bool IsBound { get; set; }

    internal bool EndRequested { get; private set; }

    internal bool InterruptRequested { get; private set; }

    internal double StepReward => _stepReward;

    /// <summary>The last observation written (for the default scene).</summary>
    internal float[] LastObservation { get; set; } = [];

    internal ObservationShape? ObservationShapeUsed { get; set; }

    internal void BeginEpisode(int? seed)
    {
        if (seed is { } s) _random = new Rng(s);
        StepCount = 0;
        _returnBeforeStep = 0;
        _stepReward = 0;
        EndRequested = false;
        InterruptRequested = false;
    }

    internal void BeginStep()
    {
        StepCount++;
        _stepReward = 0;
    }

    internal void FinishStep()
    {
        _returnBeforeStep += _stepReward;
        _stepReward = 0;
    }

    internal void SaveCounters(BinaryWriter writer)
    {
        foreach (var word in _random.GetState()) writer.Write(word);
        writer.Write(StepCount);
        writer.Write(_returnBeforeStep);
        writer.Write(EndRequested);
        writer.Write(InterruptRequested);
    }

    internal void LoadCounters(BinaryReader reader)
    {
        var state = new ulong[4];
        for (var i = 0; i < state.Length; i++) state[i] = reader.ReadUInt64();
        _random = Rng.FromState(state);
        StepCount = reader.ReadInt32();
        _returnBeforeStep = reader.ReadDouble();
        _stepReward = 0;
        EndRequested = reader.ReadBoolean();
        InterruptRequested = reader.ReadBoolean();
    }

    private void RequireStep(string method)
    {
        if (Call is GameCall.OnActionReceived or GameCall.CollectObservationsAfterStep) return;
        var where = Call == GameCall.None ? "outside a step" : $"during {Call.Describe()}";
        throw new UserFacingException($"{GetType().Name}.{method} was called {where}; call it from OnActionReceived (or CollectObservations after a step).");
    }

    private void CheckFinite(double value, string method)
    {
        if (!double.IsFinite(value))
            throw new UserFacingException($"{GetType().Name}.{method}({value}) is not a finite reward; give a finite number.");
    }
}

/// <summary>The game callbacks, for telling where a misuse happened.</summary>
internal enum GameCall
{
    None,
    Initialize,
    Declarations,
    OnEpisodeBegin,
    CollectObservationsAfterReset,
    OnActionReceived,
    CollectObservationsAfterStep,
    WriteDiscreteActionMask,
    Heuristic,
    Describe,
    SaveState,
    LoadState,
}

internal static class GameCallExtensions
{
    public static string Describe(this GameCall call) => call switch
    {
        GameCall.CollectObservationsAfterReset => "CollectObservations after a reset",
        GameCall.CollectObservationsAfterStep => "CollectObservations after a step",
        GameCall.Declarations => "the declarations (ObservationShape, ActionCount, ...)",
        _ => call.ToString(),
    };
}
