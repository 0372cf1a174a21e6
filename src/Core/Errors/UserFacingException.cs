namespace RLArena.Core.Errors;

/// <summary>
/// A problem the user can fix (a bad file, a wrong flag, a missing library). The CLI prints its message as one
/// line, without a stack trace. <see cref="ExitCode"/> is 2 for usage errors and 1 for everything else.
/// </summary>
public class UserFacingException : Exception
{
    /// <summary>A problem the user can fix, with the exit code the CLI ends with.</summary>
    /// <param name="message">One line naming the problem and the fix.</param>
    /// <param name="exitCode">The process exit code: 1 by default, 2 for usage errors.</param>
    /// <param name="inner">The exception that caused it, if any (never shown to the user).</param>
    public UserFacingException(string message, int exitCode = 1, Exception? inner = null) : base(message, inner)
    {
        ExitCode = exitCode;
    }

    /// <summary>The process exit code the CLI ends with: 2 for usage errors, 1 for everything else.</summary>
    public int ExitCode { get; }
}

/// <summary>A wrong flag, option or config value: exit code 2, and the CLI shows the usage.</summary>
public sealed class UsageException : UserFacingException
{
    /// <summary>A usage error (exit code 2).</summary>
    /// <param name="message">One line naming the flag, option or value at fault and what is valid.</param>
    public UsageException(string message) : base(message, 2) { }
}
