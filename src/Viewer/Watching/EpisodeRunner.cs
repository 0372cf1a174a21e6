using RLArena.Environments;
using RLArena.Viewer.Acting;
using RLArena.Viewer.Rendering;

namespace RLArena.Viewer.Watching;

/// <summary>
/// Runs episodes of one environment one step at a time and keeps what the panel shows (episode, step, return, the
/// last action and the scores behind it). The first reset uses the seed; later episodes continue its stream.
/// <para>Continuous actions: an actor writes the values (<see cref="IActor.ActContinuous"/>); in play mode an action
/// number is an entry of the environment's <see cref="PlayControls.ContinuousActions"/> (keys map to fixed values).</para>
/// </summary>
public sealed class EpisodeRunner
{
    private readonly float[] _observation;
    private readonly bool[] _mask;
    private readonly bool[] _maskNow;
    private readonly float[] _scores;
    private readonly float[] _continuous;
    private readonly IReadOnlyList<float[]> _playValues;
    private int? _seed;

    public EpisodeRunner(IEnvironment environment, int? seed)
    {
        Environment = environment;
        _observation = new float[environment.ObservationSpace.Size];
        _mask = new bool[environment.ActionSpace.N];
        _maskNow = new bool[environment.ActionSpace.N];
        _scores = new float[environment.ActionSpace.N];
        _continuous = new float[environment.ContinuousActionSpace?.Size ?? 0];
        _playValues = environment.Metadata.Play?.ContinuousActions ?? [];
        ActionNames = environment.ActionNames();
        _seed = seed;
        Reset();
    }

    public IEnvironment Environment { get; }
    public IReadOnlyList<string> ActionNames { get; }
    public int Episode { get; private set; }
    public int Step { get; private set; }
    public double Return { get; private set; }
    public double? LastReward { get; private set; }
    public int? LastAction { get; private set; }

    /// <summary>The values of the last continuous action, or null (discrete actions, or before the first step).</summary>
    public float[]? LastContinuousAction { get; private set; }
    public StepOutcome? LastOutcome { get; private set; }
    public bool EpisodeOver => LastOutcome is { Done: true };
    public ReadOnlySpan<float> Observation => _observation;
    public List<double> CompletedReturns { get; } = new();
    public bool HasScores { get; private set; }

    /// <summary>Which actions are allowed now.</summary>
    public ReadOnlySpan<bool> Mask
    {
        get
        {
            Environment.WriteActionMask(_maskNow);
            return _maskNow;
        }
    }

    public void Reset()
    {
        Environment.Reset(_seed, _observation);
        _seed = null;
        Episode++;
        Step = 0;
        Return = 0;
        LastReward = null;
        LastAction = null;
        LastContinuousAction = null;
        LastOutcome = null;
        HasScores = false;
    }

    /// <summary>One step of <paramref name="actor"/>'s choice; after an episode ends, the next call starts a new one.</summary>
    public void Advance(IActor actor)
    {
        if (EpisodeOver)
        {
            Reset();
            return;
        }
        if (Environment.ContinuousActionSpace is { } box)
        {
            actor.ActContinuous(_observation, box, _continuous);
            HasScores = false;
            ApplyContinuous(_continuous, null);
            return;
        }
        Environment.WriteActionMask(_mask);
        var action = actor.Act(_observation, _mask, _scores);
        HasScores = true;
        Apply(action);
    }

    /// <summary>One step with a given action (play mode). Returns false, without stepping, for an action that is masked now.</summary>
    public bool Advance(int action)
    {
        if (EpisodeOver)
        {
            Reset();
            return true;
        }
        if (Environment.ContinuousActionSpace is not null)
        {
            if (action < 0 || action >= _playValues.Count) return false;
            HasScores = false;
            ApplyContinuous(_playValues[action], action);
            return true;
        }
        Environment.WriteActionMask(_mask);
        if (action < 0 || action >= _mask.Length || !_mask[action]) return false;
        HasScores = false;
        Apply(action);
        return true;
    }

    private void ApplyContinuous(float[] values, int? entry)
    {
        var outcome = Environment.Step(values, _observation);
        Record(outcome);
        LastAction = entry;
        LastContinuousAction = (float[])values.Clone();
    }

    private void Apply(int action)
    {
        Record(Environment.Step(action, _observation));
        LastAction = action;
    }

    private void Record(StepOutcome outcome)
    {
        Step++;
        Return += outcome.Reward;
        LastReward = outcome.Reward;
        LastOutcome = outcome;
        if (outcome.Done) CompletedReturns.Add(Return);
    }

    public OverlayState Overlay(string title, string scoreLabel, IReadOnlyList<string>? footer = null) => new()
    {
        Title = title,
        Episode = Episode,
        Step = Step,
        Return = Return,
        LastReward = LastReward,
        LastAction = LastAction,
        LastActionText = LastAction is null && LastContinuousAction is { } values ? FormatAction(values) : null,
        ActionNames = ActionNames,
        Scores = HasScores ? _scores.ToArray() : Array.Empty<float>(),
        Mask = HasScores ? _mask.ToArray() : Array.Empty<bool>(),
        ScoreLabel = scoreLabel,
        Footer = footer ?? Array.Empty<string>(),
    };

    /// <summary>Continuous action values as the panel shows them, e.g. "[+1.25, -0.50]".</summary>
    /// <param name="values">The values.</param>
    public static string FormatAction(IReadOnlyList<float> values) =>
        "[" + string.Join(", ", values.Take(4).Select(v => v.ToString("+0.00;-0.00;0.00", System.Globalization.CultureInfo.InvariantCulture))) + (values.Count > 4 ? ", ..." : "") + "]";
}
