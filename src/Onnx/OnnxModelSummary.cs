using System.Globalization;
using System.Text;
using Onnx;

namespace RLArena.Onnx;

/// <summary>One input or output of an ONNX file: its name, element type and shape ("batch" for the batch dimension).</summary>
/// <param name="Name">The value's name.</param>
/// <param name="Type">The element type, lower case ("float", "int64").</param>
/// <param name="Shape">The dimensions as text.</param>
public sealed record OnnxValueInfo(string Name, string Type, IReadOnlyList<string> Shape)
{
    /// <summary>"obs_0  float [batch, 4]".</summary>
    /// <returns>The line.</returns>
    public override string ToString() => $"{Name}  {Type} [{string.Join(", ", Shape)}]";
}

/// <summary>What <c>rlarena export</c> prints about a written ONNX file: inputs, outputs, opset, IR version, size, and how to load it.</summary>
/// <param name="Path">The file.</param>
/// <param name="Inputs">The graph inputs.</param>
/// <param name="Outputs">The graph outputs.</param>
/// <param name="Opset">The default-domain opset.</param>
/// <param name="IrVersion">The IR version.</param>
/// <param name="Bytes">The file size.</param>
/// <param name="Parameters">The number of weight values stored.</param>
public sealed record OnnxModelSummary(
    string Path,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs,
    long Opset,
    long IrVersion,
    long Bytes,
    long Parameters)
{
    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> (creating its folder) and summarises it.</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The .onnx file to write.</param>
    /// <returns>The summary of the written file.</returns>
    public static OnnxModelSummary Write(ModelProto model, string path)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        var temporary = path + ".tmp";
        model.WriteToFile(temporary);
        File.Move(temporary, path, overwrite: true);
        return Of(model, path);
    }

    /// <summary>The summary of a model written at <paramref name="path"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">Where it was written.</param>
    /// <returns>The summary.</returns>
    public static OnnxModelSummary Of(ModelProto model, string path) => new(
        path,
        model.Graph.Input.Select(Info).ToList(),
        model.Graph.Output.Select(Info).ToList(),
        model.OpsetImport.Where(o => o.Domain == "").Select(o => o.Version).DefaultIfEmpty(0).Max(),
        model.IrVersion,
        new FileInfo(path).Length,
        model.Graph.Initializer.Sum(t => t.Dims.Aggregate(1L, (a, b) => a * b)));

    /// <summary>The lines <c>rlarena export</c> prints: what was written, then one-line loading snippets for C# and Python.</summary>
    /// <returns>The lines.</returns>
    public IReadOnlyList<string> Lines()
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"Wrote {Path} ({Bytes:N0} bytes, {Parameters:N0} weights; ONNX opset {Opset}, IR version {IrVersion})"),
            "Inputs:",
        };
        lines.AddRange(Inputs.Select(i => "  " + i));
        lines.Add("Outputs:");
        lines.AddRange(Outputs.Select(o => "  " + o));
        var first = Inputs.FirstOrDefault()?.Name ?? "input";
        lines.Add("Load it:");
        lines.Add($"  C#      using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(\"{Path}\");  // NuGet Microsoft.ML.OnnxRuntime");
        lines.Add($"  Python  import numpy as np, onnxruntime as ort; s = ort.InferenceSession(\"{Path}\"); print(s.run(None, {{{FeedExample()}}}))");
        return lines;

        string FeedExample()
        {
            var feeds = new StringBuilder();
            foreach (var input in Inputs)
            {
                if (feeds.Length > 0) feeds.Append(", ");
                var shape = string.Join(", ", input.Shape.Select(d => d == OnnxGraphBuilder.BatchDimension ? "1" : d));
                feeds.Append(CultureInfo.InvariantCulture, $"\"{input.Name}\": np.ones(({shape}), np.float32)");
            }
            return feeds.Length > 0 ? feeds.ToString() : $"\"{first}\": ...";
        }
    }

    private static OnnxValueInfo Info(ValueInfoProto value)
    {
        var tensor = value.Type.TensorType;
        var type = ((TensorProto.Types.DataType)tensor.ElemType).ToString().ToLowerInvariant();
        var shape = tensor.Shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam
            ? d.DimParam
            : d.DimValue.ToString(CultureInfo.InvariantCulture)).ToList();
        return new OnnxValueInfo(value.Name, type, shape);
    }
}
