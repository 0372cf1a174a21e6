using TorchSharp;

namespace RLArena.Engine.Numerics;

/// <summary>
/// Watches a training update for NaN and infinity cheaply: every optimizer step adds its loss and the sum of its flat
/// gradient buffer to two on-device float64 accumulators (no host round trip), and <see cref="ThrowIfNotFinite"/>
/// adds the sum of the flat parameters and reads the three back with ONE host read. Summing in float64 cannot
/// overflow for float32 inputs and NaN never cancels, so the sum is finite exactly when every value was.
/// </summary>
public sealed class FiniteCheck : IDisposable
{
    private readonly torch.Tensor _sums; // [loss, gradients]

    /// <param name="device">Where the training tensors live.</param>
    public FiniteCheck(torch.Device device) => _sums = torch.zeros(2, torch.float64, device);

    /// <summary>Adds one optimizer step's loss and gradients (call after backward, before or after the step).</summary>
    public void Add(torch.Tensor loss, torch.Tensor? gradients)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        _sums[0].add_(loss.detach().sum().to(torch.float64));
        if (gradients is not null) _sums[1].add_(gradients.sum(torch.float64));
    }

    /// <summary>
    /// Throws <see cref="NonFiniteValueException"/> naming the first non-finite quantity (loss, gradients,
    /// parameters) since the last call, then starts over. <paramref name="parameters"/> are the flat weights (or
    /// each parameter tensor).
    /// </summary>
    public void ThrowIfNotFinite(IEnumerable<torch.Tensor> parameters)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var parameterSum = torch.zeros(1, torch.float64, _sums.device);
        foreach (var p in parameters) parameterSum.add_(p.sum(torch.float64));
        var all = torch.cat([_sums, parameterSum]);
        var total = all.sum().item<double>(); // the one host read
        _sums.zero_();
        if (double.IsFinite(total)) return;
        var values = all.cpu().data<double>().ToArray();
        var first = Array.FindIndex(values, v => !double.IsFinite(v));
        throw new NonFiniteValueException((TrainingQuantity)Math.Max(0, first));
    }

    /// <summary>Releases the accumulators.</summary>
    public void Dispose() => _sums.Dispose();
}
