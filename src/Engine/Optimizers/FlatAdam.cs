using System.Runtime.InteropServices;
using RLArena.Core.Errors;
using TorchSharp;
using TorchSharp.Modules;

namespace RLArena.Engine.Optimizers;

/// <summary>
/// Adam (Kingma and Ba; PyTorch's update, bias-corrected, no weight decay) over <see cref="FlatParameters"/>, so
/// zeroing the gradients, clipping their global norm and the Adam step are a handful of tensor calls for the whole
/// network. Tested to match <c>torch.optim.Adam</c> and <c>clip_grad_norm_</c>. Create it after the module has been
/// moved to its device; its state saves to bytes for checkpoints.
/// </summary>
public sealed class FlatAdam : IDisposable
{
    private readonly FlatParameters _flat;
    private readonly torch.Tensor _expAvg;
    private readonly torch.Tensor _expAvgSq;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _eps;

    /// <summary>Adam over <paramref name="parameters"/>, which become views into one flat buffer.</summary>
    /// <param name="parameters">The model's parameters (all of them, in a fixed order).</param>
    /// <param name="learningRate">The step size.</param>
    /// <param name="beta1">The decay of the first-moment estimate.</param>
    /// <param name="beta2">The decay of the second-moment estimate.</param>
    /// <param name="eps">Added to the denominator for stability.</param>
    public FlatAdam(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        LearningRate = learningRate;
        (_beta1, _beta2, _eps) = (beta1, beta2, eps);
        _flat = new FlatParameters(parameters);
        Size = _flat.Size;
        _expAvg = torch.zeros_like(_flat.Values);
        _expAvgSq = torch.zeros_like(_flat.Values);
    }

    /// <summary>Number of scalars optimised.</summary>
    public long Size { get; }

    /// <summary>The step size; schedules change it between steps.</summary>
    public double LearningRate { get; set; }

    /// <summary>Adam steps taken.</summary>
    public long Steps { get; private set; }

    /// <summary>All parameters as one flat tensor (a view of the model's own weights).</summary>
    public torch.Tensor FlatValues => _flat.Values;

    /// <summary>All gradients as one flat tensor.</summary>
    public torch.Tensor FlatGradients => _flat.Gradients;

    /// <summary>Zeroes every gradient (one tensor call).</summary>
    public void ZeroGrad() => _flat.ZeroGrad();

    /// <summary>Scales the gradients so their global L2 norm is at most <paramref name="maxNorm"/> (as clip_grad_norm_); returns the norm before.</summary>
    public double ClipGradNorm(double maxNorm) => _flat.ClipGradNorm(maxNorm);

    /// <summary>One Adam step over the whole flat buffer, with bias correction as in <c>torch.optim.Adam</c>.</summary>
    public void Step()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Steps++;
        var biasCorrection1 = 1 - Math.Pow(_beta1, Steps);
        var biasCorrection2 = 1 - Math.Pow(_beta2, Steps);
        _expAvg.mul_(_beta1).add_(_flat.Gradients, alpha: 1 - _beta1);
        _expAvgSq.mul_(_beta2).addcmul_(_flat.Gradients, _flat.Gradients, value: 1 - _beta2);
        var denominator = (_expAvgSq.sqrt() / Math.Sqrt(biasCorrection2)).add_(_eps);
        _flat.Values.addcdiv_(_expAvg, denominator, value: -LearningRate / biasCorrection1);
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

    /// <summary>Restores the moments and step count saved by <see cref="SaveState"/>; a state of another size is a <see cref="UserFacingException"/>.</summary>
    /// <param name="bytes">What <see cref="SaveState"/> returned.</param>
    /// <param name="source">Where the bytes came from, for messages (a checkpoint path).</param>
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

    /// <summary>Frees the flat buffers and the moment tensors.</summary>
    public void Dispose()
    {
        _flat.Dispose();
        _expAvg.Dispose();
        _expAvgSq.Dispose();
    }
}
