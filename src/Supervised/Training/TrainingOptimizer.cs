using RLArena.Engine.Optimizers;
using TorchSharp;
using TorchSharp.Modules;

namespace RLArena.Supervised.Training;

/// <summary>
/// The optimizer a run trains with: SGD with momentum (the tutorial's) as <see cref="FlatSgd"/>, or TorchSharp's
/// Adam. Only Adam's state is kept in checkpoints; a checkpoint is for evaluating and predicting, not resuming.
/// </summary>
public sealed class TrainingOptimizer : IDisposable
{
    private readonly FlatSgd? _sgd;
    private readonly OptimizerHelper? _other;

    private TrainingOptimizer(FlatSgd? sgd, OptimizerHelper? other)
    {
        _sgd = sgd;
        _other = other;
    }

    /// <summary>Creates the optimizer; call after the model is on its device (SGD moves the weights into one buffer).</summary>
    public static TrainingOptimizer Create(torch.nn.Module model, MnistSettings settings) => settings.Optimizer switch
    {
        OptimizerKind.Adam => new TrainingOptimizer(null, torch.optim.Adam(model.parameters(), settings.Lr)),
        _ => new TrainingOptimizer(new FlatSgd(model.parameters(), settings.Lr, settings.Momentum), null),
    };

    /// <summary>The TorchSharp optimizer whose state a checkpoint keeps, if any.</summary>
    public OptimizerHelper? CheckpointState => _other;

    /// <summary>The flat gradient buffer (SGD), or null when the optimizer keeps gradients per parameter (Adam).</summary>
    public torch.Tensor? FlatGradients => _sgd?.FlatGradients;

    /// <summary>The tensors holding the weights: SGD's one flat buffer, or each of the model's parameters (Adam).</summary>
    public IEnumerable<torch.Tensor> Weights(torch.nn.Module model) =>
        _sgd is not null ? [_sgd.FlatValues] : model.parameters();

    /// <summary>Zeroes every gradient.</summary>
    public void ZeroGrad()
    {
        if (_sgd is not null) _sgd.ZeroGrad();
        else _other!.zero_grad();
    }

    /// <summary>One optimizer step.</summary>
    public void Step()
    {
        if (_sgd is not null) _sgd.Step();
        else _other!.step();
    }

    /// <summary>Frees the optimizer's buffers.</summary>
    public void Dispose()
    {
        _sgd?.Dispose();
        _other?.Dispose();
    }
}
