using RLArena.Engine.Networks;
using RLArena.Supervised.Data;
using TorchSharp.Modules;

namespace RLArena.Supervised.Training;

/// <summary>The tutorial's network: an MLP 784 → hidden (128, 64) → classes with ReLU, PyTorch's default Linear init.</summary>
public static class ClassifierModel
{
    /// <summary>The tutorial's MLP shape: 784 inputs, <paramref name="hidden"/> ReLU layers, <paramref name="classes"/> outputs.</summary>
    /// <param name="hidden">Hidden layer sizes.</param>
    /// <param name="classes">The number of classes.</param>
    public static MlpSpec Spec(IReadOnlyList<int> hidden, int classes) =>
        new(DatasetSpec.ImagePixels, hidden, classes, Activation.ReLU);

    /// <summary>The network of <paramref name="spec"/>, initialised like PyTorch's <c>nn.Linear</c>.</summary>
    /// <param name="spec">The shape.</param>
    public static Sequential Build(MlpSpec spec) => Mlp.Build(spec);
}
