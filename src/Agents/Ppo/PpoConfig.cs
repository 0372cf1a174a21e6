using RLArena.Agents.Training;
using RLArena.Core.Errors;
using RLArena.Engine.Config;
using RLArena.Engine.Networks;

namespace RLArena.Agents.Ppo;

/// <summary>
/// Every PPO setting, bound from <c>configs/ppo/&lt;env&gt;.yaml</c>, <c>--config</c>, <c>--set key=value</c> and
/// flags (snake_case keys: <c>learning_rate</c>). Defaults are CleanRL's <c>ppo.py</c>; the YAML files hold the tuned
/// values per environment. The keys every algorithm has are in <see cref="AgentConfig"/>.
/// </summary>
public sealed class PpoConfig : AgentConfig
{
    /// <summary>Environment copies stepped together (CleanRL's default 4).</summary>
    public PpoConfig() => NumEnvs = 4;

    /// <inheritdoc/>
    public override string Algorithm => PpoAlgorithm.Name;

    /// <summary>Steps per environment in each rollout (rollout size = num_envs × num_steps).</summary>
    [ConfigRange(1, 1_000_000)]
    public int NumSteps { get; set; } = 128;

    /// <summary>Adam learning rate at the start.</summary>
    [ConfigRange(0, 10, MinExclusive = true)]
    public double LearningRate { get; set; } = 2.5e-4;

    /// <summary>Anneal the learning rate linearly to 0 over the run.</summary>
    public bool AnnealLr { get; set; } = true;

    /// <summary>Adam epsilon (CleanRL and SB3 use 1e-5 for PPO).</summary>
    [ConfigRange(0, 1, MinExclusive = true)]
    public double AdamEps { get; set; } = 1e-5;

    /// <summary>Discount factor.</summary>
    [ConfigRange(0, 1)]
    public double Gamma { get; set; } = 0.99;

    /// <summary>GAE lambda.</summary>
    [ConfigRange(0, 1)]
    public double GaeLambda { get; set; } = 0.95;

    /// <summary>Minibatches per epoch (minibatch size = rollout size / num_minibatches; at most the rollout size).</summary>
    [ConfigRange(1, 1_000_000)]
    public int NumMinibatches { get; set; } = 4;

    /// <summary>Passes over each rollout.</summary>
    [ConfigRange(1, 10_000)]
    public int UpdateEpochs { get; set; } = 4;

    /// <summary>Normalise advantages per minibatch.</summary>
    public bool NormAdv { get; set; } = true;

    /// <summary>Surrogate clipping coefficient epsilon.</summary>
    [ConfigRange(0, 10, MinExclusive = true)]
    public double ClipCoef { get; set; } = 0.2;

    /// <summary>Anneal the clip coefficient linearly to 0 with the learning rate (SB3 Zoo's lin_0.2).</summary>
    public bool AnnealClip { get; set; }

    /// <summary>Use the clipped value loss (with the same coefficient as the surrogate).</summary>
    public bool ClipVloss { get; set; } = true;

    /// <summary>Entropy bonus coefficient.</summary>
    [ConfigRange(0, 100)]
    public double EntCoef { get; set; } = 0.01;

    /// <summary>Value loss coefficient.</summary>
    [ConfigRange(0, 100)]
    public double VfCoef { get; set; } = 0.5;

    /// <summary>Global gradient-norm clip (0 = off).</summary>
    [ConfigRange(0, 1e6)]
    public double MaxGradNorm { get; set; } = 0.5;

    /// <summary>Stop an update's epochs early when approx-KL exceeds this (0 = off).</summary>
    [ConfigRange(0, 1e6)]
    public double TargetKl { get; set; }

    /// <summary>Hidden layer sizes of the actor and critic MLPs (vector observations).</summary>
    [ConfigRange(1, 65_536)]
    public int[] Hidden { get; set; } = [64, 64];

    /// <summary>Activation of the MLPs: tanh or relu.</summary>
    public Activation Activation { get; set; } = Activation.Tanh;

    /// <summary>
    /// Box actions only: generalised State-Dependent Exploration (SB3's use_sde), noise that depends on the state
    /// through the actor's last hidden layer and is held for sde_sample_freq steps.
    /// </summary>
    public bool UseSde { get; set; }

    /// <summary>With use_sde: draw a new exploration matrix every this many steps (−1 = once per rollout, as SB3).</summary>
    [ConfigRange(-1, 1_000_000)]
    public int SdeSampleFreq { get; set; } = -1;

    /// <summary>Box actions only: the start value of the learned log-std (CleanRL and SB3: 0).</summary>
    [ConfigRange(-20, 20)]
    public double LogStdInit { get; set; }

    /// <summary>Transitions per rollout: num_envs × num_steps.</summary>
    public int BatchSize => NumEnvs * NumSteps;

    /// <summary>Transitions per minibatch: rollout size / num_minibatches (at least 1).</summary>
    public int MinibatchSize => Math.Max(1, BatchSize / Math.Max(1, NumMinibatches));

    /// <summary>Whole rollouts only (CleanRL's num_iterations = total_timesteps / rollout size, rounded down).</summary>
    public override long PlannedSteps => Math.Max(1, TotalTimesteps / BatchSize) * BatchSize;

    /// <inheritdoc/>
    protected override string StepUnitDescription => $"the rollout size {BatchSize} (num_envs × num_steps; PPO trains whole rollouts)";

    /// <inheritdoc/>
    protected override void ValidateCombination()
    {
        if ((long)NumEnvs * NumSteps > int.MaxValue)
            throw new UsageException($"num_envs × num_steps = {(long)NumEnvs * NumSteps} is too large a rollout; lower num_steps.");
        if (BatchSize > TotalTimesteps)
            throw new UsageException(
                $"num_envs × num_steps = {NumEnvs} × {NumSteps} = {BatchSize} is a larger rollout than total_timesteps={TotalTimesteps}; lower num_steps or num_envs, or raise total_timesteps to at least {BatchSize}.");
        if (SdeSampleFreq == 0)
            throw new UsageException("sde_sample_freq=0 is out of range; give a positive number of steps, or -1 to draw the exploration noise once per rollout.");
        if (NumMinibatches > BatchSize)
            throw new UsageException($"num_minibatches={NumMinibatches} is out of range; expected at most the rollout size {BatchSize} (num_envs × num_steps).");
    }
}
