namespace RLArena.Environments.Registry;

/// <summary>
/// A bad environment spec: an unknown name, an unknown option, or a value that does not parse or is out of range.
/// The message is one line that names the problem and lists what is valid; the CLI shows it as a usage error.
/// </summary>
public sealed class EnvSpecException : ArgumentException
{
    /// <summary>A bad environment spec.</summary>
    /// <param name="message">One line naming the problem and what is valid.</param>
    public EnvSpecException(string message) : base(message) { }
}
