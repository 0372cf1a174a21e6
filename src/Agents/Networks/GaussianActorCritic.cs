using RLArena.Agents.Continuous;
using RLArena.Engine.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RLArena.Agents.Networks;

/// <summary>
/// PPO's actor-critic for Box actions (vector observations): an actor MLP whose last hidden layer feeds a linear
/// mean head, a critic MLP, and a learned log-std (CleanRL's <c>ppo_continuous_action.py</c>, orthogonal init).
/// Without gSDE the log-std is state-independent, one per action dimension ([1, A], starting at log_std_init).
/// With gSDE (SB3's generalised State-Dependent Exploration, full_std) it is a [latent, A] matrix: the action noise is
/// latent · E with E ~ N(0, exp(log_std)²) resampled every sde_sample_freq steps, so the Gaussian's variance is
/// (latent²) · exp(log_std)² per action dimension (latent = the last hidden layer's output, detached as in SB3's PPO, learn_features=False); the math is
/// <see cref="StateDependentNoise"/>'s, which SAC shares.
/// </summary>
public sealed class GaussianActorCritic : Module
{
    private readonly Sequential actor_trunk;
    private readonly Linear actor_mean;
    private readonly Sequential critic;
    private readonly Parameter actor_logstd;

    /// <param name="observationSize">Observation length.</param>
    /// <param name="actionSize">Action vector length.</param>
    /// <param name="hidden">Hidden layer sizes of the actor and the critic.</param>
    /// <param name="activation">The MLPs' activation.</param>
    /// <param name="stateDependentExploration">Use gSDE instead of a state-independent log-std.</param>
    /// <param name="logStdInit">The log-std's start value.</param>
    public GaussianActorCritic(int observationSize, int actionSize, int[] hidden, Activation activation,
        bool stateDependentExploration, double logStdInit) : base(nameof(GaussianActorCritic))
    {
        var trunkSpec = new MlpSpec(observationSize, hidden[..^1], hidden[^1], activation);
        actor_trunk = Sequential(("mlp", Mlp.Build(trunkSpec, new OrthogonalInit(OrthogonalInit.Sqrt2, OrthogonalInit.Sqrt2))),
            ("act", ActivationNames.Create(activation)));
        actor_mean = Linear(hidden[^1], actionSize);
        using (torch.no_grad())
        {
            init.orthogonal_(actor_mean.weight!, 0.01);
            init.constant_(actor_mean.bias!, 0.0);
        }
        var criticSpec = new MlpSpec(observationSize, hidden, 1, activation);
        critic = Mlp.Build(criticSpec, new OrthogonalInit(OrthogonalInit.Sqrt2, 1.0));
        StateDependentExploration = stateDependentExploration;
        LatentSize = hidden[^1];
        ActionSize = actionSize;
        var rows = stateDependentExploration ? LatentSize : 1;
        actor_logstd = Parameter(torch.full(rows, actionSize, logStdInit, torch.float32));
        Architecture = $"gaussian actor MLP {observationSize}-{string.Join("-", hidden)}-{actionSize} ({activation.Name()}), " +
                       $"log-std {(stateDependentExploration ? $"gSDE {rows}x{actionSize}" : $"1x{actionSize}")}; critic {criticSpec}";
        RegisterComponents();
    }

    /// <summary>Human-readable shape, stored in checkpoints and compared on load.</summary>
    public string Architecture { get; }

    /// <summary>True with gSDE.</summary>
    public bool StateDependentExploration { get; }

    /// <summary>Size of the actor's last hidden layer (gSDE's latent features).</summary>
    public int LatentSize { get; }

    /// <summary>Action vector length.</summary>
    public int ActionSize { get; }

    /// <summary>The learned log-std: [1, A], or [latent, A] with gSDE.</summary>
    public Parameter LogStd => actor_logstd;

    /// <summary>The actor's hidden layers, observations to latent features (for exporters).</summary>
    public Sequential ActorTrunk => actor_trunk;

    /// <summary>The actor's linear mean head, latent features to action means (for exporters).</summary>
    public Linear MeanHead => actor_mean;

    /// <summary>The critic MLP, observations to [B, 1] values (for exporters).</summary>
    public Sequential Critic => critic;

    /// <summary>The Gaussian's means [B, A] and the actor's latent features [B, latent].</summary>
    /// <param name="observations">Observations [B, obs].</param>
    public (Tensor Mean, Tensor Latent) Actor(Tensor observations)
    {
        var latent = actor_trunk.forward(observations);
        return (actor_mean.forward(latent), latent);
    }

    /// <summary>State values [B].</summary>
    /// <param name="observations">Observations [B, obs].</param>
    public Tensor Values(Tensor observations) => critic.forward(observations).squeeze(-1);

    /// <summary>
    /// The per-element log-std of the action distribution [B, A]: the parameter broadcast, or with gSDE
    /// ½·log((latent²)·exp(log_std)² + ε).
    /// </summary>
    /// <param name="mean">The means [B, A] (for the shape).</param>
    /// <param name="latent">The latent features [B, latent].</param>
    public Tensor DistributionLogStd(Tensor mean, Tensor latent)
    {
        return StateDependentExploration ? StateDependentNoise.LogStd(latent, actor_logstd, learnFeatures: false) : actor_logstd.expand_as(mean);
    }

    /// <summary>log π(actions | observations) [B] and the entropy [B] of the current policy.</summary>
    /// <param name="mean">The means [B, A].</param>
    /// <param name="latent">The latent features [B, latent].</param>
    /// <param name="actions">The actions as sampled (unclipped) [B, A].</param>
    public (Tensor LogProb, Tensor Entropy) Evaluate(Tensor mean, Tensor latent, Tensor actions)
    {
        var logStd = DistributionLogStd(mean, latent);
        return (DiagonalGaussian.LogProb(mean, logStd, actions), DiagonalGaussian.Entropy(logStd));
    }
}
