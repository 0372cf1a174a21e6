using Onnx;
using RLArena.Core.Errors;

namespace RLArena.Onnx;

/// <summary>
/// The structural checks of ONNX's own checker that apply to the graphs RLArena writes, done in C# (OnnxSharp has
/// no checker): an IR version and a default-domain opset are set, every value has one producer, nodes come in
/// topological order (each input is a graph input, a weight or an earlier node's output), every graph output is
/// produced, inputs and outputs have an element type and a shape, and every weight's bytes fill its shape.
/// </summary>
public static class OnnxModelCheck
{
    /// <summary>Every problem found, one line each; empty when the model passes.</summary>
    /// <param name="model">The model to check.</param>
    /// <returns>The problems.</returns>
    public static IReadOnlyList<string> Problems(ModelProto model)
    {
        var problems = new List<string>();
        if (model.IrVersion <= 0) problems.Add("the model has no IR version.");
        if (!model.OpsetImport.Any(o => o.Domain == "" && o.Version > 0)) problems.Add("the model imports no opset of the default ONNX domain.");
        var graph = model.Graph;
        if (graph is null)
        {
            problems.Add("the model has no graph.");
            return problems;
        }
        if (graph.Input.Count == 0) problems.Add("the graph has no input.");
        if (graph.Output.Count == 0) problems.Add("the graph has no output.");

        var defined = new HashSet<string>(StringComparer.Ordinal);
        void Define(string name, string what)
        {
            if (string.IsNullOrEmpty(name)) problems.Add($"{what} has no name.");
            else if (!defined.Add(name)) problems.Add($"'{name}' is defined twice (by {what}).");
        }
        foreach (var input in graph.Input)
        {
            Define(input.Name, "a graph input");
            CheckType(input, "input", problems);
        }
        foreach (var tensor in graph.Initializer)
        {
            Define(tensor.Name, "a weight");
            var count = tensor.Dims.Aggregate(1L, (a, b) => a * b);
            if (tensor.DataType == (int)TensorProto.Types.DataType.Float)
            {
                var stored = tensor.RawData.Length > 0 ? tensor.RawData.Length / sizeof(float) : tensor.FloatData.Count;
                if (stored != count) problems.Add($"weight '{tensor.Name}' holds {stored} floats for shape [{string.Join(", ", tensor.Dims)}].");
            }
        }
        foreach (var node in graph.Node)
        {
            if (string.IsNullOrEmpty(node.OpType)) problems.Add($"node '{node.Name}' has no operator.");
            foreach (var input in node.Input)
                if (input.Length > 0 && !defined.Contains(input))
                    problems.Add($"node '{node.Name}' ({node.OpType}) reads '{input}', which no earlier node, input or weight defines.");
            foreach (var output in node.Output) Define(output, $"node '{node.Name}'");
        }
        foreach (var output in graph.Output)
        {
            if (!defined.Contains(output.Name)) problems.Add($"graph output '{output.Name}' is not produced by any node.");
            CheckType(output, "output", problems);
        }
        return problems;
    }

    /// <summary>Throws a one-line <see cref="UserFacingException"/> naming the first problem when the model fails the checks.</summary>
    /// <param name="model">The model to check.</param>
    public static void ThrowIfInvalid(ModelProto model)
    {
        var problems = Problems(model);
        if (problems.Count > 0)
            throw new UserFacingException($"the ONNX graph failed its structural check: {problems[0]} ({problems.Count} problem(s)); this is a bug in the exporter, please report it.");
    }

    private static void CheckType(ValueInfoProto value, string what, List<string> problems)
    {
        var tensor = value.Type?.TensorType;
        if (tensor is null || tensor.ElemType == 0) problems.Add($"{what} '{value.Name}' has no element type.");
        else if (tensor.Shape is null) problems.Add($"{what} '{value.Name}' has no shape.");
    }
}
