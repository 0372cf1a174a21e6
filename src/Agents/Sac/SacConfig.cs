using RLArena.Agents.Training;
using RLArena.Core.Errors;
using RLArena.Engine.Config;

namespace RLArena.Agents.Sac;

/// <summary>
/// Every SAC setting, bound from <c>configs/sac/&lt;env&gt;.yaml</c>, <c>--config</c>, <c>--set key=value</c> and
/// flags (snake_case keys). Defaults are CleanRL's <c>sac_continuous_action.py</c>; the YAML files hold the RL Zoo's
/// tuned values. The keys every algorithm has are in <see cref="AgentConfig"/>.
/// </summary>
public sealed class SacConfig : AgentConfig
{
    /// <summary>SAC's defaults: CleanRL's, with its 1,000,000-step budget.</summary>
    public SacConfig() => TotalTimesteps = 1_000_000;

    /// <inheritdoc/>
    public override string Algorithm => SacAlgorithm.Name;

    /// <summary>Replay buffer capacity in transitions.</summary>
    [ConfigRange(1, 100_000_000)]
    public int BufferSize { get; set; } = 1_000_000;

    /// <summary>Discount factor.</summary>
    [ConfigRange(0, 1)]
    public double Gamma { get; set; } = 0.99;

    /// <summary>Polyak weight of the target critics' soft update: target ← τ·online + (1 − τ)·target.</summary>
    [ConfigRange(0, 1, MinExclusive = true)]
    public double Tau { get; set; } = 0.005;

    /// <summary>Transitions per gradient step.</summary>
    [ConfigRange(1, 1_000_000)]
    public int BatchSize { get; set; } = 256;

    /// <summary>Environment steps of uniformly random actions before learning starts.</summary>
    [ConfigRange(0, long.MaxValue)]
    public long LearningStarts { get; set; } = 5_000;

    /// <summary>Adam learning rate of the actor.</summary>
    [ConfigRange(0, 10, MinExclusive = true)]
    public double PolicyLr { get; set; } = 3e-4;

    /// <summary>Adam learning rate of the twin critics.</summary>
    [ConfigRange(0, 10, MinExclusive = true)]
    public double QLr { get; set; } = 1e-3;

    /// <summary>Adam learning rate of the entropy coefficient (CleanRL uses q_lr).</summary>
    [ConfigRange(0, 10, MinExclusive = true)]
    public double AlphaLr { get; set; } = 1e-3;

    /// <summary>
    /// Delayed actor updates (TD3-style, as CleanRL): every this many gradient steps, the actor (and α) take this
    /// many steps at once. 1 = every gradient step (SB3).
    /// </summary>
    [ConfigRange(1, 1_000)]
    public int PolicyFrequency { get; set; } = 2;

    /// <summary>Soft-update the target critics every this many gradient steps.</summary>
    [ConfigRange(1, 1_000_000)]
    public int TargetNetworkFrequency { get; set; } = 1;

    /// <summary>Train every this many environment steps (SB3's train_freq).</summary>
    [ConfigRange(1, 1_000_000)]
    public int TrainFrequency { get; set; } = 1;

    /// <summary>Gradient steps each time it trains (SB3's gradient_steps).</summary>
    [ConfigRange(1, 10_000)]
    public int GradientSteps { get; set; } = 1;

    /// <summary>Tune the entropy coefficient α automatically towards target entropy −dim(A).</summary>
    public bool Autotune { get; set; } = true;

    /// <summary>The fixed entropy coefficient when autotune is off.</summary>
    [ConfigRange(0, 1e6)]
    public double Alpha { get; set; } = 0.2;

    /// <summary>α at the start when autotune is on (CleanRL: 1, as log α starts at 0; SB3's "auto_1.0").</summary>
    [ConfigRange(0, 1e6, MinExclusive = true)]
    public double AlphaInit { get; set; } = 1.0;

    /// <summary>Hidden layer sizes of the actor and each critic (ReLU).</summary>
    [ConfigRange(1, 65_536)]
    public int[] Hidden { get; set; } = [256, 256];

    /// <summary>Smallest log-std of the actor's Gaussian (CleanRL −5).</summary>
    [ConfigRange(-100, 100)]
    public double LogStdMin { get; set; } = -5;

    /// <summary>Largest log-std of the actor's Gaussian (CleanRL 2).</summary>
    [ConfigRange(-100, 100)]
    public double LogStdMax { get; set; } = 2;

    /// <summary>
    /// Generalised State-Dependent Exploration (SB3's use_sde for SAC): the actor's noise is latent · E with the
    /// exploration matrix E held for sde_sample_freq steps, its log-std a learned [latent, A] matrix, and the mean
    /// clipped to ±2 before tanh; log_std_min and log_std_max are then unused.
    /// </summary>
    public bool UseSde { get; set; }

    /// <summary>
    /// With use_sde: draw a new exploration matrix every this many environment steps; −1 = only at the start of each
    /// collection of train_frequency steps (SB3). The gradient steps draw their own.
    /// </summary>
    [ConfigRange(-1, 1_000_000)]
    public int SdeSampleFreq { get; set; } = -1;

    /// <summary>With use_sde: the start value of the learned log-std (SB3's SAC: −3).</summary>
    [ConfigRange(-20, 20)]
    public double LogStdInit { get; set; } = -3;

    /// <inheritdoc/>
    protected override void ValidateCombination()
    {
        if (SdeSampleFreq == 0)
            throw new UsageException("sde_sample_freq=0 is out of range; give a positive number of steps, or -1 to draw the exploration noise once per collection.");
        if (BatchSize > BufferSize)
            throw new UsageException($"batch_size={BatchSize} is larger than buffer_size={BufferSize}; a minibatch is drawn from the replay buffer, so lower batch_size or raise buffer_size.");
        if (LearningStarts >= TotalTimesteps)
            throw new UsageException($"learning_starts={LearningStarts} is not below total_timesteps={TotalTimesteps}; the run would never learn, so lower learning_starts or raise total_timesteps.");
        if (LogStdMin >= LogStdMax)
            throw new UsageException($"log_std_min={LogStdMin} is not below log_std_max={LogStdMax}; give log_std_min < log_std_max.");
    }
}
