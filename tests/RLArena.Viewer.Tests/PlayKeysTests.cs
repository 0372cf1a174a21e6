using System.Diagnostics;
using RLArena.Environments;
using RLArena.Environments.Wrappers;
using RLArena.Viewer.Input;
using RLArena.Viewer.Playing;
using RLArena.Viewer.Raylib;
using RLArena.Viewer.Watching;

namespace RLArena.Viewer.Tests;

/// <summary>
/// Play mode with real key presses: xdotool types into the raylib window on Xvfb (X's XTEST extension, as a
/// keyboard would), and the session must act on them. Needs libraylib, a display and xdotool; skipped with the
/// reason where one is missing, as in CI.
/// </summary>
[NonParallelizable]
public class PlayKeysTests
{
    private const string Title = "RLArena play keys test";

    [Test]
    public void Holding_right_pushes_the_cart_right_and_esc_quits()
    {
        var (session, window, host, actions) = Open("cartpole");
        using (host)
        using (window)
        {
            // Esc while Right is still held: every step the game took was taken with the arrow down.
            var typing = Type(["keydown", "Right"], ["sleep", "0.1"], ["key", "Escape"], ["keyup", "Right"]);
            var seconds = Run(window, session);
            typing.Wait();
            Assert.Multiple(() =>
            {
                Assert.That(session.QuitRequested, Is.True, $"Esc ended the session (ran {seconds:0.0} s)");
                Assert.That(actions, Has.Count.GreaterThanOrEqualTo(3), "the held arrow started the game and kept it stepping (50 a second)");
                Assert.That(actions, Is.All.EqualTo(1), "every push was to the right");
            });
        }
    }

    [Test]
    public void Each_space_press_is_one_turn_in_the_grid()
    {
        var (session, window, host, actions) = Open("gridworld");
        using (host)
        using (window)
        {
            var typing = Type(["key", "space"], ["sleep", "0.2"], ["key", "space"], ["sleep", "0.2"], ["key", "space"], ["sleep", "0.2"], ["key", "Escape"]);
            Run(window, session);
            typing.Wait();
            Assert.That(session.QuitRequested, Is.True, "Esc ended the session");
            Assert.That(actions, Is.EqualTo(new[] { 0, 0, 0 }), "three presses, three turns of the wait action (Space)");
        }
    }

    private static (PlaySession, RaylibWindow, WindowTestHost, List<int> Actions) Open(string environment)
    {
        var xdotool = XvfbDisplay.FindOnPath("xdotool");
        if (xdotool is null) Assert.Ignore("xdotool is not installed (apt-get install xdotool), so no real key presses can be sent.");
        var host = WindowTestHost.Require("play mode with real keys");
        var logged = new ActionLog(EnvRegistry.Make(environment));
        var runner = new EpisodeRunner(logged, seed: 1);
        var session = new PlaySession(runner, PlayKeyMap.For(logged), "play " + environment);
        var window = RaylibWindow.Open(host.Api, Title, 480, 320);
        return (session, window, host, logged.Actions);
    }

    /// <summary>Remembers every action the environment is stepped with.</summary>
    private sealed class ActionLog(IEnvironment inner) : EnvironmentWrapper(inner)
    {
        public List<int> Actions { get; } = new();

        public override StepOutcome Step(int action, Span<float> observation)
        {
            Actions.Add(action);
            return base.Step(action, observation);
        }
    }

    /// <summary>Runs the play loop on this thread (raylib's) until Esc, or 10 s at most; returns the seconds it ran.</summary>
    private static double Run(RaylibWindow window, PlaySession session)
    {
        var clock = Stopwatch.StartNew();
        PlayWindowLoop.Run(window, session, maxSeconds: 10);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>On another thread: waits for the window, focuses it, then runs the xdotool commands in order.</summary>
    private static Task Type(params string[][] commands) => Task.Run(() =>
    {
        Thread.Sleep(500);
        Xdotool("search", "--sync", "--name", Title, "windowfocus", "--sync");
        foreach (var command in commands)
        {
            if (command[0] == "sleep") Thread.Sleep(TimeSpan.FromSeconds(double.Parse(command[1], System.Globalization.CultureInfo.InvariantCulture)));
            else Xdotool(command);
        }
    });

    private static void Xdotool(params string[] arguments)
    {
        var info = new ProcessStartInfo(XvfbDisplay.FindOnPath("xdotool")!, arguments) { RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(10_000) || process.ExitCode != 0)
            throw new InvalidOperationException($"xdotool {string.Join(' ', arguments)} failed: {error}");
    }
}
