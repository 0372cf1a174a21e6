using RLArena.Core.Errors;
using RLArena.Engine.Config;
using TorchSharp;
using static TorchSharp.torch.nn;

namespace RLArena.Engine.Networks;

/// <summary>The activation between an MLP's layers; config files write it as "relu" or "tanh".</summary>
public enum Activation
{
    /// <summary>max(0, x).</summary>
    [ConfigValue("relu")] ReLU,

    /// <summary>The hyperbolic tangent.</summary>
    [ConfigValue("tanh")] Tanh,
}

/// <summary>The config names of <see cref="Activation"/> ("relu", "tanh") and their parsing.</summary>
public static class ActivationNames
{
    /// <summary>The valid names, for messages.</summary>
    public const string Choices = "relu, tanh";

    /// <summary>The activation called <paramref name="text"/> (any case); anything else is a <see cref="UsageException"/>.</summary>
    /// <param name="text">"relu" or "tanh".</param>
    public static Activation Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "relu" => Activation.ReLU,
        "tanh" => Activation.Tanh,
        _ => throw new UsageException($"unknown activation '{text}'; expected one of {Choices}."),
    };

    /// <summary>The config name of <paramref name="activation"/>.</summary>
    /// <param name="activation">The activation.</param>
    public static string Name(this Activation activation) => activation == Activation.ReLU ? "relu" : "tanh";

    /// <summary>A new activation module of the given kind (ReLU or Tanh).</summary>
    /// <param name="activation">Which activation.</param>
    public static torch.nn.Module<torch.Tensor, torch.Tensor> Create(Activation activation) =>
        activation == Activation.ReLU ? ReLU() : Tanh();
}
