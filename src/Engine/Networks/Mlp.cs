using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace RLArena.Engine.Networks;

/// <summary>
/// The one network builder shared by the MNIST classifier and the RL policies: Linear layers with an activation
/// between them and none after the last. Layers are named fc1, fc2, ..., so state-dict keys are stable.
/// Without <see cref="OrthogonalInit"/> the layers keep PyTorch's default <c>nn.Linear</c> initialisation.
/// </summary>
public static class Mlp
{
    /// <summary>The MLP described by <paramref name="spec"/>, initialised like PyTorch's <c>nn.Linear</c> or orthogonally.</summary>
    /// <param name="spec">Sizes and activation.</param>
    /// <param name="init">Orthogonal initialisation gains (CleanRL's), or null for PyTorch's default.</param>
    public static Sequential Build(MlpSpec spec, OrthogonalInit? init = null)
    {
        Devices.TorchRuntime.EnsureLoaded();
        if (spec.Input <= 0 || spec.Output <= 0 || spec.Hidden.Any(h => h <= 0))
            throw new ArgumentException($"{spec}: every layer size must be positive.", nameof(spec));

        var layers = new List<(string, torch.nn.Module<torch.Tensor, torch.Tensor>)>();
        var sizes = new[] { spec.Input }.Concat(spec.Hidden).Append(spec.Output).ToArray();
        for (var i = 0; i < sizes.Length - 1; i++)
        {
            var linear = Linear(sizes[i], sizes[i + 1]);
            var isOutput = i == sizes.Length - 2;
            if (init is not null)
            {
                using var noGrad = torch.no_grad();
                torch.nn.init.orthogonal_(linear.weight!, isOutput ? init.OutputGain : init.HiddenGain);
                torch.nn.init.constant_(linear.bias!, init.Bias);
            }
            layers.Add(($"fc{i + 1}", linear));
            if (!isOutput) layers.Add(($"act{i + 1}", ActivationNames.Create(spec.Activation)));
        }
        return Sequential(layers);
    }
}
