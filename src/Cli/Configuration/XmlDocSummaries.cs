using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace RLArena.Cli.Configuration;

/// <summary>
/// The <c>&lt;summary&gt;</c> of a property as plain text, read from the XML documentation file that the build writes
/// next to its assembly (RLArena.Agents.xml beside RLArena.Agents.dll). So the help for a setting is written once,
/// on the property, and <c>rlarena config keys</c> and the documentation site show that same text.
/// </summary>
internal static class XmlDocSummaries
{
    private static readonly Dictionary<Assembly, Dictionary<string, string>?> Files = [];

    /// <summary>The summary of <paramref name="property"/> on one line, or "" when its assembly has no XML file.</summary>
    public static string Of(PropertyInfo property)
    {
        var type = property.DeclaringType!;
        var summaries = Load(type.Assembly);
        if (summaries is null) return "";
        return summaries.TryGetValue($"P:{type.FullName!.Replace('+', '.')}.{property.Name}", out var text) ? text : "";
    }

    private static Dictionary<string, string>? Load(Assembly assembly)
    {
        lock (Files)
        {
            if (Files.TryGetValue(assembly, out var known)) return known;
            var path = Path.ChangeExtension(assembly.Location, ".xml");
            Dictionary<string, string>? summaries = null;
            if (File.Exists(path))
            {
                summaries = XDocument.Load(path).Descendants("member")
                    .Where(m => m.Attribute("name") is not null && m.Element("summary") is not null)
                    .ToDictionary(m => m.Attribute("name")!.Value, m => PlainText(m.Element("summary")!));
            }
            Files[assembly] = summaries;
            return summaries;
        }
    }

    /// <summary>The text of a summary: <c>&lt;see cref="T:A.B"/&gt;</c> becomes B, <c>&lt;c&gt;x&lt;/c&gt;</c> becomes x, spaces collapse.</summary>
    private static string PlainText(XElement summary)
    {
        var parts = summary.Nodes().Select(node => node switch
        {
            XText text => text.Value,
            XElement { Name.LocalName: "see" or "seealso" } see =>
                see.Attribute("langword")?.Value ?? ShortName(see.Attribute("cref")?.Value ?? see.Value),
            XElement { Name.LocalName: "paramref" or "typeparamref" } reference => reference.Attribute("name")?.Value ?? "",
            XElement element => element.Value,
            _ => "",
        });
        return Regex.Replace(string.Concat(parts), @"\s+", " ").Trim();
    }

    /// <summary>"P:RLArena.Agents.Training.AgentConfig.Seed" → "Seed"; "M:A.B.C(System.Int32)" → "C".</summary>
    private static string ShortName(string cref)
    {
        var name = cref.Contains(':') ? cref[(cref.IndexOf(':') + 1)..] : cref;
        var paren = name.IndexOf('(');
        if (paren >= 0) name = name[..paren];
        var dot = name.LastIndexOf('.');
        return dot >= 0 ? name[(dot + 1)..] : name;
    }
}
