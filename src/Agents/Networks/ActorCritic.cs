using RLArena.Engine.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RLArena.Agents.Networks;

/// <summary>
/// PPO's policy and value networks. For vector observations: separate actor and critic MLPs (CleanRL's
/// <c>Agent</c>: hidden layers with orthogonal gain √2, actor head 0.01, critic head 1.0). For image observations
/// (shape [C, H, W]): one shared <see cref="ConvEncoder"/> with a linear actor head and a linear critic head.
/// Observations come in flat, [B, observation size].
/// </summary>
public sealed class ActorCritic : Module
{
    private readonly Module<Tensor, Tensor> encoder;
    private readonly Module<Tensor, Tensor> actor;
    private readonly Module<Tensor, Tensor> critic;

    public ActorCritic(int[] observationShape, int actionCount, int[] hidden, Activation activation) : base(nameof(ActorCritic))
    {
        if (observationShape.Length == 3)
        {
            var conv = new ConvEncoder(observationShape);
            encoder = conv;
            var head = Linear(conv.FeatureSize, actionCount);
            var value = Linear(conv.FeatureSize, 1);
            using (torch.no_grad())
            {
                init.orthogonal_(head.weight!, 0.01);
                init.constant_(head.bias!, 0.0);
                init.orthogonal_(value.weight!, 1.0);
                init.constant_(value.bias!, 0.0);
            }
            actor = head;
            critic = value;
            Architecture = $"actor-critic {conv.Description}; actor {conv.FeatureSize}-{actionCount}; critic {conv.FeatureSize}-1";
        }
        else
        {
            var input = observationShape.Aggregate(1, (a, b) => a * b);
            var actorSpec = new MlpSpec(input, hidden, actionCount, activation);
            var criticSpec = new MlpSpec(input, hidden, 1, activation);
            encoder = Identity();
            actor = Mlp.Build(actorSpec, new OrthogonalInit(OrthogonalInit.Sqrt2, 0.01));
            critic = Mlp.Build(criticSpec, new OrthogonalInit(OrthogonalInit.Sqrt2, 1.0));
            Architecture = $"actor {actorSpec}; critic {criticSpec}";
        }
        ActionCount = actionCount;
        Activation = activation;
        RegisterComponents();
    }

    /// <summary>Human-readable, stored in checkpoints and compared on load.</summary>
    public string Architecture { get; }

    public int ActionCount { get; }

    /// <summary>The MLPs' activation (unused by the image encoder, which uses ReLU).</summary>
    public Activation Activation { get; }

    /// <summary>The actor MLP for vector observations (null for image observations).</summary>
    public Sequential? ActorMlp => actor as Sequential;

    /// <summary>The critic MLP for vector observations (null for image observations).</summary>
    public Sequential? CriticMlp => critic as Sequential;

    /// <summary>The shared encoder: a <see cref="ConvEncoder"/> for image observations, an identity for vectors (for exporters).</summary>
    public Module<Tensor, Tensor> Encoder => encoder;

    /// <summary>The actor: encoder features to action logits (for exporters).</summary>
    public Module<Tensor, Tensor> Actor => actor;

    /// <summary>The critic: encoder features to a [B, 1] value (for exporters).</summary>
    public Module<Tensor, Tensor> Critic => critic;

    /// <summary>Unmasked action logits [B, A] and state values [B].</summary>
    public (Tensor Logits, Tensor Values) Forward(Tensor observations)
    {
        var features = encoder.forward(observations);
        return (actor.forward(features), critic.forward(features).squeeze(-1));
    }

    public Tensor Logits(Tensor observations) => actor.forward(encoder.forward(observations));

    public Tensor Values(Tensor observations) => critic.forward(encoder.forward(observations)).squeeze(-1);
}
