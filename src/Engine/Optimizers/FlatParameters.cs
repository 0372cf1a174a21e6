using TorchSharp;
using TorchSharp.Modules;

namespace RLArena.Engine.Optimizers;

/// <summary>
/// A model's parameters moved into ONE contiguous tensor, and their gradients into another: each parameter becomes
/// a view of <see cref="Values"/> and autograd accumulates straight into <see cref="Gradients"/>. An optimizer step,
/// zeroing the gradients or clipping their norm is then a handful of tensor calls for the whole network instead of
/// several per parameter — for the small networks here, that per-call overhead is most of a step's cost.
/// Create it after the model is on its device.
/// </summary>
public sealed class FlatParameters : IDisposable
{
    /// <summary>Copies <paramref name="parameters"/> into one flat buffer (and their gradients into another) and makes each parameter a view into it.</summary>
    /// <param name="parameters">The model's parameters, in a fixed order.</param>
    public FlatParameters(IEnumerable<Parameter> parameters)
    {
        var list = parameters.ToList();
        if (list.Count == 0) throw new ArgumentException("no parameters to optimise", nameof(parameters));
        var device = list[0].device;
        var dtype = list[0].dtype;
        Size = list.Sum(p => p.numel());
        Values = torch.empty(Size, dtype, device);
        Gradients = torch.zeros(Size, dtype, device);
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope(); // the views' own handles; the parameters keep the storage alive
        long offset = 0;
        foreach (var p in list)
        {
            var count = p.numel();
            var view = Values.narrow(0, offset, count).view(p.shape);
            view.copy_(p);
            p.set_(view);
            p.grad = Gradients.narrow(0, offset, count).view(p.shape);
            offset += count;
        }
    }

    /// <summary>Number of scalars.</summary>
    public long Size { get; }

    /// <summary>All parameters as one flat tensor (the model's own weights).</summary>
    public torch.Tensor Values { get; }

    /// <summary>All gradients as one flat tensor.</summary>
    public torch.Tensor Gradients { get; }

    /// <summary>Zeroes every gradient (one tensor call).</summary>
    public void ZeroGrad()
    {
        using var scope = torch.NewDisposeScope();
        Gradients.zero_();
    }

    /// <summary>Scales the gradients so their global L2 norm is at most <paramref name="maxNorm"/> (as clip_grad_norm_); returns the norm before.</summary>
    public double ClipGradNorm(double maxNorm)
    {
        using var scope = torch.NewDisposeScope();
        var norm = Gradients.norm().item<float>();
        var coefficient = maxNorm / (norm + 1e-6);
        if (coefficient < 1.0) Gradients.mul_(coefficient);
        return norm;
    }

    /// <summary>Frees the flat buffers.</summary>
    public void Dispose()
    {
        Gradients.Dispose();
        Values.Dispose();
    }
}
