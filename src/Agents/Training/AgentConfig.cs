using RLArena.Engine.Config;

namespace RLArena.Agents.Training;

/// <summary>
/// The settings every algorithm has (snake_case keys in config files: <c>env</c>, <c>seed</c>,
/// <c>total_timesteps</c>, <c>num_envs</c>, <c>checkpoint_every</c>, <c>torch_threads</c>). Each algorithm's config
/// derives from it and adds its own; every numeric setting declares its valid range with
/// <see cref="ConfigRangeAttribute"/>, checked by <see cref="Validate"/>.
/// </summary>
public abstract class AgentConfig
{
    /// <summary>The registry name of the algorithm these settings are for ("ppo", "dqn").</summary>
    public abstract string Algorithm { get; }

    /// <summary>Environment id with options ("cartpole", "gridworld:size=5,obs=visual").</summary>
    public string Env { get; set; } = "cartpole";

    /// <summary>Seeds torch, the run's random generator and the environments (env i gets seed + i).</summary>
    [ConfigRange(0, int.MaxValue)]
    public int Seed { get; set; } = 1;

    /// <summary>Environment steps to train for, summed over all environment copies.</summary>
    [ConfigRange(1, long.MaxValue)]
    public long TotalTimesteps { get; set; } = 500_000;

    /// <summary>Environment copies stepped together.</summary>
    [ConfigRange(1, 4096)]
    public int NumEnvs { get; set; } = 1;

    /// <summary>Save a checkpoint every this many environment steps (0 = only at the end and on Ctrl+C).</summary>
    [ConfigRange(0, long.MaxValue)]
    public long CheckpointEvery { get; set; } = 100_000;

    /// <summary>Torch intra-op threads (0 = TorchSharp's default). Small nets run fastest on 1.</summary>
    [ConfigRange(0, 1024)]
    public int TorchThreads { get; set; } = 1;

    /// <summary>
    /// Evaluate the deterministic policy every this many environment steps on a separate environment copy and keep
    /// the best model as best.ckpt beside checkpoint.ckpt (SB3's EvalCallback); 0 = off.
    /// </summary>
    [ConfigRange(0, long.MaxValue)]
    public long EvalEvery { get; set; }

    /// <summary>Episodes each periodic evaluation plays (always the same seeded episodes).</summary>
    [ConfigRange(1, 100_000)]
    public int EvalEpisodes { get; set; } = 10;

    /// <summary>
    /// Normalise observations with a running mean and variance (Gymnasium's NormalizeObservation); the statistics are
    /// saved in checkpoints, frozen at evaluation and restored on resume.
    /// </summary>
    public bool NormalizeObservation { get; set; }

    /// <summary>Scale rewards by the running standard deviation of the discounted return (Gymnasium's NormalizeReward, γ 0.99).</summary>
    public bool NormalizeReward { get; set; }

    /// <summary>
    /// Checks every declared range (one line naming the key, the value and the range), then the rules that tie
    /// settings together (<see cref="ValidateCombination"/>). Throws <see cref="Core.Errors.UsageException"/>.
    /// </summary>
    public void Validate()
    {
        ConfigBinder.Validate(this);
        if (Seed > int.MaxValue - (NumEnvs - 1))
            throw new Core.Errors.UsageException(
                $"seed={Seed} is out of range with num_envs={NumEnvs}; environment copy i is seeded seed + i, so the seed must be at most {int.MaxValue - (NumEnvs - 1)}.");
        ValidateCombination();
    }

    /// <summary>Rules between settings that a single range cannot say (PPO: minibatches ≤ rollout size).</summary>
    protected virtual void ValidateCombination() { }

    /// <summary>
    /// The environment steps a run with these settings really takes: <see cref="TotalTimesteps"/> rounded to what the
    /// algorithm steps in (whole PPO rollouts, whole vector steps of <see cref="NumEnvs"/> copies).
    /// </summary>
    public virtual long PlannedSteps => (TotalTimesteps + NumEnvs - 1) / NumEnvs * NumEnvs;

    /// <summary>
    /// One sentence saying why <see cref="PlannedSteps"/> differs from <see cref="TotalTimesteps"/>, or null when
    /// they agree: a run must never train a different number of steps without saying so.
    /// </summary>
    public string? PlannedStepsNote() => PlannedSteps == TotalTimesteps ? null
        : $"total_timesteps={TotalTimesteps:N0} is not a multiple of {StepUnitDescription}, so {PlannedSteps:N0} steps will be trained.";

    /// <summary>What the run steps in, for <see cref="PlannedStepsNote"/> ("the rollout size 512 (num_envs × num_steps)").</summary>
    protected virtual string StepUnitDescription => $"num_envs={NumEnvs} (every vector step takes one step in each copy)";
}
