using RLArena.Environments.Snapshots;

namespace RLArena.Environments.Wrappers;

/// <summary>
/// Gymnasium's <c>NormalizeReward</c> (v0.29.1): keeps a discounted running return
/// <c>G ← G·γ·(1 − terminated) + r</c>, updates the running variance of G (<see cref="RunningMeanStd"/>) and returns
/// <c>r / sqrt(var + epsilon)</c>, so the rewards' exponential moving average has a roughly fixed scale. As in
/// Gymnasium, G is zeroed by termination only (not by truncation or reset) and nothing is clipped.
/// <see cref="Frozen"/> stops the updates (for evaluation; the rewards are still scaled).
/// </summary>
public sealed class NormalizeReward : EnvironmentWrapper, IRunningStatistics
{
    private const string SnapshotTag = "normalize_reward";
    private readonly double[] _return = new double[1];

    /// <summary>Normalises the rewards of <paramref name="inner"/>.</summary>
    /// <param name="inner">The environment to wrap.</param>
    /// <param name="gamma">The discount of the running return, in [0, 1] (Gymnasium's default 0.99).</param>
    /// <param name="epsilon">Added to the variance before the square root, in (0, 1] (default 1e-8).</param>
    public NormalizeReward(IEnvironment inner, double gamma = 0.99, double epsilon = 1e-8) : base(inner)
    {
        if (!(gamma >= 0 && gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be in [0, 1]; Gymnasium's default is 0.99.");
        if (!(epsilon > 0 && epsilon <= 1)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be in (0, 1]; Gymnasium's default is 1e-8.");
        Gamma = gamma;
        Epsilon = epsilon;
    }

    /// <summary>The discount of the running return.</summary>
    public double Gamma { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public double Epsilon { get; }

    /// <summary>The discounted running return G (Gymnasium's <c>returns</c>).</summary>
    public double RunningReturn => _return[0];

    /// <inheritdoc/>
    public string Kind => "reward";

    /// <inheritdoc/>
    public RunningMeanStd Statistics { get; } = new(1);

    /// <inheritdoc/>
    public bool Frozen { get; set; }

    /// <summary>Steps the wrapped environment and returns its reward scaled.</summary>
    /// <param name="action">The discrete action.</param>
    /// <param name="observation">Receives the next observation.</param>
    public override StepOutcome Step(int action, Span<float> observation) => Scale(Inner.Step(action, observation));

    /// <summary>Steps the wrapped environment with a continuous action and returns its reward scaled.</summary>
    /// <param name="action">The action values.</param>
    /// <param name="observation">Receives the next observation.</param>
    public override StepOutcome Step(ReadOnlySpan<float> action, Span<float> observation) => Scale(Inner.Step(action, observation));

    /// <inheritdoc/>
    public void Save(BinaryWriter writer)
    {
        SnapshotFormat.WriteTag(writer, SnapshotTag);
        Statistics.Write(writer);
    }

    /// <inheritdoc/>
    public void Load(BinaryReader reader)
    {
        SnapshotFormat.ReadTag(reader, SnapshotTag);
        Statistics.Read(reader);
    }

    /// <summary>Writes the statistics, the running return and whether they are frozen, then the wrapped environment's snapshot.</summary>
    /// <param name="writer">Where to write.</param>
    public override void SaveSnapshot(BinaryWriter writer)
    {
        Save(writer);
        writer.Write(_return[0]);
        writer.Write(Frozen);
        base.SaveSnapshot(writer);
    }

    /// <summary>Restores what <see cref="SaveSnapshot"/> wrote.</summary>
    /// <param name="reader">Where to read.</param>
    public override void LoadSnapshot(BinaryReader reader)
    {
        Load(reader);
        _return[0] = reader.ReadDouble();
        Frozen = reader.ReadBoolean();
        base.LoadSnapshot(reader);
    }

    private StepOutcome Scale(StepOutcome outcome)
    {
        _return[0] = _return[0] * Gamma * (outcome.Terminated ? 0.0 : 1.0) + outcome.Reward;
        if (!Frozen) Statistics.Update(_return);
        return outcome with { Reward = outcome.Reward / Math.Sqrt(Statistics.Variance[0] + Epsilon) };
    }
}
