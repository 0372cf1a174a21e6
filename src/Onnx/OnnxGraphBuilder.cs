using Google.Protobuf;
using Onnx;

namespace RLArena.Onnx;

/// <summary>
/// Builds an ONNX model with OnnxSharp's protobuf classes, node by node: inputs, weights (initializers), operator
/// nodes, outputs and the model's metadata. It knows nothing about TorchSharp: the exporters hand it plain arrays.
/// Every value gets a unique name; <see cref="Build"/> runs <see cref="OnnxModelCheck"/> before returning.
/// </summary>
public sealed class OnnxGraphBuilder
{
    /// <summary>The ONNX operator set the graphs use (15: read by ONNX Runtime and by Unity Sentis, which reads 7 to 15).</summary>
    public const int Opset = 15;

    /// <summary>The ONNX IR version written (8: ONNX 1.10 and later, ONNX Runtime, Sentis).</summary>
    public const long IrVersion = 8;

    /// <summary>The symbolic name of the batch dimension in inputs and outputs.</summary>
    public const string BatchDimension = "batch";

    private readonly GraphProto _graph;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;

    /// <summary>Starts an empty graph.</summary>
    /// <param name="graphName">The graph's name, shown by tools such as Netron.</param>
    public OnnxGraphBuilder(string graphName)
    {
        _graph = new GraphProto { Name = graphName };
    }

    /// <summary>Declares a float input; a null dimension is the batch dimension.</summary>
    /// <param name="name">The input's name (what callers feed).</param>
    /// <param name="dimensions">The shape; null entries are <see cref="BatchDimension"/>.</param>
    /// <returns>The input's name.</returns>
    public string Input(string name, params long?[] dimensions)
    {
        Claim(name);
        _graph.Input.Add(ValueInfo(name, TensorProto.Types.DataType.Float, dimensions));
        return name;
    }

    /// <summary>Declares an existing value as a graph output.</summary>
    /// <param name="name">The value's name; it must be produced by a node.</param>
    /// <param name="type">Its element type.</param>
    /// <param name="dimensions">Its shape; null entries are <see cref="BatchDimension"/>.</param>
    public void Output(string name, TensorProto.Types.DataType type, params long?[] dimensions) =>
        _graph.Output.Add(ValueInfo(name, type, dimensions));

    /// <summary>Adds a float weight tensor.</summary>
    /// <param name="name">A name to start from (made unique).</param>
    /// <param name="values">The values in row-major order.</param>
    /// <param name="dimensions">The shape; its product must equal the number of values.</param>
    /// <returns>The initializer's unique name.</returns>
    public string Weights(string name, float[] values, params long[] dimensions)
    {
        if (values.LongLength != dimensions.Aggregate(1L, (a, b) => a * b))
            throw new ArgumentException($"{name}: {values.Length} values do not fill shape [{string.Join(", ", dimensions)}].", nameof(values));
        var tensor = new TensorProto { Name = Unique(name), DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dimensions);
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw data is little-endian.");
        tensor.RawData = ByteString.CopyFrom(bytes);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a node whose single output gets a fresh name.</summary>
    /// <param name="opType">The ONNX operator, e.g. "Gemm".</param>
    /// <param name="inputs">The names of its inputs, in the operator's order.</param>
    /// <param name="attributes">Its attributes (see <see cref="Attribute(string, long)"/> and overloads).</param>
    /// <returns>The output's name.</returns>
    public string Node(string opType, string[] inputs, params AttributeProto[] attributes) =>
        NamedNode(opType, inputs, opType.ToLowerInvariant() + "_" + (++_counter), attributes);

    /// <summary>Adds a node whose single output has a chosen name (a graph output).</summary>
    /// <param name="opType">The ONNX operator.</param>
    /// <param name="inputs">The names of its inputs.</param>
    /// <param name="output">The output's name; must be unused.</param>
    /// <param name="attributes">Its attributes.</param>
    /// <returns><paramref name="output"/>.</returns>
    public string NamedNode(string opType, string[] inputs, string output, params AttributeProto[] attributes)
    {
        Claim(output);
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_graph.Node.Count}" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return output;
    }

    /// <summary>Adds a Constant node holding a small float tensor, named <paramref name="output"/> (Unity's constant outputs).</summary>
    /// <param name="output">The value's name.</param>
    /// <param name="values">The values.</param>
    /// <param name="dimensions">Their shape.</param>
    /// <returns><paramref name="output"/>.</returns>
    public string Constant(string output, float[] values, params long[] dimensions)
    {
        var tensor = new TensorProto { DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dimensions);
        tensor.FloatData.AddRange(values);
        return NamedNode("Constant", [], output, new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = tensor });
    }

    /// <summary>An integer attribute.</summary>
    /// <param name="name">The attribute's name.</param>
    /// <param name="value">Its value.</param>
    /// <returns>The attribute.</returns>
    public static AttributeProto Attribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A float attribute.</summary>
    /// <param name="name">The attribute's name.</param>
    /// <param name="value">Its value.</param>
    /// <returns>The attribute.</returns>
    public static AttributeProto Attribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>An integer-list attribute.</summary>
    /// <param name="name">The attribute's name.</param>
    /// <param name="values">Its values.</param>
    /// <returns>The attribute.</returns>
    public static AttributeProto Attribute(string name, long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>The finished model: the graph, opset <see cref="Opset"/>, IR <see cref="IrVersion"/> and the metadata, checked by <see cref="OnnxModelCheck"/>.</summary>
    /// <param name="metadata">Key-value pairs stored in the model (ONNX metadata_props).</param>
    /// <param name="docString">A one-line description stored in the model.</param>
    /// <returns>The model.</returns>
    public ModelProto Build(IReadOnlyDictionary<string, string> metadata, string docString)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "RLArena",
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString(3) ?? "",
            DocString = docString,
            Graph = _graph.Clone(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (var (key, value) in metadata) model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        OnnxModelCheck.ThrowIfInvalid(model);
        return model;
    }

    private string Unique(string name)
    {
        var candidate = name;
        for (var i = 1; _names.Contains(candidate); i++) candidate = $"{name}_{i}";
        _names.Add(candidate);
        return candidate;
    }

    private void Claim(string name)
    {
        if (!_names.Add(name)) throw new ArgumentException($"the graph already has a value named '{name}'.", nameof(name));
    }

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, long?[] dimensions)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dimensions)
            shape.Dim.Add(d is { } size ? new TensorShapeProto.Types.Dimension { DimValue = size } : new TensorShapeProto.Types.Dimension { DimParam = BatchDimension });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
