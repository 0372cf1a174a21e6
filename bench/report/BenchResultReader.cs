using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using RLArena.Core.Errors;

namespace RLArena.Bench.Report;

/// <summary>
/// Reads and checks a result file. Anything malformed is refused with one line naming the file, the field and the
/// fix, so a hand-edited or truncated file can never reach the page.
/// </summary>
public static partial class BenchResultReader
{
    /// <summary>The schema every result file declares.</summary>
    public const string Schema = "rlarena-bench/1";

    /// <summary>Every *.json file of a folder, oldest first; an empty list when the folder has none.</summary>
    /// <param name="resultsDir">The folder, usually bench/results.</param>
    public static IReadOnlyList<BenchResult> ReadAll(string resultsDir)
    {
        if (!Directory.Exists(resultsDir))
            throw new UserFacingException($"The results folder {resultsDir} does not exist: run a bench script (e.g. bench/mnist/run.sh) first, or pass --results DIR.");
        return Directory.GetFiles(resultsDir, "*.json").Order(StringComparer.Ordinal).Select(Read)
            .OrderBy(r => r.Date).ThenBy(r => r.File, StringComparer.Ordinal).ToList();
    }

    /// <summary>Reads one result file.</summary>
    /// <param name="path">The file.</param>
    public static BenchResult Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Bad(path, $"cannot be read ({e.Message})");
        }
        JsonDocument document;
        try { document = JsonDocument.Parse(text); }
        catch (JsonException e)
        {
            throw Bad(path, $"is not valid JSON (line {e.LineNumber + 1}: {FirstLine(e.Message)})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad(path, "must hold one JSON object");
            var schema = String(path, root, "schema");
            if (schema != Schema) throw Bad(path, $"has schema \"{schema}\"; this generator reads \"{Schema}\"");
            var benchmark = String(path, root, "benchmark");
            if (!BenchmarkName().IsMatch(benchmark))
                throw Bad(path, $"\"benchmark\" must be lower-case letters, digits and dashes, not \"{benchmark}\"");
            var dateText = String(path, root, "date");
            if (!DateTimeOffset.TryParse(dateText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
                throw Bad(path, $"\"date\" must be an ISO 8601 date such as 2026-11-27T18:00:00Z, not \"{dateText}\"");

            var machineElement = Property(path, root, "machine", JsonValueKind.Object);
            var cores = Number(path, machineElement, "machine.cores", "cores");
            if (cores < 1 || cores != Math.Floor(cores)) throw Bad(path, $"\"machine.cores\" must be a whole number of at least 1, not {cores}");
            var machine = new MachineInfo(String(path, machineElement, "cpu", "machine.cpu"), (int)cores,
                String(path, machineElement, "os", "machine.os"), Load(path, machineElement, "load_before", required: true)!,
                Load(path, machineElement, "load_after", required: false));

            var settings = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in Property(path, root, "settings", JsonValueKind.Object).EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String) throw Bad(path, $"\"settings.{p.Name}\" must be a string");
                settings[p.Name] = p.Value.GetString()!;
            }

            var peers = Property(path, root, "peers", JsonValueKind.Array).EnumerateArray()
                .Select((p, i) => new PeerInfo(String(path, p, "name", $"peers[{i}].name"), String(path, p, "version", $"peers[{i}].version"))).ToList();

            var figures = new List<Figure>();
            var index = 0;
            foreach (var f in Property(path, root, "figures", JsonValueKind.Array).EnumerateArray())
            {
                var at = $"figures[{index++}]";
                if (f.ValueKind != JsonValueKind.Object) throw Bad(path, $"\"{at}\" must be an object");
                var better = String(path, f, "better", $"{at}.better");
                if (better is not ("higher" or "lower")) throw Bad(path, $"\"{at}.better\" must be \"higher\" or \"lower\", not \"{better}\"");
                figures.Add(new Figure(String(path, f, "subject", $"{at}.subject"), String(path, f, "metric", $"{at}.metric"),
                    Number(path, f, $"{at}.value", "value"), String(path, f, "unit", $"{at}.unit"), better == "higher",
                    String(path, f, "source", $"{at}.source")));
            }

            var curves = new List<CurveSet>();
            if (root.TryGetProperty("curves", out var curvesElement))
            {
                if (curvesElement.ValueKind != JsonValueKind.Array) throw Bad(path, "\"curves\" must be an array");
                var c = 0;
                foreach (var curve in curvesElement.EnumerateArray())
                {
                    var at = $"curves[{c++}]";
                    if (curve.ValueKind != JsonValueKind.Object) throw Bad(path, $"\"{at}\" must be an object");
                    var runs = new List<CurveRun>();
                    var r = 0;
                    foreach (var run in Property(path, curve, "runs", JsonValueKind.Array, $"{at}.runs").EnumerateArray())
                    {
                        var runAt = $"{at}.runs[{r++}]";
                        var seed = Number(path, run, $"{runAt}.seed", "seed");
                        var points = new List<(double, double)>();
                        var k = 0;
                        foreach (var point in Property(path, run, "points", JsonValueKind.Array, $"{runAt}.points").EnumerateArray())
                        {
                            var pointAt = $"{runAt}.points[{k++}]";
                            if (point.ValueKind != JsonValueKind.Array || point.GetArrayLength() != 2
                                || point[0].ValueKind != JsonValueKind.Number || point[1].ValueKind != JsonValueKind.Number
                                || !double.IsFinite(point[0].GetDouble()) || !double.IsFinite(point[1].GetDouble()))
                                throw Bad(path, $"\"{pointAt}\" must be a pair of finite numbers [step, value]");
                            points.Add((point[0].GetDouble(), point[1].GetDouble()));
                        }
                        runs.Add(new CurveRun((int)seed, points));
                    }
                    curves.Add(new CurveSet(String(path, curve, "name", $"{at}.name"), String(path, curve, "metric", $"{at}.metric"), runs));
                }
            }
            if (figures.Count == 0 && curves.Count == 0)
                throw Bad(path, "has no figures and no curves: the bench script stopped before it measured anything");

            return new BenchResult(path, benchmark, String(path, root, "title"), date.ToUniversalTime(), String(path, root, "commit"),
                machine, settings, peers, figures, curves);
        }
    }

    private static UserFacingException Bad(string path, string problem) =>
        new($"{path} {problem}; re-run the bench script that wrote it, or delete the file.");

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    private static JsonElement Property(string path, JsonElement parent, string name, JsonValueKind kind, string? at = null)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value))
            throw Bad(path, $"lacks \"{at ?? name}\"");
        if (value.ValueKind != kind)
            throw Bad(path, $"\"{at ?? name}\" must be {(kind == JsonValueKind.Object ? "an object" : kind == JsonValueKind.Array ? "an array" : kind.ToString().ToLowerInvariant())}");
        return value;
    }

    private static string String(string path, JsonElement parent, string name, string? at = null)
    {
        var value = Property(path, parent, name, JsonValueKind.String, at).GetString()!;
        if (string.IsNullOrWhiteSpace(value)) throw Bad(path, $"\"{at ?? name}\" must not be empty");
        return value;
    }

    private static double Number(string path, JsonElement parent, string at, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value))
            throw Bad(path, $"lacks \"{at}\"");
        if (value.ValueKind != JsonValueKind.Number || !double.IsFinite(value.GetDouble()))
            throw Bad(path, $"\"{at}\" must be a number");
        return value.GetDouble();
    }

    private static IReadOnlyList<double>? Load(string path, JsonElement machine, string name, bool required)
    {
        if (!machine.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) throw Bad(path, $"lacks \"machine.{name}\"");
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 3
            || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number || v.GetDouble() < 0))
            throw Bad(path, $"\"machine.{name}\" must be the three load averages [1 min, 5 min, 15 min]");
        return value.EnumerateArray().Select(v => v.GetDouble()).ToList();
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex BenchmarkName();
}
