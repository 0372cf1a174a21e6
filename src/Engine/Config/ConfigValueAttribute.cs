namespace RLArena.Engine.Config;

/// <summary>
/// The text a config file uses for an enum member when its snake_case name would read badly
/// (<c>[ConfigValue("relu")] ReLU</c> instead of "re_lu"). <see cref="ConfigBinder"/> reads and writes this text.
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class ConfigValueAttribute(string text) : Attribute
{
    /// <summary>The lower-case text written to config.yaml and checkpoints.</summary>
    public string Text { get; } = text;
}
