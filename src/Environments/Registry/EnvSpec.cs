namespace RLArena.Environments.Registry;

/// <summary>
/// A parsed spec "name" or "name:key=value,key=value": the lower-cased name and the options in the order given.
/// </summary>
public sealed record EnvSpec(string Name, IReadOnlyList<KeyValuePair<string, string>> Options)
{
    /// <summary>Splits "name:key=value,key=value" into the name and its options; a malformed spec is an <see cref="EnvSpecException"/>.</summary>
    /// <param name="spec">The spec as given to <c>--env</c>.</param>
    public static EnvSpec Parse(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw new EnvSpecException($"empty environment spec; valid environments: {string.Join(", ", EnvRegistry.Names)}.");
        var colon = spec.IndexOf(':');
        var name = (colon < 0 ? spec : spec[..colon]).Trim().ToLowerInvariant();
        var options = new List<KeyValuePair<string, string>>();
        if (colon >= 0)
        {
            var rest = spec[(colon + 1)..];
            if (rest.Trim().Length == 0) throw new EnvSpecException($"'{spec}': nothing after ':'; write options as name:key=value,key=value.");
            foreach (var part in rest.Split(','))
            {
                var eq = part.IndexOf('=');
                if (eq <= 0) throw new EnvSpecException($"'{spec}': option '{part.Trim()}' must look like key=value.");
                var key = part[..eq].Trim().ToLowerInvariant();
                if (options.Any(o => o.Key == key)) throw new EnvSpecException($"'{spec}': option '{key}' is given twice.");
                options.Add(new(key, part[(eq + 1)..].Trim()));
            }
        }
        return new EnvSpec(name, options);
    }
}
