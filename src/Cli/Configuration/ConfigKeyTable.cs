using System.Reflection;
using RLArena.Engine.Config;

namespace RLArena.Cli.Configuration;

/// <summary>One setting of a config: its snake_case key, value type, default, valid range and help text.</summary>
/// <param name="Key">The key as written in a config file or after <c>--set</c> (<c>learning_rate</c>).</param>
/// <param name="Type">What a value looks like: "integer", "number", "true/false", "text", a list of choices.</param>
/// <param name="Default">The default value, as it would be written in a config file.</param>
/// <param name="Range">The valid range ("[1, ∞)") where one is declared, else "".</param>
/// <param name="Description">The summary of the property's XML doc comment.</param>
internal sealed record ConfigKey(string Key, string Type, string Default, string Range, string Description);

/// <summary>
/// Every key of a settings class, read from the class itself: the keys and defaults through
/// <see cref="ConfigBinder"/>, the ranges from each property's <see cref="ConfigRangeAttribute"/>, the help from its
/// doc comment. Nothing is listed by hand, so the table cannot drift from what the binder accepts.
/// </summary>
internal static class ConfigKeyTable
{
    /// <summary>The keys of <paramref name="defaults"/>'s type, in the order config.yaml writes them, with its values as defaults.</summary>
    public static IReadOnlyList<ConfigKey> For(object defaults)
    {
        var type = defaults.GetType();
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .GroupBy(p => ConfigBinder.SnakeCase(p.Name))
            .ToDictionary(g => g.Key, g => g.First());
        return ConfigBinder.Describe(defaults).Select(pair =>
        {
            var property = properties[pair.Key];
            var range = property.GetCustomAttribute<ConfigRangeAttribute>()?.ToString() ?? "";
            return new ConfigKey(pair.Key, TypeText(property.PropertyType), pair.Value, range, XmlDocSummaries.Of(property));
        }).ToList();
    }

    private static string TypeText(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(int) || target == typeof(long)) return "integer";
        if (target == typeof(double) || target == typeof(float)) return "number";
        if (target == typeof(bool)) return "true/false";
        if (target == typeof(int[])) return "integers, comma-separated";
        if (target.IsEnum) return string.Join(" | ", ConfigBinder.EnumTexts(target));
        return "text";
    }
}
