using System.Globalization;
using System.Text;
using RLArena.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RLArena.Engine.Config;

/// <summary>
/// Reads and writes flat YAML config files (<c>key: value</c>; a list value such as <c>[128, 64]</c> becomes
/// "128,64"). A byte-order mark is tolerated; anything but a flat mapping is a clear error.
/// </summary>
public static class ConfigYaml
{
    /// <summary>The key/value pairs of the YAML config file at <paramref name="path"/>; a missing file is a <see cref="UsageException"/>.</summary>
    /// <param name="path">The config file.</param>
    public static List<KeyValuePair<string, string>> ReadFile(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"config file '{path}' does not exist.");
        return Read(File.ReadAllText(path), path);
    }

    /// <summary>The key/value pairs of a flat YAML mapping (lists become comma-separated text); malformed YAML is a <see cref="UsageException"/>.</summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="source">Where it came from, for messages (a file name).</param>
    public static List<KeyValuePair<string, string>> Read(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text.TrimStart('\uFEFF')));
        }
        catch (YamlException e)
        {
            throw new UsageException($"{source}: not valid YAML at line {e.Start.Line}: {e.Message}");
        }
        var result = new List<KeyValuePair<string, string>>();
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            return result;
        if (stream.Documents[0].RootNode is not YamlMappingNode mapping)
            throw new UsageException($"{source}: expected 'key: value' lines at the top level.");
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            var value = valueNode switch
            {
                YamlScalarNode scalar => scalar.Value ?? "",
                YamlSequenceNode sequence when sequence.Children.All(c => c is YamlScalarNode) =>
                    string.Join(",", sequence.Children.Select(c => ((YamlScalarNode)c).Value)),
                _ => throw new UsageException($"{source}: '{key}' must be a single value or a list of values, not a nested section."),
            };
            result.Add(new(key, value));
        }
        return result;
    }

    /// <summary>The settings as a YAML mapping, one <c>key: value</c> line each, in order.</summary>
    /// <param name="settings">Keys and values as from <see cref="ConfigBinder.Describe(object)"/>.</param>
    public static string Write(IEnumerable<KeyValuePair<string, string>> settings)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in settings) text.Append(key).Append(": ").AppendLine(Quote(value));
        return text.ToString();
    }

    private static string Quote(string value)
    {
        if (value.Length == 0) return "\"\"";
        var plain = value.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '/' or '+' or ',')
                    && !value.StartsWith('-') || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        if (plain && !value.Contains(',')) return value;
        if (plain && value.Contains(',')) return "[" + value.Replace(",", ", ") + "]";
        return "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }
}
