using RLArena.Onnx;
using TorchSharp;
using TorchSharp.Modules;

namespace RLArena.Engine.Onnx;

/// <summary>
/// Writes TorchSharp layers into an <see cref="OnnxGraphBuilder"/> with their current weights: <c>Linear</c> as
/// Gemm, <c>Conv2d</c> as Conv, ReLU, Tanh, Flatten, Identity and <c>Sequential</c> (its children in order). The
/// weights are copied to the CPU as float32. Any other layer is an error naming it, so a network that grows a new
/// kind of layer fails at export instead of exporting something else.
/// </summary>
public static class OnnxLayerWriter
{
    /// <summary>Writes <paramref name="module"/> applied to the value <paramref name="input"/>.</summary>
    /// <param name="graph">The graph being built.</param>
    /// <param name="module">The layer or Sequential to write.</param>
    /// <param name="input">The name of the value it reads.</param>
    /// <param name="prefix">A name prefix for its weights ("actor", "critic").</param>
    /// <returns>The name of its output value.</returns>
    public static string Write(OnnxGraphBuilder graph, torch.nn.Module module, string input, string prefix)
    {
        switch (module)
        {
            case Sequential sequential:
                var x = input;
                foreach (var (name, child) in sequential.named_children()) x = Write(graph, child, x, $"{prefix}.{name}");
                return x;
            case Linear linear:
                var weight = Floats(linear.weight!);
                var outFeatures = linear.weight!.shape[0];
                var inFeatures = linear.weight!.shape[1];
                var inputs = new List<string> { input, graph.Weights(prefix + ".weight", weight, outFeatures, inFeatures) };
                if (linear.bias is { } bias) inputs.Add(graph.Weights(prefix + ".bias", Floats(bias), outFeatures));
                return graph.Node("Gemm", inputs.ToArray(), OnnxGraphBuilder.Attribute("transB", 1L));
            case Conv2d conv:
                return WriteConv(graph, conv, input, prefix);
            case ReLU:
                return graph.Node("Relu", [input]);
            case Tanh:
                return graph.Node("Tanh", [input]);
            case Flatten flatten:
                if (flatten.start_dim != 1 || flatten.end_dim != -1)
                    throw new NotSupportedException($"{prefix}: only Flatten(1, -1) is exported, not Flatten({flatten.start_dim}, {flatten.end_dim}).");
                return graph.Node("Flatten", [input], OnnxGraphBuilder.Attribute("axis", 1L));
            case Identity:
                return input;
            default:
                throw new NotSupportedException($"{prefix}: a {module.GetType().Name} layer cannot be exported to ONNX yet.");
        }
    }

    /// <summary>A tensor's values as float32 on the CPU, in row-major order.</summary>
    /// <param name="tensor">The tensor (any device, any float type).</param>
    /// <returns>The values.</returns>
    public static float[] Floats(torch.Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        return tensor.detach().to(torch.CPU).to_type(torch.ScalarType.Float32).contiguous().data<float>().ToArray();
    }

    private static string WriteConv(OnnxGraphBuilder graph, Conv2d conv, string input, string prefix)
    {
        if (conv.padding_mode != TorchSharp.PaddingModes.Zeros)
            throw new NotSupportedException($"{prefix}: only zero padding is exported, not {conv.padding_mode}.");
        var weight = conv.weight!;
        var dims = weight.shape;
        var inputs = new List<string> { input, graph.Weights(prefix + ".weight", Floats(weight), dims) };
        if (conv.bias is { } bias) inputs.Add(graph.Weights(prefix + ".bias", Floats(bias), dims[0]));
        var padding = conv.padding ?? throw new NotSupportedException($"{prefix}: 'same'/'valid' padding is not exported; give explicit sizes.");
        return graph.Node("Conv", inputs.ToArray(),
            OnnxGraphBuilder.Attribute("kernel_shape", new[] { dims[2], dims[3] }),
            OnnxGraphBuilder.Attribute("strides", conv.stride),
            OnnxGraphBuilder.Attribute("pads", new[] { padding[0], padding[1], padding[0], padding[1] }),
            OnnxGraphBuilder.Attribute("dilations", conv.dilation),
            OnnxGraphBuilder.Attribute("group", conv.groups));
    }
}
