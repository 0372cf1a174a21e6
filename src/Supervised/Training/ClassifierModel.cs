using RLArena.Engine.Networks;
using RLArena.Supervised.Data;
using TorchSharp.Modules;

namespace RLArena.Supervised.Training;

/// <summary>The tutorial's network: an MLP 784 → hidden (128, 64) → classes with ReLU, PyTorch's default Linear init.</summary>
public static class ClassifierModel
{
    public static MlpSpec Spec(IReadOnlyList<int> hidden, int classes) =>
        new(DatasetSpec.ImagePixels, hidden, classes, Activation.ReLU);

    public static Sequential Build(MlpSpec spec) => Mlp.Build(spec);
}
