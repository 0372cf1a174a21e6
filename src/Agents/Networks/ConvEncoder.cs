using RLArena.Engine.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RLArena.Agents.Networks;

/// <summary>
/// A small convolutional encoder for image observations given flat, in [C, H, W] order: two 3×3 convolutions
/// (16 and 32 channels, stride 2 while the image is large), ReLU, flatten, and a ReLU linear layer of
/// <see cref="FeatureSize"/> units. Orthogonal init with gain √2, as CleanRL's Atari agents.
/// </summary>
public sealed class ConvEncoder : Module<Tensor, Tensor>
{
    private readonly Sequential layers;
    private readonly long[] _imageShape;

    public ConvEncoder(int[] shape, int featureSize = 256) : base(nameof(ConvEncoder))
    {
        if (shape.Length != 3 || shape.Any(s => s <= 0))
            throw new ArgumentException($"a conv encoder needs an observation of shape [C, H, W], not [{string.Join(", ", shape)}].");
        var (c, h, w) = (shape[0], shape[1], shape[2]);
        _imageShape = [c, h, w];
        var stride1 = Math.Min(h, w) >= 32 ? 2 : 1;
        var (h1, w1) = (OutSize(h, stride1), OutSize(w, stride1));
        var stride2 = Math.Min(h1, w1) >= 16 ? 2 : 1;
        var (h2, w2) = (OutSize(h1, stride2), OutSize(w1, stride2));
        FeatureSize = featureSize;
        Description = $"conv {c}x{h}x{w} 16s{stride1}-32s{stride2} → {featureSize}";

        var conv1 = Conv2d(c, 16, 3, stride: stride1, padding: 1);
        var conv2 = Conv2d(16, 32, 3, stride: stride2, padding: 1);
        var fc = Linear(32L * h2 * w2, featureSize);
        using (torch.no_grad())
        {
            foreach (var layer in new Module[] { conv1, conv2, fc })
            {
                var weight = layer switch { Conv2d k => k.weight!, Linear l => l.weight!, _ => throw new InvalidOperationException() };
                var bias = layer switch { Conv2d k => k.bias!, Linear l => l.bias!, _ => throw new InvalidOperationException() };
                init.orthogonal_(weight, OrthogonalInit.Sqrt2);
                init.constant_(bias, 0.0);
            }
        }
        layers = Sequential(("conv1", conv1), ("act1", ReLU()), ("conv2", conv2), ("act2", ReLU()),
            ("flatten", Flatten()), ("fc", fc), ("act3", ReLU()));
        RegisterComponents();
    }

    public int FeatureSize { get; }

    /// <summary>The layers applied to images [B, C, H, W] (conv1, act1, conv2, act2, flatten, fc, act3), for exporters.</summary>
    public Sequential Layers => layers;

    /// <summary>The image shape [C, H, W] that flat observations are viewed as.</summary>
    public IReadOnlyList<long> ImageShape => _imageShape;

    /// <summary>For checkpoints: "conv 3x20x20 16s1-32s2 → 256".</summary>
    public string Description { get; }

    /// <summary>Takes observations [B, C*H*W] (or [B, C, H, W]) and returns features [B, FeatureSize].</summary>
    public override Tensor forward(Tensor input)
    {
        var images = input.dim() == 2 ? input.view(input.shape[0], _imageShape[0], _imageShape[1], _imageShape[2]) : input;
        return layers.forward(images);
    }

    private static int OutSize(int size, int stride) => (size + 2 - 3) / stride + 1;
}
