using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using RLArena.Core.Errors;
using TorchSharp;

namespace RLArena.Engine.Interop;

/// <summary>
/// Reads and writes the safetensors format (https://github.com/huggingface/safetensors): an unsigned 64-bit
/// little-endian header length, a UTF-8 JSON header mapping each tensor name to its <c>dtype</c>, <c>shape</c> and
/// <c>data_offsets</c> (plus an optional <c>__metadata__</c> object of strings), then the tensors' raw little-endian
/// bytes back to back. Written here rather than through TorchSharp.PyBridge so that the metadata, the tensor order
/// and the header's padding to 8 bytes (as the reference writer does) are ours to choose; every read checks the header
/// against the file and reports a damaged one in one line.
/// </summary>
public static class SafetensorsFile
{
    /// <summary>The header key that holds the text metadata.</summary>
    public const string MetadataKey = "__metadata__";

    private const long MaxHeaderBytes = 100_000_000;

    private static readonly (string Name, torch.ScalarType Type, int Size)[] Types =
    [
        ("F64", torch.ScalarType.Float64, 8), ("F32", torch.ScalarType.Float32, 4), ("F16", torch.ScalarType.Float16, 2),
        ("BF16", torch.ScalarType.BFloat16, 2), ("I64", torch.ScalarType.Int64, 8), ("I32", torch.ScalarType.Int32, 4),
        ("I16", torch.ScalarType.Int16, 2), ("I8", torch.ScalarType.Int8, 1), ("U8", torch.ScalarType.Byte, 1),
        ("BOOL", torch.ScalarType.Bool, 1),
    ];

    /// <summary>The safetensors name of a tensor element type ("F32" for float32).</summary>
    /// <param name="type">A TorchSharp element type.</param>
    public static string TypeName(torch.ScalarType type) =>
        Types.FirstOrDefault(t => t.Type == type).Name
        ?? throw new ArgumentException($"safetensors has no element type for {type}", nameof(type));

    /// <summary>Writes <paramref name="tensors"/> (in their order) and their metadata to <paramref name="path"/>.</summary>
    /// <param name="path">The file to write (replaced when it exists).</param>
    /// <param name="tensors">The named tensors.</param>
    public static void Write(string path, StateDict tensors)
    {
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            if (tensors.Metadata.Count > 0)
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in tensors.Metadata) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, tensor) in tensors.Entries)
            {
                var length = tensor.NumberOfElements * tensor.ElementSize;
                json.WriteStartObject(name);
                json.WriteString("dtype", TypeName(tensor.dtype));
                json.WriteStartArray("shape");
                foreach (var size in tensor.shape) json.WriteNumberValue(size);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += length;
            }
            json.WriteEndObject();
        }
        while ((header.Length + 8) % 8 != 0) header.WriteByte((byte)' ');

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Span<byte> length8 = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length8, (ulong)header.Length);
        stream.Write(length8);
        header.Position = 0;
        header.CopyTo(stream);
        foreach (var (_, tensor) in tensors.Entries) stream.Write(tensor.bytes);
    }

    /// <summary>Reads every tensor and the metadata of the safetensors file at <paramref name="path"/>.</summary>
    /// <param name="path">An existing file.</param>
    public static StateDict Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8) throw Bad(path, "it is shorter than the 8-byte header length");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > bytes.Length - 8)
            throw Bad(path, $"its header length ({headerLength} bytes) does not fit the file ({bytes.Length} bytes)");
        var dataStart = 8 + (int)headerLength;
        var dataLength = bytes.Length - dataStart;

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        }
        catch (JsonException e)
        {
            throw Bad(path, $"its header is not valid JSON ({e.Message.ReplaceLineEndings(" ")})");
        }
        var result = new StateDict();
        try
        {
            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object) throw Bad(path, "its header is not a JSON object");
                foreach (var entry in document.RootElement.EnumerateObject())
                {
                    if (entry.Name == MetadataKey)
                    {
                        if (entry.Value.ValueKind != JsonValueKind.Object) throw Bad(path, "its __metadata__ is not an object");
                        foreach (var pair in entry.Value.EnumerateObject())
                        {
                            if (pair.Value.ValueKind != JsonValueKind.String) throw Bad(path, $"metadata '{pair.Name}' is not a string");
                            result.Metadata[pair.Name] = pair.Value.GetString()!;
                        }
                        continue;
                    }
                    result.Add(entry.Name, ReadTensor(path, entry, bytes, dataStart, dataLength));
                }
            }
        }
        catch
        {
            result.Dispose();
            throw;
        }
        return result;
    }

    private static torch.Tensor ReadTensor(string path, JsonProperty entry, byte[] bytes, int dataStart, int dataLength)
    {
        var name = entry.Name;
        var value = entry.Value;
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shapeJson) || shapeJson.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsetsJson) || offsetsJson.ValueKind != JsonValueKind.Array
            || offsetsJson.GetArrayLength() != 2)
            throw Bad(path, $"tensor '{name}' lacks its dtype, shape or data_offsets");
        var type = Types.FirstOrDefault(t => t.Name == dtype.GetString());
        if (type.Name is null) throw Bad(path, $"tensor '{name}' has the element type '{dtype.GetString()}', which RLArena does not read");
        var shape = new long[shapeJson.GetArrayLength()];
        var index = 0;
        foreach (var size in shapeJson.EnumerateArray())
        {
            if (!size.TryGetInt64(out var s) || s < 0) throw Bad(path, $"tensor '{name}' has a negative or non-integer size in its shape");
            shape[index++] = s;
        }
        var begin = offsetsJson[0].TryGetInt64(out var b) ? b : -1;
        var end = offsetsJson[1].TryGetInt64(out var e) ? e : -1;
        var expected = shape.Aggregate(1L, (a, s) => a * s) * type.Size;
        if (begin < 0 || end < begin || end > dataLength)
            throw Bad(path, $"tensor '{name}' has data offsets [{begin}, {end}] outside the {dataLength} data bytes");
        if (end - begin != expected)
            throw Bad(path, $"tensor '{name}' of shape {StateDict.FormatShape(shape)} needs {expected} bytes, its offsets give {end - begin}");
        var tensor = torch.empty(shape, type.Type);
        tensor.bytes = bytes.AsSpan(dataStart + (int)begin, (int)expected);
        return tensor;
    }

    private static UserFacingException Bad(string path, string why) =>
        new($"'{path}' is not a valid safetensors file: {why}. Write it with safetensors' save_file or 'rlarena export --format safetensors'.");
}
