using RLArena.Agents.Continuous;
using RLArena.Engine.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RLArena.Agents.Sac;

/// <summary>
/// SAC's actor: a ReLU MLP trunk giving latent features, a linear head for the Gaussian's mean, and its log-std.
/// Without gSDE (CleanRL's <c>Actor</c>) the log-std comes from a second linear head squashed into
/// [log_std_min, log_std_max]. With gSDE (SB3's <c>Actor</c> with use_sde) the mean is clipped to
/// [−<see cref="ClipMean"/>, <see cref="ClipMean"/>] (Hardtanh) and the per-state log-std is
/// <see cref="StateDependentNoise.LogStd"/> of the latent features and a learned [latent, A] log-std that starts at
/// log_std_init; as in SB3's SAC actor (learn_features=True) the gradients of the variance and of the noise reach the
/// latent features. PyTorch's default initialisation. Input [B, obs].
/// </summary>
public sealed class SacActor : Module<Tensor, (Tensor Mean, Tensor Latent)>
{
    /// <summary>SB3's clip_mean: with gSDE the mean lies in [−2, 2] before tanh, so actions do not saturate.</summary>
    public const double ClipMean = 2.0;

    private readonly Sequential trunk;
    private readonly Linear fc_mean;
    private readonly Linear? fc_logstd;
    private readonly Parameter? log_std;
    private readonly double _logStdMin;
    private readonly double _logStdMax;

    /// <param name="observationSize">Observation length.</param>
    /// <param name="actionSize">Action vector length.</param>
    /// <param name="hidden">Hidden layer sizes (at least one).</param>
    /// <param name="exploration">How the actor's Gaussian gets its spread.</param>
    public SacActor(int observationSize, int actionSize, int[] hidden, SacExploration exploration) : base(nameof(SacActor))
    {
        var spec = new MlpSpec(observationSize, hidden[..^1], hidden[^1], Activation.ReLU);
        trunk = Sequential(("mlp", Mlp.Build(spec)), ("relu", ReLU()));
        fc_mean = Linear(hidden[^1], actionSize);
        StateDependentExploration = exploration.UseSde;
        LatentSize = hidden[^1];
        (_logStdMin, _logStdMax) = (exploration.LogStdMin, exploration.LogStdMax);
        if (exploration.UseSde) log_std = Parameter(torch.full(LatentSize, actionSize, exploration.LogStdInit, torch.float32));
        else fc_logstd = Linear(hidden[^1], actionSize);
        Description = $"actor MLP {observationSize}-{string.Join("-", hidden)}-{actionSize}x2 (relu)" +
                      (exploration.UseSde ? $", gSDE log-std {LatentSize}x{actionSize}, mean clipped to ±{ClipMean}" : "");
        RegisterComponents();
    }

    /// <summary>Shape text for the checkpoint's architecture.</summary>
    public string Description { get; }

    /// <summary>True with gSDE.</summary>
    public bool StateDependentExploration { get; }

    /// <summary>Length of the latent features (the trunk's output).</summary>
    public int LatentSize { get; }

    /// <summary>The hidden layers, observations to features (for exporters).</summary>
    public Sequential Trunk => trunk;

    /// <summary>The linear head giving the Gaussian's means (for exporters).</summary>
    public Linear MeanHead => fc_mean;

    /// <summary>Without gSDE: the linear head giving the raw (unbounded) log-stds (for exporters); else null.</summary>
    public Linear? LogStdHead => fc_logstd;

    /// <summary>With gSDE: the learned [latent, A] log-std; else null.</summary>
    public Parameter? SdeLogStd => log_std;

    /// <summary>The Gaussian's means [B, A] (clipped with gSDE) and the latent features [B, latent].</summary>
    /// <param name="observations">Observations [B, obs].</param>
    public override (Tensor Mean, Tensor Latent) forward(Tensor observations)
    {
        var latent = trunk.forward(observations);
        var mean = fc_mean.forward(latent);
        return (log_std is null ? mean : mean.clamp(-ClipMean, ClipMean), latent);
    }

    /// <summary>The Gaussian's log-stds [B, A] for these latent features.</summary>
    /// <param name="latent">The latent features [B, latent].</param>
    public Tensor LogStd(Tensor latent) => log_std is null
        ? SquashedGaussian.BoundLogStd(fc_logstd!.forward(latent), _logStdMin, _logStdMax)
        : StateDependentNoise.LogStd(latent, log_std, learnFeatures: LearnsFeatures);

    /// <summary>
    /// SB3's learn_features for SAC's gSDE actor: the latent features get the gradients of gSDE's variance and noise
    /// (PPO's actor-critic detaches them).
    /// </summary>
    public const bool LearnsFeatures = true;
}

/// <summary>How SAC's actor explores: its log-std bounds, or gSDE with its start value.</summary>
/// <param name="LogStdMin">Smallest log-std (without gSDE).</param>
/// <param name="LogStdMax">Largest log-std (without gSDE).</param>
/// <param name="UseSde">Generalised State-Dependent Exploration.</param>
/// <param name="LogStdInit">With gSDE: the learned log-std's start value.</param>
public readonly record struct SacExploration(double LogStdMin, double LogStdMax, bool UseSde, double LogStdInit)
{
    /// <summary>The actor's exploration as a config gives it.</summary>
    /// <param name="config">The SAC settings.</param>
    public static SacExploration Of(SacConfig config) => new(config.LogStdMin, config.LogStdMax, config.UseSde, config.LogStdInit);
}

/// <summary>A soft Q-network (CleanRL's <c>SoftQNetwork</c>): a ReLU MLP on [observation, action], output [B].</summary>
public sealed class SoftQNetwork : Module<Tensor, Tensor, Tensor>
{
    private readonly Sequential mlp;

    /// <param name="observationSize">Observation length.</param>
    /// <param name="actionSize">Action vector length.</param>
    /// <param name="hidden">Hidden layer sizes.</param>
    public SoftQNetwork(int observationSize, int actionSize, int[] hidden) : base(nameof(SoftQNetwork))
    {
        var spec = new MlpSpec(observationSize + actionSize, hidden, 1, Activation.ReLU);
        mlp = Mlp.Build(spec);
        Description = $"critic {spec}";
        RegisterComponents();
    }

    /// <summary>Shape text for the checkpoint's architecture.</summary>
    public string Description { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor observations, Tensor actions) =>
        mlp.forward(torch.cat([observations, actions], 1)).squeeze(-1);
}

/// <summary>
/// Everything SAC learns, as one module so one checkpoint model section holds it: the actor, the twin critics and
/// their targets (which start as copies), and log α.
/// </summary>
public sealed class SacNetworks : Module
{
    private readonly SacActor actor;
    private readonly SoftQNetwork qf1;
    private readonly SoftQNetwork qf2;
    private readonly SoftQNetwork qf1_target;
    private readonly SoftQNetwork qf2_target;
    private readonly Parameter log_alpha;

    /// <param name="observationSize">Observation length.</param>
    /// <param name="actionSize">Action vector length.</param>
    /// <param name="hidden">Hidden layer sizes of the actor and the critics.</param>
    /// <param name="alphaInit">The entropy coefficient's start value (log α starts at its logarithm).</param>
    /// <param name="exploration">How the actor's Gaussian gets its spread.</param>
    public SacNetworks(int observationSize, int actionSize, int[] hidden, double alphaInit, SacExploration exploration) : base(nameof(SacNetworks))
    {
        actor = new SacActor(observationSize, actionSize, hidden, exploration);
        qf1 = new SoftQNetwork(observationSize, actionSize, hidden);
        qf2 = new SoftQNetwork(observationSize, actionSize, hidden);
        qf1_target = new SoftQNetwork(observationSize, actionSize, hidden);
        qf2_target = new SoftQNetwork(observationSize, actionSize, hidden);
        log_alpha = Parameter(torch.full(1, Math.Log(alphaInit), torch.float32));
        using (torch.no_grad())
        {
            CopyParameters(qf1, qf1_target, 1.0);
            CopyParameters(qf2, qf2_target, 1.0);
        }
        Architecture = $"sac {actor.Description}; twin {qf1.Description}";
        RegisterComponents();
    }

    /// <summary>Human-readable shape, stored in checkpoints and compared on load.</summary>
    public string Architecture { get; }

    /// <summary>The policy network.</summary>
    public SacActor Actor => actor;

    /// <summary>The first critic.</summary>
    public SoftQNetwork Q1 => qf1;

    /// <summary>The second critic.</summary>
    public SoftQNetwork Q2 => qf2;

    /// <summary>The first critic's target.</summary>
    public SoftQNetwork Q1Target => qf1_target;

    /// <summary>The second critic's target.</summary>
    public SoftQNetwork Q2Target => qf2_target;

    /// <summary>log α, learned when autotune is on.</summary>
    public Parameter LogAlpha => log_alpha;

    /// <summary>The parameters both critics' optimizer updates.</summary>
    public IEnumerable<Parameter> CriticParameters => qf1.parameters().Concat(qf2.parameters());

    /// <summary>Polyak update of both targets: target ← τ·online + (1 − τ)·target (τ = 1 copies).</summary>
    /// <param name="tau">The online network's weight.</param>
    public void UpdateTargets(double tau)
    {
        using var noGrad = torch.no_grad();
        CopyParameters(qf1, qf1_target, tau);
        CopyParameters(qf2, qf2_target, tau);
    }

    private static void CopyParameters(Module source, Module target, double tau)
    {
        var from = source.parameters().ToList();
        var to = target.parameters().ToList();
        for (var i = 0; i < from.Count; i++)
        {
            if (tau >= 1.0) to[i].copy_(from[i]);
            else to[i].mul_(1.0 - tau).add_(from[i], alpha: tau);
        }
    }
}
