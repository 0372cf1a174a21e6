using System.Globalization;

namespace RLArena.Environments.ClassicControl;

/// <summary>
/// The id of a classic-control environment made with options: its name alone with the defaults, else
/// <c>name:option,option</c> in the registry's spelling (<c>mountaincar:low=-0.3,high=-0.2</c>), numbers in the
/// invariant culture. Also the checks of a reset interval [low, high], which three of them take.
/// </summary>
internal static class EnvOptionsId
{
    /// <summary>
    /// <paramref name="name"/>, followed by the options that are not null (those that differ from their defaults).
    /// </summary>
    /// <param name="name">The registry name.</param>
    /// <param name="options">One <c>key=value</c> text per option, null where the option has its default.</param>
    public static string Compose(string name, params ReadOnlySpan<string?> options)
    {
        var given = new List<string>();
        foreach (var option in options)
        {
            if (option is not null) given.Add(option);
        }
        return given.Count == 0 ? name : $"{name}:{string.Join(',', given)}";
    }

    /// <summary><c>key=value</c>, or null when <paramref name="value"/> is <paramref name="defaultValue"/>.</summary>
    /// <param name="key">The option's name.</param>
    /// <param name="value">Its value.</param>
    /// <param name="defaultValue">Its default.</param>
    public static string? Option(string key, double value, double defaultValue) =>
        value == defaultValue ? null : string.Create(CultureInfo.InvariantCulture, $"{key}={value}");

    /// <summary>
    /// Refuses a reset interval that is not two finite numbers with low ≤ high; returns its option text
    /// (<c>low=L,high=H</c>), or null when both ends are the defaults.
    /// </summary>
    /// <param name="low">The lower end of the reset interval.</param>
    /// <param name="high">The upper end.</param>
    /// <param name="defaultLow">Gymnasium's lower end.</param>
    /// <param name="defaultHigh">Gymnasium's upper end.</param>
    public static string? ResetInterval(double low, double high, double defaultLow, double defaultHigh)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high))
            throw new ArgumentException($"the reset bounds must be finite numbers, not {low} and {high}.");
        if (low > high)
            throw new ArgumentException($"the reset lower bound ({low}) must not exceed the upper bound ({high}); swap them.");
        return low == defaultLow && high == defaultHigh ? null : string.Create(CultureInfo.InvariantCulture, $"low={low},high={high}");
    }
}
