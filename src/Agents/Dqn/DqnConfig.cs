namespace RLArena.Agents.Dqn;

/// <summary>
/// Every DQN setting, bound from <c>configs/dqn/&lt;env&gt;.yaml</c>, <c>--config</c>, <c>--set key=value</c> and
/// flags (snake_case keys). Defaults are CleanRL's <c>dqn.py</c>; the YAML files hold the tuned values.
/// </summary>
public sealed class DqnConfig
{
    /// <summary>Environment id with options ("cartpole", "gridworld:size=5").</summary>
    public string Env { get; set; } = "cartpole";

    /// <summary>Seeds torch, the run's random generator and the environments (env i gets seed + i).</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Environment steps to train for, summed over all environment copies.</summary>
    public long TotalTimesteps { get; set; } = 500_000;

    /// <summary>Environment copies stepped together.</summary>
    public int NumEnvs { get; set; } = 1;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; set; } = 2.5e-4;

    /// <summary>Adam epsilon.</summary>
    public double AdamEps { get; set; } = 1e-8;

    /// <summary>Replay buffer capacity in transitions.</summary>
    public int BufferSize { get; set; } = 10_000;

    /// <summary>Discount factor.</summary>
    public double Gamma { get; set; } = 0.99;

    /// <summary>Target network update: 1 = hard copy, below 1 = Polyak averaging with this weight.</summary>
    public double Tau { get; set; } = 1.0;

    /// <summary>Update the target network every this many environment steps.</summary>
    public int TargetNetworkFrequency { get; set; } = 500;

    /// <summary>Transitions per gradient step.</summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>Exploration epsilon at the start.</summary>
    public double StartE { get; set; } = 1.0;

    /// <summary>Exploration epsilon at the end of the schedule.</summary>
    public double EndE { get; set; } = 0.05;

    /// <summary>Share of the run over which epsilon goes from start_e to end_e.</summary>
    public double ExplorationFraction { get; set; } = 0.5;

    /// <summary>Environment steps of random play before learning starts.</summary>
    public long LearningStarts { get; set; } = 10_000;

    /// <summary>Train every this many environment steps.</summary>
    public int TrainFrequency { get; set; } = 10;

    /// <summary>Gradient steps each time it trains.</summary>
    public int GradientSteps { get; set; } = 1;

    /// <summary>Hidden layer sizes of the Q-network MLP (ReLU).</summary>
    public int[] Hidden { get; set; } = [120, 84];

    /// <summary>TD loss: mse or huber (smooth L1, as SB3).</summary>
    public string Loss { get; set; } = "mse";

    /// <summary>Double DQN: choose the next action with the online network, evaluate it with the target network.</summary>
    public bool DoubleQ { get; set; }

    /// <summary>Global gradient-norm clip (0 = off).</summary>
    public double MaxGradNorm { get; set; }

    /// <summary>Save a checkpoint every this many environment steps (0 = only at the end and on Ctrl+C).</summary>
    public long CheckpointEvery { get; set; } = 100_000;

    /// <summary>Torch intra-op threads (0 = TorchSharp's default). Small nets run fastest on 1.</summary>
    public int TorchThreads { get; set; } = 1;
}
