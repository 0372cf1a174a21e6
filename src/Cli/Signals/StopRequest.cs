using System.Runtime.InteropServices;

namespace RLArena.Cli.Signals;

/// <summary>
/// Turns Ctrl+C (SIGINT) and SIGTERM — what <c>timeout</c>, <c>docker stop</c>, systemd and Slurm send — into a request
/// to stop cleanly: the first signal cancels <see cref="Token"/> (training finishes or abandons its update and saves a
/// checkpoint) and says so on stderr; a second signal quits at once. <see cref="ExitCode"/> is what a shell expects
/// after the signal: 130 for SIGINT, 143 for SIGTERM. Signals go back to their default handling on <see cref="Dispose"/>.
/// </summary>
public sealed class StopRequest : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly string _whatHappens;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signals;
    private int _firstSignal;

    /// <summary>
    /// Starts listening. <paramref name="whatHappens"/> completes the sentence printed on the first signal, e.g.
    /// "stopping after the current update and saving a checkpoint".
    /// </summary>
    public StopRequest(string whatHappens)
    {
        _whatHappens = whatHappens;
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
            _registrations.Add(PosixSignalRegistration.Create(signal, Handle));
    }

    /// <summary>Cancelled on the first signal (or by <see cref="Request"/>).</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Whether a stop was requested.</summary>
    public bool Requested => _source.IsCancellationRequested;

    /// <summary>The first signal received, or null (none, or a stop requested in code).</summary>
    public PosixSignal? Signal => _firstSignal == 0 ? null : (PosixSignal)_firstSignal;

    /// <summary>The exit code for the signal received: 143 for SIGTERM, 130 for SIGINT (and for a stop requested in code).</summary>
    public int ExitCode => ExitCodeFor(Signal ?? PosixSignal.SIGINT);

    /// <summary>How the signal is called in messages: "SIGTERM", or "Ctrl+C" for SIGINT.</summary>
    public string SignalName => Signal == PosixSignal.SIGTERM ? "SIGTERM" : "Ctrl+C";

    /// <summary>Requests a stop without a signal (the command's own cancellation token, say).</summary>
    public void Request() => _source.Cancel();

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true; // never the default (immediate) termination on the first signal
        if (Interlocked.Increment(ref _signals) > 1)
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine($"rlarena: second signal ({Name(context.Signal)}): quitting at once; the last saved checkpoint is kept.");
            QuitNow(ExitCodeFor(context.Signal));
        }
        Interlocked.CompareExchange(ref _firstSignal, (int)context.Signal, 0);
        Console.Error.WriteLine();
        Console.Error.WriteLine($"rlarena: {Name(context.Signal)} received: {_whatHappens} (send it again to quit at once)...");
        _source.Cancel();
    }

    /// <summary>
    /// Ends the process without running exit handlers: libtorch may be mid-computation on another thread, and its
    /// static destructors running under it crash the process (exit 139) instead of ending it with the signal's code.
    /// </summary>
    private static void QuitNow(int exitCode)
    {
        Console.Error.Flush();
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) ExitImmediately(exitCode);
        Environment.Exit(exitCode);
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void ExitImmediately(int status);

    private static string Name(PosixSignal signal) => signal == PosixSignal.SIGTERM ? "SIGTERM" : "Ctrl+C";

    private static int ExitCodeFor(PosixSignal signal) => signal == PosixSignal.SIGTERM ? 143 : 130;

    /// <summary>Stops listening: later signals get their default handling again.</summary>
    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _source.Dispose();
    }
}
