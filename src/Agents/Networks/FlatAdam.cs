using System.Runtime.InteropServices;
using RLArena.Engine.Errors;
using TorchSharp;
using TorchSharp.Modules;

namespace RLArena.Agents.Networks;

/// <summary>
/// Adam (Kingma and Ba; PyTorch's update, bias-corrected, no weight decay) over ONE flat buffer: at construction
/// every parameter is re-pointed into a single contiguous tensor and its gradient into another, so zeroing the
/// gradients, clipping their global norm and the Adam step are a handful of tensor calls for the whole network
/// instead of a dozen per parameter. For the small policy networks of RL this per-call overhead is most of the
/// update's cost. Tested to match <c>torch.optim.Adam</c> and <c>clip_grad_norm_</c>. Create it after the module
/// has been moved to its device; its state saves to bytes for checkpoints.
/// </summary>
public sealed class FlatAdam : IDisposable
{
    private readonly torch.Tensor _parameters;
    private readonly torch.Tensor _gradients;
    private readonly torch.Tensor _expAvg;
    private readonly torch.Tensor _expAvgSq;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _eps;

    public FlatAdam(IReadOnlyList<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        if (parameters.Count == 0) throw new ArgumentException("no parameters to optimise", nameof(parameters));
        LearningRate = learningRate;
        (_beta1, _beta2, _eps) = (beta1, beta2, eps);
        var device = parameters[0].device;
        Size = parameters.Sum(p => p.numel());
        _parameters = torch.empty(Size, torch.float32, device);
        _gradients = torch.zeros(Size, torch.float32, device);
        _expAvg = torch.zeros(Size, torch.float32, device);
        _expAvgSq = torch.zeros(Size, torch.float32, device);
        using var noGrad = torch.no_grad();
        long offset = 0;
        foreach (var p in parameters)
        {
            var n = p.numel();
            using var slot = _parameters.narrow(0, offset, n).view(p.shape);
            slot.copy_(p);
            p.set_(slot);
            p.grad = _gradients.narrow(0, offset, n).view(p.shape);
            offset += n;
        }
    }

    /// <summary>Number of scalars optimised.</summary>
    public long Size { get; }

    public double LearningRate { get; set; }

    /// <summary>Adam steps taken.</summary>
    public long Steps { get; private set; }

    public void ZeroGrad() => _gradients.zero_();

    /// <summary>Scales the gradients so their global L2 norm is at most <paramref name="maxNorm"/> (as clip_grad_norm_); returns the norm before.</summary>
    public double ClipGradNorm(double maxNorm)
    {
        var norm = _gradients.norm().item<float>();
        var coefficient = maxNorm / (norm + 1e-6);
        if (coefficient < 1.0) _gradients.mul_(coefficient);
        return norm;
    }

    public void Step()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Steps++;
        var biasCorrection1 = 1 - Math.Pow(_beta1, Steps);
        var biasCorrection2 = 1 - Math.Pow(_beta2, Steps);
        _expAvg.mul_(_beta1).add_(_gradients, alpha: 1 - _beta1);
        _expAvgSq.mul_(_beta2).addcmul_(_gradients, _gradients, value: 1 - _beta2);
        var denominator = (_expAvgSq.sqrt() / Math.Sqrt(biasCorrection2)).add_(_eps);
        _parameters.addcdiv_(_expAvg, denominator, value: -LearningRate / biasCorrection1);
    }

    /// <summary>Step count, learning rate and both moment vectors, for a checkpoint section.</summary>
    public byte[] SaveState()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Size);
            writer.Write(Steps);
            writer.Write(LearningRate);
            writer.Write(Floats(_expAvg));
            writer.Write(Floats(_expAvgSq));
        }
        return stream.ToArray();
    }

    public void LoadState(byte[] bytes, string source)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes));
            var size = reader.ReadInt64();
            if (size != Size)
                throw new UserFacingException($"{source}: its optimizer state is for {size} parameters, this network has {Size}; it was written for another model.");
            Steps = reader.ReadInt64();
            LearningRate = reader.ReadDouble();
            Load(reader, _expAvg);
            Load(reader, _expAvgSq);
        }
        catch (EndOfStreamException)
        {
            throw new UserFacingException($"{source}: its optimizer state is truncated; resume from another checkpoint.");
        }
    }

    private byte[] Floats(torch.Tensor tensor)
    {
        using var cpu = tensor.cpu();
        return cpu.bytes.ToArray();
    }

    private void Load(BinaryReader reader, torch.Tensor target)
    {
        var bytes = reader.ReadBytes((int)(Size * sizeof(float)));
        if (bytes.Length != Size * sizeof(float)) throw new EndOfStreamException();
        using var noGrad = torch.no_grad();
        using var cpu = torch.empty(Size, torch.float32);
        bytes.CopyTo(cpu.bytes);
        target.copy_(cpu);
    }

    public void Dispose()
    {
        _parameters.Dispose();
        _gradients.Dispose();
        _expAvg.Dispose();
        _expAvgSq.Dispose();
    }
}
