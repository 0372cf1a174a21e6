namespace RLArena.Agents.Ppo;

/// <summary>
/// Every PPO setting, bound from <c>configs/ppo/&lt;env&gt;.yaml</c>, <c>--config</c>, <c>--set key=value</c> and
/// flags (snake_case keys: <c>learning_rate</c>). Defaults are CleanRL's <c>ppo.py</c>; the YAML files hold the tuned
/// values per environment.
/// </summary>
public sealed class PpoConfig
{
    /// <summary>Environment id with options ("cartpole", "gridworld:size=5,obs=visual").</summary>
    public string Env { get; set; } = "cartpole";

    /// <summary>Seeds torch, the run's random generator and the environments (env i gets seed + i).</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Environment steps to train for, summed over all environment copies.</summary>
    public long TotalTimesteps { get; set; } = 500_000;

    /// <summary>Environment copies stepped together.</summary>
    public int NumEnvs { get; set; } = 4;

    /// <summary>Steps per environment in each rollout (rollout size = num_envs × num_steps).</summary>
    public int NumSteps { get; set; } = 128;

    /// <summary>Adam learning rate at the start.</summary>
    public double LearningRate { get; set; } = 2.5e-4;

    /// <summary>Anneal the learning rate linearly to 0 over the run.</summary>
    public bool AnnealLr { get; set; } = true;

    /// <summary>Adam epsilon (CleanRL and SB3 use 1e-5 for PPO).</summary>
    public double AdamEps { get; set; } = 1e-5;

    /// <summary>Discount factor.</summary>
    public double Gamma { get; set; } = 0.99;

    /// <summary>GAE lambda.</summary>
    public double GaeLambda { get; set; } = 0.95;

    /// <summary>Minibatches per epoch (minibatch size = rollout size / num_minibatches).</summary>
    public int NumMinibatches { get; set; } = 4;

    /// <summary>Passes over each rollout.</summary>
    public int UpdateEpochs { get; set; } = 4;

    /// <summary>Normalise advantages per minibatch.</summary>
    public bool NormAdv { get; set; } = true;

    /// <summary>Surrogate clipping coefficient epsilon.</summary>
    public double ClipCoef { get; set; } = 0.2;

    /// <summary>Anneal the clip coefficient linearly to 0 with the learning rate (SB3 Zoo's lin_0.2).</summary>
    public bool AnnealClip { get; set; }

    /// <summary>Use the clipped value loss (with the same coefficient as the surrogate).</summary>
    public bool ClipVloss { get; set; } = true;

    /// <summary>Entropy bonus coefficient.</summary>
    public double EntCoef { get; set; } = 0.01;

    /// <summary>Value loss coefficient.</summary>
    public double VfCoef { get; set; } = 0.5;

    /// <summary>Global gradient-norm clip (0 = off).</summary>
    public double MaxGradNorm { get; set; } = 0.5;

    /// <summary>Stop an update's epochs early when approx-KL exceeds this (0 = off).</summary>
    public double TargetKl { get; set; }

    /// <summary>Hidden layer sizes of the actor and critic MLPs (vector observations).</summary>
    public int[] Hidden { get; set; } = [64, 64];

    /// <summary>Activation of the MLPs: tanh or relu.</summary>
    public string Activation { get; set; } = "tanh";

    /// <summary>Save a checkpoint every this many environment steps (0 = only at the end and on Ctrl+C).</summary>
    public long CheckpointEvery { get; set; } = 100_000;

    /// <summary>Torch intra-op threads (0 = TorchSharp's default). Small nets run fastest on 1.</summary>
    public int TorchThreads { get; set; } = 1;

    public int BatchSize => NumEnvs * NumSteps;

    public int MinibatchSize => Math.Max(1, BatchSize / Math.Max(1, NumMinibatches));
}
