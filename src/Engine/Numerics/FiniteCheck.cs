using System.Runtime.InteropServices;
using TorchSharp;

namespace RLArena.Engine.Numerics;

/// <summary>
/// Watches training for NaN and infinity cheaply. Every optimizer step adds its loss to an on-device float64 sum (one
/// small in-place add, no host read); once per update <see cref="ThrowIfNotFinite"/> sums that, the gradient buffer
/// and the weights and reads the result back with ONE host read. A non-finite gradient at any step of the update
/// reaches the weights through the optimizer step (NaN stays NaN; Adam turns infinity into NaN; clipping by an
/// infinite norm multiplies by zero, which is NaN too), so checking the weights at the end covers every step.
/// Summing in float64 cannot overflow for float32 values and NaN never cancels: the sum is finite exactly when every
/// value was.
/// </summary>
public sealed class FiniteCheck : IDisposable
{
    private readonly torch.Tensor _lossSum;

    /// <param name="device">Where the training tensors live.</param>
    public FiniteCheck(torch.Device device) => _lossSum = torch.tensor(0.0, torch.float64, device);

    /// <summary>Adds one optimizer step's loss (a scalar); no host read.</summary>
    public void AddLoss(torch.Tensor loss)
    {
        using var scope = torch.NewDisposeScope(); // in-place ops hand back new handles
        using var noGrad = torch.no_grad();
        _lossSum.add_(loss);
    }

    /// <summary>
    /// Throws <see cref="NonFiniteValueException"/> naming the first non-finite quantity, in the order loss (any step
    /// since the last check), <paramref name="gradients"/> (the last step's), <paramref name="parameters"/> (the
    /// weights now: the flat buffer, or each parameter tensor); then starts over.
    /// </summary>
    public void ThrowIfNotFinite(IEnumerable<torch.Tensor> parameters, torch.Tensor? gradients = null)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var parameterList = parameters as IReadOnlyList<torch.Tensor> ?? parameters.ToList();
        if (ReadableOnHost(gradients) && parameterList.All(p => ReadableOnHost(p)))
        {
            // CPU tensors are read in place: the same float64 sums without a dozen small tensor calls per update.
            var loss = _lossSum.item<double>();
            _lossSum.zero_();
            var sums = new[] { loss, gradients is null ? 0 : HostSum(gradients), parameterList.Sum(HostSum) };
            var bad = Array.FindIndex(sums, v => !double.IsFinite(v));
            if (bad >= 0) throw new NonFiniteValueException((TrainingQuantity)bad);
            return;
        }
        var gradientSum = gradients is null ? torch.tensor(0.0, torch.float64, _lossSum.device) : gradients.sum(torch.float64);
        var parameterSum = torch.tensor(0.0, torch.float64, _lossSum.device);
        foreach (var p in parameterList) parameterSum.add_(p.sum(torch.float64));
        var all = torch.stack([_lossSum, gradientSum, parameterSum]);
        var total = all.sum().item<double>(); // the one host read
        _lossSum.zero_();
        if (double.IsFinite(total)) return;
        var values = all.cpu().data<double>().ToArray();
        var first = Array.FindIndex(values, v => !double.IsFinite(v));
        throw new NonFiniteValueException((TrainingQuantity)Math.Max(0, first));
    }

    /// <summary>Releases the loss sum.</summary>
    /// <summary>A contiguous float32 tensor in host memory (or none), whose values can be read without a copy.</summary>
    private static bool ReadableOnHost(torch.Tensor? tensor) =>
        tensor is null || (tensor.device_type == DeviceType.CPU && tensor.dtype == torch.float32 && tensor.is_contiguous());

    /// <summary>The float64 sum of a float32 host tensor's values, read in place.</summary>
    private static double HostSum(torch.Tensor tensor)
    {
        var values = MemoryMarshal.Cast<byte, float>(tensor.bytes);
        double a = 0, b = 0, c = 0, d = 0;
        var i = 0;
        for (; i + 4 <= values.Length; i += 4)
        {
            a += values[i];
            b += values[i + 1];
            c += values[i + 2];
            d += values[i + 3];
        }
        for (; i < values.Length; i++) a += values[i];
        return a + b + c + d;
    }

    /// <summary>Frees the on-device loss sum.</summary>
    public void Dispose() => _lossSum.Dispose();
}
