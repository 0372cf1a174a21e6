using RLArena.Engine.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RLArena.Agents.Sac;

/// <summary>
/// SAC's actor (CleanRL's <c>Actor</c>): a ReLU MLP trunk, then two linear heads for the Gaussian's mean and raw
/// log-std. PyTorch's default initialisation. Input [B, obs], output ([B, A], [B, A]).
/// </summary>
public sealed class SacActor : Module<Tensor, (Tensor Mean, Tensor RawLogStd)>
{
    private readonly Sequential trunk;
    private readonly Linear fc_mean;
    private readonly Linear fc_logstd;

    /// <param name="observationSize">Observation length.</param>
    /// <param name="actionSize">Action vector length.</param>
    /// <param name="hidden">Hidden layer sizes (at least one).</param>
    public SacActor(int observationSize, int actionSize, int[] hidden) : base(nameof(SacActor))
    {
        var spec = new MlpSpec(observationSize, hidden[..^1], hidden[^1], Activation.ReLU);
        trunk = Sequential(("mlp", Mlp.Build(spec)), ("relu", ReLU()));
        fc_mean = Linear(hidden[^1], actionSize);
        fc_logstd = Linear(hidden[^1], actionSize);
        Description = $"actor MLP {observationSize}-{string.Join("-", hidden)}-{actionSize}x2 (relu)";
        RegisterComponents();
    }

    /// <summary>Shape text for the checkpoint's architecture.</summary>
    public string Description { get; }

    /// <summary>The hidden layers, observations to features (for exporters).</summary>
    public Sequential Trunk => trunk;

    /// <summary>The linear head giving the Gaussian's means (for exporters).</summary>
    public Linear MeanHead => fc_mean;

    /// <summary>The linear head giving the raw (unbounded) log-stds (for exporters).</summary>
    public Linear LogStdHead => fc_logstd;

    /// <inheritdoc/>
    public override (Tensor Mean, Tensor RawLogStd) forward(Tensor observations)
    {
        var features = trunk.forward(observations);
        return (fc_mean.forward(features), fc_logstd.forward(features));
    }
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
    public SacNetworks(int observationSize, int actionSize, int[] hidden, double alphaInit) : base(nameof(SacNetworks))
    {
        actor = new SacActor(observationSize, actionSize, hidden);
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
