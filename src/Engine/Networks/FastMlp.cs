using System.Numerics;
using System.Runtime.InteropServices;
using TorchSharp;
using TorchSharp.Modules;

namespace RLArena.Engine.Networks;

/// <summary>
/// A CPU copy of an MLP built by <see cref="Mlp.Build"/> (Linear layers, the same activation between them, none
/// after the last) that runs the forward pass in plain C# (SIMD dot products). Rollouts call the policy once per
/// vector step on a handful of observations; for nets this small a TorchSharp call costs more in overhead than the
/// arithmetic, so acting uses this copy and learning uses the torch module. <see cref="Refresh"/> copies the
/// weights again after each update. The activation is read from the module itself (its ReLU or Tanh layers), so the
/// copy can never disagree with the network it mirrors. Tested to agree with the torch forward to float rounding.
/// </summary>
public sealed class FastMlp
{
    private readonly float[][] _weights; // [out, in] row-major per layer
    private readonly float[][] _biases;
    private readonly int[] _sizes;
    private readonly Activation _activation;
    private float[] _bufferA = [];
    private float[] _bufferB = [];

    /// <param name="mlp">A module built by <see cref="Mlp.Build"/>.</param>
    public FastMlp(Sequential mlp)
    {
        var children = mlp.named_children().Select(c => c.module).ToList();
        var layers = children.OfType<Linear>().ToList();
        if (layers.Count == 0) throw new ArgumentException("the module holds no Linear layers", nameof(mlp));
        _weights = new float[layers.Count][];
        _biases = new float[layers.Count][];
        _sizes = new int[layers.Count + 1];
        _sizes[0] = (int)layers[0].weight!.shape[1];
        for (var i = 0; i < layers.Count; i++)
        {
            _sizes[i + 1] = (int)layers[i].weight!.shape[0];
            _weights[i] = new float[_sizes[i + 1] * _sizes[i]];
            _biases[i] = new float[_sizes[i + 1]];
        }
        _activation = ActivationOf(children);
        _layers = layers;
        Refresh();
    }

    private readonly List<Linear> _layers;

    /// <summary>The activation between the layers, as the mirrored module applies it.</summary>
    public Activation Activation => _activation;

    /// <summary>The number of inputs per row.</summary>
    public int InputSize => _sizes[0];
    /// <summary>The number of outputs per row.</summary>
    public int OutputSize => _sizes[^1];

    /// <summary>Copies the current weights of the torch module (call after every optimizer step that matters).</summary>
    public void Refresh()
    {
        using var noGrad = torch.no_grad();
        for (var i = 0; i < _layers.Count; i++)
        {
            CopyOut(_layers[i].weight!, _weights[i]);
            CopyOut(_layers[i].bias!, _biases[i]);
        }
    }

    /// <summary>Runs <paramref name="batch"/> rows of <paramref name="input"/> (row-major) into <paramref name="output"/>.</summary>
    public void Forward(ReadOnlySpan<float> input, int batch, Span<float> output)
    {
        var widest = _sizes.Max();
        if (_bufferA.Length < widest) { _bufferA = new float[widest]; _bufferB = new float[widest]; }
        for (var row = 0; row < batch; row++)
        {
            var current = input.Slice(row * _sizes[0], _sizes[0]);
            for (var layer = 0; layer < _weights.Length; layer++)
            {
                var inSize = _sizes[layer];
                var outSize = _sizes[layer + 1];
                var last = layer == _weights.Length - 1;
                var target = last ? output.Slice(row * outSize, outSize) : (layer % 2 == 0 ? _bufferA : _bufferB).AsSpan(0, outSize);
                var w = _weights[layer];
                var b = _biases[layer];
                for (var j = 0; j < outSize; j++)
                {
                    var value = b[j] + Dot(w.AsSpan(j * inSize, inSize), current);
                    if (!last) value = _activation == Activation.ReLU ? MathF.Max(value, 0f) : MathF.Tanh(value);
                    target[j] = value;
                }
                current = target;
            }
        }
    }

    private static Activation ActivationOf(IEnumerable<torch.nn.Module> children)
    {
        var kinds = children.Where(c => c is not Linear).Select(c => c switch
        {
            ReLU => Activation.ReLU,
            Tanh => Activation.Tanh,
            _ => throw new ArgumentException($"FastMlp mirrors Linear layers with ReLU or Tanh between them, not {c.GetType().Name}.", nameof(children)),
        }).Distinct().ToList();
        if (kinds.Count > 1) throw new ArgumentException("FastMlp needs the same activation between all layers.", nameof(children));
        return kinds.Count == 0 ? Activation.ReLU : kinds[0]; // a single Linear layer has no activation to apply
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        var i = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            var acc = Vector<float>.Zero;
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            for (var k = 0; k < va.Length; k++) acc += va[k] * vb[k];
            sum = Vector.Sum(acc);
            i = va.Length * Vector<float>.Count;
        }
        for (; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static void CopyOut(torch.Tensor tensor, float[] target)
    {
        using var scope = torch.NewDisposeScope();
        var cpu = tensor.detach().cpu().contiguous();
        MemoryMarshal.Cast<byte, float>(cpu.bytes).CopyTo(target);
    }
}
