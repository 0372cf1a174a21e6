using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RLArena.Supervised.Training;

/// <summary>
/// SGD with momentum doing exactly what <c>torch.optim.SGD(params, lr, momentum)</c> does (no dampening, weight
/// decay or Nesterov) — <c>buf = grad</c> on the first step, then <c>buf = momentum·buf + grad</c>, and
/// <c>param -= lr·buf</c> — but over one flat buffer: at construction the parameters are moved into views of a
/// single tensor and their gradients into views of another, so autograd accumulates straight into it. A step is
/// then three tensor operations instead of several per parameter, which matters for a model this small, where
/// per-operation overhead is a large part of each step.
/// </summary>
public sealed class FusedSgd : IDisposable
{
    private readonly Tensor _parameters;
    private readonly Tensor _gradients;
    private readonly Tensor _momentumBuffer;
    private readonly double _momentum;
    private bool _started;

    public FusedSgd(IEnumerable<Parameter> parameters, double lr, double momentum)
    {
        LearningRate = lr;
        _momentum = momentum;
        var list = parameters.ToList();
        if (list.Count == 0) throw new ArgumentException("no parameters to optimise", nameof(parameters));
        var total = list.Sum(p => p.numel());
        var device = list[0].device;
        var dtype = list[0].dtype;
        _parameters = empty(total, dtype, device);
        _gradients = zeros(total, dtype, device);
        _momentumBuffer = zeros(total, dtype, device);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope(); // the views' own handles; the parameters keep the storage alive
        long offset = 0;
        foreach (var p in list)
        {
            var count = p.numel();
            var view = _parameters.narrow(0, offset, count).view(p.shape);
            view.copy_(p);
            p.set_(view);
            p.grad = _gradients.narrow(0, offset, count).view(p.shape);
            offset += count;
        }
    }

    public double LearningRate { get; }

    /// <summary>All parameters as one flat tensor (a view of the model's own weights).</summary>
    public Tensor FlatParameters => _parameters;

    public void zero_grad()
    {
        using var scope = NewDisposeScope();
        _gradients.zero_();
    }

    public void step()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        if (_momentum == 0)
        {
            _parameters.add_(_gradients, -LearningRate);
            return;
        }
        if (_started) _momentumBuffer.mul_(_momentum).add_(_gradients);
        else _momentumBuffer.copy_(_gradients);
        _started = true;
        _parameters.add_(_momentumBuffer, -LearningRate);
    }

    public void Dispose()
    {
        _momentumBuffer.Dispose();
        _gradients.Dispose();
        _parameters.Dispose();
    }
}
