using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RLArena.Sweeps.Reporting;

/// <summary>
/// The best configuration as a configs/&lt;algo&gt;/&lt;env&gt;.yaml-style file: the base config's text with each
/// swept key's value replaced in its own line (comments and order kept), keys the base lacks appended, and a
/// comment at the top naming the sweep and the score.
/// </summary>
public static partial class BestConfigFile
{
    /// <summary>The YAML text of the base config with <paramref name="settings"/> applied.</summary>
    /// <param name="baseConfigYaml">The base config (flat "key: value" lines, as every configs/ file).</param>
    /// <param name="settings">The keys to set and their values as YAML scalars or flow lists.</param>
    /// <param name="header">Comment lines (without '#') put first.</param>
    public static string Merge(string baseConfigYaml, IReadOnlyDictionary<string, string> settings, IEnumerable<string> header)
    {
        ArgumentNullException.ThrowIfNull(baseConfigYaml);
        ArgumentNullException.ThrowIfNull(settings);
        var remaining = new Dictionary<string, string>(settings, StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (var line in header) text.Append("# ").AppendLine(line);
        foreach (var line in baseConfigYaml.Replace("\r\n", "\n").Split('\n'))
        {
            var match = TopLevelKey().Match(line);
            if (match.Success && remaining.Remove(match.Groups["key"].Value, out var value))
            {
                var comment = match.Groups["comment"].Success ? " " + match.Groups["comment"].Value : "";
                text.Append(match.Groups["key"].Value).Append(": ").Append(value)
                    .Append("  # swept (base: ").Append(match.Groups["value"].Value.Trim()).Append(')').Append(comment).Append('\n');
            }
            else text.Append(line).Append('\n');
        }
        while (text.Length > 1 && text[^1] == '\n' && text[^2] == '\n') text.Length--;
        if (remaining.Count > 0 && text.Length > 0 && text[^1] != '\n') text.Append('\n');
        foreach (var (key, value) in remaining.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            text.Append(key).Append(": ").Append(value).Append("  # swept (not in the base config)").Append('\n');
        return text.ToString();
    }

    /// <summary>The header: which sweep chose this configuration, with what score.</summary>
    /// <param name="input">The sweep.</param>
    /// <param name="best">The best configuration.</param>
    internal static IEnumerable<string> Header(SweepReportInput input, ConfigurationSummary best)
    {
        var inv = CultureInfo.InvariantCulture;
        var iqm = best.Iqm!.Value;
        yield return $"{input.Algorithm} on {input.Environment}: the best configuration ({best.ConfigurationId}) of sweep {input.SweepName},";
        yield return $"{input.MetricName} IQM {iqm.Value.ToString("G6", inv)} ({ReportTables.Percent(input.Confidence)} CI "
                     + $"{iqm.Lower.ToString("G6", inv)} to {iqm.Upper.ToString("G6", inv)}) over {best.Finished} seeds; written by rlarena sweep report.";
    }

    [GeneratedRegex(@"^(?<key>[A-Za-z_][A-Za-z0-9_]*)\s*:(?<value>[^#]*?)(?:\s+(?<comment>#.*))?$")]
    private static partial Regex TopLevelKey();
}
