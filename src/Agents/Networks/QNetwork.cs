using RLArena.Engine.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RLArena.Agents.Networks;

/// <summary>
/// DQN's action-value network: an MLP with ReLU (PyTorch's default init, as CleanRL's <c>QNetwork</c>) for vector
/// observations, or a <see cref="ConvEncoder"/> and a linear head for image observations. Input [B, obs size],
/// output Q-values [B, A].
/// </summary>
public sealed class QNetwork : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> encoder;
    private readonly Module<Tensor, Tensor> head;

    public QNetwork(int[] observationShape, int actionCount, int[] hidden) : base(nameof(QNetwork))
    {
        if (observationShape.Length == 3)
        {
            var conv = new ConvEncoder(observationShape);
            encoder = conv;
            head = Linear(conv.FeatureSize, actionCount);
            Architecture = $"q-network {conv.Description}; head {conv.FeatureSize}-{actionCount}";
        }
        else
        {
            var input = observationShape.Aggregate(1, (a, b) => a * b);
            var spec = new MlpSpec(input, hidden, actionCount, Activation.ReLU);
            encoder = Identity();
            head = Mlp.Build(spec);
            Architecture = $"q-network {spec}";
        }
        ActionCount = actionCount;
        RegisterComponents();
    }

    public string Architecture { get; }

    public int ActionCount { get; }

    /// <summary>The MLP for vector observations (null for image observations).</summary>
    public Sequential? HeadMlp => head as Sequential;

    /// <summary>The encoder: a <see cref="ConvEncoder"/> for image observations, an identity for vectors (for exporters).</summary>
    public Module<Tensor, Tensor> Encoder => encoder;

    /// <summary>The head: encoder features to Q-values (for exporters).</summary>
    public Module<Tensor, Tensor> Head => head;

    public override Tensor forward(Tensor observations) => head.forward(encoder.forward(observations));
}
