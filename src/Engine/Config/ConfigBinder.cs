using System.Globalization;
using System.Reflection;
using System.Text;
using RLArena.Core.Errors;

namespace RLArena.Engine.Config;

/// <summary>
/// Binds <c>snake_case</c> keys to the public settable properties of a settings class (<c>LearningRate</c> ↔
/// <c>learning_rate</c>). Strict: an unknown key names the closest valid one; a bad value says what was expected.
/// Supported property types: int, long, float, double, bool, string, enums (snake_case member names, or the text
/// of a <see cref="ConfigValueAttribute"/>) and int[] (comma-separated). Ranges declared with
/// <see cref="ConfigRangeAttribute"/> are checked by <see cref="Validate"/>.
/// </summary>
public static class ConfigBinder
{
    /// <summary>The keys of <paramref name="type"/>'s settings, base-class keys first, each class's in declaration order.</summary>
    /// <param name="type">A settings class.</param>
    public static IReadOnlyList<string> Keys(Type type) => Properties(type).Select(p => p.Key).ToList();

    /// <summary>Applies values in order (later wins); <paramref name="source"/> names where they came from.</summary>
    public static void Apply(object target, IEnumerable<KeyValuePair<string, string>> values, string source)
    {
        var properties = Properties(target.GetType()).ToDictionary(p => p.Key, p => p.Property);
        foreach (var (rawKey, value) in values)
        {
            var key = rawKey.Trim().Replace('-', '_');
            if (!properties.TryGetValue(key, out var property))
            {
                var closest = Closest(key, properties.Keys);
                throw new UsageException(
                    $"{source}: unknown setting '{rawKey}'" + (closest is null ? "" : $"; did you mean '{closest}'?") +
                    $" Valid settings: {string.Join(", ", properties.Keys)}.");
            }
            property.SetValue(target, Parse(property.PropertyType, value.Trim(), key, source));
        }
    }

    /// <summary>Parses <c>key=value</c> overrides (from <c>--set</c>).</summary>
    public static IEnumerable<KeyValuePair<string, string>> ParseOverrides(IEnumerable<string> overrides)
    {
        foreach (var item in overrides)
        {
            var at = item.IndexOf('=');
            if (at <= 0) throw new UsageException($"--set {item}: expected key=value, for example --set learning_rate=0.001.");
            yield return new(item[..at].Trim(), item[(at + 1)..].Trim());
        }
    }

    /// <summary>Every setting as key and text, in declaration order: what goes into config.yaml.</summary>
    public static List<KeyValuePair<string, string>> Describe(object target) =>
        Properties(target.GetType()).Select(p => new KeyValuePair<string, string>(p.Key, Format(p.Property.GetValue(target)))).ToList();

    /// <summary>A value as written in a config file: invariant culture, round-trip numbers, snake_case enums, comma lists.</summary>
    /// <param name="value">A setting's value.</param>
    public static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        Enum e => EnumText(e.GetType(), e.ToString()),
        int[] a => string.Join(",", a),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>"LearningRate" → "learning_rate": the key of a property name.</summary>
    /// <param name="name">A PascalCase name.</param>
    public static string SnakeCase(string name)
    {
        var text = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousLower = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextLower = i > 0 && i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]);
                if (previousLower || nextLower) text.Append('_');
                text.Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }

    /// <summary>The candidate with the smallest edit distance, if it is reasonably close.</summary>
    public static string? Closest(string key, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = EditDistance(key, candidate);
            if (distance < bestDistance) (best, bestDistance) = (candidate, distance);
        }
        return best is not null && bestDistance <= Math.Max(2, best.Length / 2) ? best : null;
    }

    /// <summary>
    /// Checks every setting that declares a <see cref="ConfigRangeAttribute"/> (and that no float setting is NaN or
    /// infinite); the first one out of range is a one-line <see cref="UsageException"/> naming the key, the value and
    /// the range.
    /// </summary>
    public static void Validate(object target)
    {
        foreach (var (key, property) in Properties(target.GetType()))
        {
            if (property.GetCustomAttribute<ConfigRangeAttribute>() is not { } range)
            {
                // A float setting without a declared range still refuses NaN and infinity.
                if (property.GetValue(target) is double or float && !double.IsFinite(Convert.ToDouble(property.GetValue(target), CultureInfo.InvariantCulture)))
                    throw new UsageException($"{key}={Format(property.GetValue(target))} is not a finite number; give a finite value.");
                continue;
            }
            var value = property.GetValue(target);
            if (value is int[] items)
            {
                if (items.Length == 0 || items.Any(i => !range.Contains(i)))
                    throw new UsageException($"{key}={Format(items)} is out of range; give one or more values, each in {range}.");
                continue;
            }
            var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            if (!double.IsFinite(number))
                throw new UsageException($"{key}={Format(value)} is not a finite number; expected a value in {range}.");
            if (!range.Contains(number))
                throw new UsageException($"{key}={Format(value)} is out of range; expected a value in {range}.");
        }
    }

    /// <summary>The declared range of <paramref name="key"/> on <paramref name="type"/>, or null when it has none.</summary>
    public static ConfigRangeAttribute? RangeOf(Type type, string key) =>
        Properties(type).Where(p => p.Key == key).Select(p => p.Property.GetCustomAttribute<ConfigRangeAttribute>()).FirstOrDefault();

    /// <summary>The text of every member of an enum, in declaration order ("relu", "tanh").</summary>
    public static IReadOnlyList<string> EnumTexts(Type enumType) => Enum.GetNames(enumType).Select(n => EnumText(enumType, n)).ToList();

    private static string EnumText(Type enumType, string member) =>
        enumType.GetField(member)?.GetCustomAttribute<ConfigValueAttribute>()?.Text ?? SnakeCase(member);

    // Base-class settings first (the keys every algorithm shares), then each class's own in declaration order.
    private static IEnumerable<(string Key, PropertyInfo Property)> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetSetMethod() is not null)
            .OrderBy(p => Depth(p.DeclaringType))
            .ThenBy(p => p.MetadataToken)
            .Select(p => (SnakeCase(p.Name), p));

    private static int Depth(Type? type)
    {
        var depth = 0;
        for (; type?.BaseType is not null; type = type.BaseType) depth++;
        return depth;
    }

    private static object Parse(Type type, string text, string key, string source)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        object? value = null;
        if (target == typeof(string)) return text;
        if (target == typeof(int) && int.TryParse(text.Replace("_", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)) value = i;
        else if (target == typeof(long) && long.TryParse(text.Replace("_", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) value = l;
        else if (target == typeof(double) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) value = d;
        else if (target == typeof(float) && float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f)) value = f;
        else if (target == typeof(bool) && TryParseBool(text, out var b)) value = b;
        else if (target.IsEnum)
        {
            var wanted = text.ToLowerInvariant().Replace('-', '_');
            var match = Enum.GetNames(target).FirstOrDefault(n => EnumText(target, n) == wanted || SnakeCase(n) == wanted
                                                                  || string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
            if (match is not null) value = Enum.Parse(target, match);
            else throw new UsageException($"{source}: {key}={text} is not valid; expected one of {string.Join(", ", EnumTexts(target))}.");
        }
        else if (target == typeof(int[]))
        {
            var parts = text.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var numbers = new int[parts.Length];
            for (var k = 0; k < parts.Length; k++)
            {
                if (!int.TryParse(parts[k], NumberStyles.Integer, CultureInfo.InvariantCulture, out numbers[k]))
                    throw new UsageException($"{source}: {key}={text} is not valid; expected whole numbers separated by commas, like 128,64.");
            }
            value = numbers;
        }
        return value ?? throw new UsageException($"{source}: {key}={text} is not valid; expected {Describe(target)}.");
    }

    private static bool TryParseBool(string text, out bool value)
    {
        switch (text.ToLowerInvariant())
        {
            case "true" or "yes" or "on" or "1": value = true; return true;
            case "false" or "no" or "off" or "0": value = false; return true;
            default: value = false; return false;
        }
    }

    private static string Describe(Type type) =>
        type == typeof(int) || type == typeof(long) ? "a whole number"
        : type == typeof(double) || type == typeof(float) ? "a number"
        : type == typeof(bool) ? "true or false"
        : type.Name;

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
