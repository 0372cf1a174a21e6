using TorchSharp;
using TorchSharp.Modules;

namespace RLArena.Engine.Optimizers;

/// <summary>
/// SGD with momentum doing exactly what <c>torch.optim.SGD(params, lr, momentum)</c> does (no dampening, weight
/// decay or Nesterov) — <c>buf = grad</c> on the first step, then <c>buf = momentum·buf + grad</c>, and
/// <c>param -= lr·buf</c> — over <see cref="FlatParameters"/>, so a step is three tensor operations.
/// </summary>
public sealed class FlatSgd : IDisposable
{
    private readonly FlatParameters _flat;
    private readonly torch.Tensor _momentumBuffer;
    private readonly double _momentum;
    private bool _started;

    /// <summary>SGD with momentum over <paramref name="parameters"/>, which become views into one flat buffer.</summary>
    /// <param name="parameters">The model's parameters, in a fixed order.</param>
    /// <param name="learningRate">The step size.</param>
    /// <param name="momentum">The momentum factor (0 = plain SGD), as in <c>torch.optim.SGD</c>.</param>
    public FlatSgd(IEnumerable<Parameter> parameters, double learningRate, double momentum)
    {
        _flat = new FlatParameters(parameters);
        LearningRate = learningRate;
        _momentum = momentum;
        _momentumBuffer = torch.zeros_like(_flat.Values);
    }

    /// <summary>The step size.</summary>
    public double LearningRate { get; }

    /// <summary>All parameters as one flat tensor (a view of the model's own weights).</summary>
    public torch.Tensor FlatValues => _flat.Values;

    /// <summary>All gradients as one flat tensor.</summary>
    public torch.Tensor FlatGradients => _flat.Gradients;

    /// <summary>Zeroes every gradient (one tensor call).</summary>
    public void ZeroGrad() => _flat.ZeroGrad();

    /// <summary>One SGD step with momentum over the whole flat buffer, the arithmetic of <c>torch.optim.SGD</c>.</summary>
    public void Step()
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope(); // some TorchSharp versions return a new handle from in-place ops
        if (_momentum == 0)
        {
            _flat.Values.add_(_flat.Gradients, -LearningRate);
            return;
        }
        if (_started) _momentumBuffer.mul_(_momentum).add_(_flat.Gradients);
        else _momentumBuffer.copy_(_flat.Gradients);
        _started = true;
        _flat.Values.add_(_momentumBuffer, -LearningRate);
    }

    /// <summary>Frees the flat buffers and the momentum buffer.</summary>
    public void Dispose()
    {
        _momentumBuffer.Dispose();
        _flat.Dispose();
    }
}
