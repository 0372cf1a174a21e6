using System.Globalization;
using RLArena.Environments.Registry;

namespace RLArena.Environments;

/// <summary>
/// The options of one environment spec ("name:key=value,..."), read with typed accessors that throw a one-line
/// <see cref="EnvSpecException"/> naming the option, the value and what is valid. Unknown keys were already refused
/// against <see cref="EnvRegistration.Options"/>.
/// </summary>
public sealed class EnvOptions(string environment, IReadOnlyList<KeyValuePair<string, string>> options)
{
    /// <summary>The registered name of the environment being made.</summary>
    public string Environment { get; } = environment;

    /// <summary>The options as given, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Given { get; } = options;

    /// <summary>The raw text of <paramref name="key"/>, or null when it was not given.</summary>
    public string? Raw(string key) => Given.FirstOrDefault(o => o.Key == key).Value;

    /// <summary>The integer option <paramref name="key"/>, or <paramref name="fallback"/>; a value that is not an integer in [<paramref name="min"/>, <paramref name="max"/>] is an <see cref="EnvSpecException"/>.</summary>
    /// <param name="key">The option's key.</param>
    /// <param name="fallback">The default, when the option is not given.</param>
    /// <param name="min">The smallest valid value.</param>
    /// <param name="max">The largest valid value.</param>
    public int Int(string key, int fallback, int min, int max)
    {
        var raw = Raw(key);
        if (raw is null) return fallback;
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new EnvSpecException($"{Environment} option {key}={raw} is invalid; expected a whole number from {min} to {(max == int.MaxValue ? "any" : max)}.");
        return value;
    }

    /// <summary>The number option <paramref name="key"/>, or <paramref name="fallback"/>; a value that is not a finite number in [<paramref name="min"/>, <paramref name="max"/>] is an <see cref="EnvSpecException"/>.</summary>
    /// <param name="key">The option's key.</param>
    /// <param name="fallback">The default, when the option is not given.</param>
    /// <param name="min">The smallest valid value.</param>
    /// <param name="max">The largest valid value.</param>
    public double Double(string key, double fallback, double min, double max)
    {
        var raw = Raw(key);
        if (raw is null) return fallback;
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < min || value > max)
            throw new EnvSpecException($"{Environment} option {key}={raw} is invalid; expected a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");
        return value;
    }

    /// <summary>The true/false option <paramref name="key"/>, or <paramref name="fallback"/>; anything else is an <see cref="EnvSpecException"/>.</summary>
    /// <param name="key">The option's key.</param>
    /// <param name="fallback">The default, when the option is not given.</param>
    public bool Bool(string key, bool fallback)
    {
        var raw = Raw(key);
        if (raw is null) return fallback;
        return raw.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw new EnvSpecException($"{Environment} option {key}={raw} is invalid; expected true or false."),
        };
    }

    /// <summary>The option <paramref name="key"/> as a member of <typeparamref name="T"/> (by name, any case), or <paramref name="fallback"/>; another value is an <see cref="EnvSpecException"/> listing the members.</summary>
    /// <typeparam name="T">The enum of valid values.</typeparam>
    /// <param name="key">The option's key.</param>
    /// <param name="fallback">The default, when the option is not given.</param>
    public T Choice<T>(string key, T fallback) where T : struct, Enum
    {
        var raw = Raw(key);
        if (raw is null) return fallback;
        if (Enum.TryParse<T>(raw, ignoreCase: true, out var value) && Enum.IsDefined(value) && !raw.All(char.IsDigit)) return value;
        throw new EnvSpecException($"{Environment} option {key}={raw} is invalid; expected one of: {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");
    }

    /// <summary>The text of <paramref name="key"/>, or <paramref name="fallback"/> when it was not given.</summary>
    public string String(string key, string fallback) => Raw(key) ?? fallback;
}
