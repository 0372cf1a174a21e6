using RLArena.Agents.Training;
using RLArena.Core.Errors;
using RLArena.Engine.Config;

namespace RLArena.Agents.Dqn;

/// <summary>The temporal-difference loss of DQN.</summary>
public enum TdLoss
{
    /// <summary>Mean squared error (CleanRL).</summary>
    Mse,

    /// <summary>Smooth L1 (Huber with delta 1, SB3).</summary>
    Huber,
}

/// <summary>
/// Every DQN setting, bound from <c>configs/dqn/&lt;env&gt;.yaml</c>, <c>--config</c>, <c>--set key=value</c> and
/// flags (snake_case keys). Defaults are CleanRL's <c>dqn.py</c>; the YAML files hold the tuned values. The keys every
/// algorithm has are in <see cref="AgentConfig"/>.
/// </summary>
public sealed class DqnConfig : AgentConfig
{
    /// <inheritdoc/>
    public override string Algorithm => DqnAlgorithm.Name;

    /// <summary>Adam learning rate.</summary>
    [ConfigRange(0, 10, MinExclusive = true)]
    public double LearningRate { get; set; } = 2.5e-4;

    /// <summary>Adam epsilon.</summary>
    [ConfigRange(0, 1, MinExclusive = true)]
    public double AdamEps { get; set; } = 1e-8;

    /// <summary>Replay buffer capacity in transitions.</summary>
    [ConfigRange(1, 100_000_000)]
    public int BufferSize { get; set; } = 10_000;

    /// <summary>Discount factor.</summary>
    [ConfigRange(0, 1)]
    public double Gamma { get; set; } = 0.99;

    /// <summary>Target network update: 1 = hard copy, below 1 = Polyak averaging with this weight.</summary>
    [ConfigRange(0, 1, MinExclusive = true)]
    public double Tau { get; set; } = 1.0;

    /// <summary>Update the target network every this many environment steps.</summary>
    [ConfigRange(1, int.MaxValue)]
    public int TargetNetworkFrequency { get; set; } = 500;

    /// <summary>Transitions per gradient step.</summary>
    [ConfigRange(1, 1_000_000)]
    public int BatchSize { get; set; } = 128;

    /// <summary>Exploration epsilon at the start.</summary>
    [ConfigRange(0, 1)]
    public double StartE { get; set; } = 1.0;

    /// <summary>Exploration epsilon at the end of the schedule.</summary>
    [ConfigRange(0, 1)]
    public double EndE { get; set; } = 0.05;

    /// <summary>Share of the run over which epsilon goes from start_e to end_e.</summary>
    [ConfigRange(0, 1)]
    public double ExplorationFraction { get; set; } = 0.5;

    /// <summary>Environment steps of random play before learning starts.</summary>
    [ConfigRange(0, long.MaxValue)]
    public long LearningStarts { get; set; } = 10_000;

    /// <summary>Train every this many environment steps.</summary>
    [ConfigRange(1, int.MaxValue)]
    public int TrainFrequency { get; set; } = 10;

    /// <summary>Gradient steps each time it trains.</summary>
    [ConfigRange(1, 10_000)]
    public int GradientSteps { get; set; } = 1;

    /// <summary>Hidden layer sizes of the Q-network MLP (ReLU).</summary>
    [ConfigRange(1, 65_536)]
    public int[] Hidden { get; set; } = [120, 84];

    /// <summary>TD loss: mse or huber (smooth L1, as SB3).</summary>
    public TdLoss Loss { get; set; } = TdLoss.Mse;

    /// <summary>Double DQN: choose the next action with the online network, evaluate it with the target network.</summary>
    public bool DoubleQ { get; set; }

    /// <summary>Global gradient-norm clip (0 = off).</summary>
    [ConfigRange(0, 1e6)]
    public double MaxGradNorm { get; set; }

    /// <inheritdoc/>
    protected override void ValidateCombination()
    {
        if (BatchSize > BufferSize)
            throw new UsageException($"batch_size={BatchSize} is larger than buffer_size={BufferSize}; a minibatch is drawn from the replay buffer, so lower batch_size or raise buffer_size.");
        if (LearningStarts >= TotalTimesteps)
            throw new UsageException($"learning_starts={LearningStarts} is not below total_timesteps={TotalTimesteps}; the run would never learn, so lower learning_starts or raise total_timesteps.");
        if (EndE > StartE)
            throw new UsageException($"end_e={EndE} is above start_e={StartE}; exploration decays from start_e to end_e, so give end_e ≤ start_e.");
    }
}
