namespace RLArena.Core.Errors;

/// <summary>
/// A problem the user can fix (a bad file, a wrong flag, a missing library). The CLI prints its message as one
/// line, without a stack trace. <see cref="ExitCode"/> is 2 for usage errors and 1 for everything else.
/// </summary>
public class UserFacingException : Exception
{
    public UserFacingException(string message, int exitCode = 1, Exception? inner = null) : base(message, inner)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}

/// <summary>A wrong flag, option or config value: exit code 2, and the CLI shows the usage.</summary>
public sealed class UsageException : UserFacingException
{
    public UsageException(string message) : base(message, 2) { }
}
