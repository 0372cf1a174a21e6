using System.ComponentModel;
using RLArena.Core.Errors;
using RLArena.Environments;
using RLArena.Environments.Checking;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary>
/// <c>rlarena check-env ENV</c>: Gymnasium's <c>check_env</c> for a registered environment. Prints each check as passed,
/// failed (with why) or skipped, then a summary line; exits 0 when every check passed and 1 when any failed.
/// </summary>
public sealed class CheckEnvCommand(IAnsiConsole output) : Command<CheckEnvCommand.Settings>
{
    private readonly IAnsiConsole _console = ReportConsole.Widened(output);

    /// <summary>The most episodes <c>--episodes</c> accepts.</summary>
    public const int MaxEpisodes = 1000;

    /// <summary>The environment spec and how hard to check it.</summary>
    public sealed class Settings : PluginSettings
    {
        [CommandArgument(0, "<ENV>")]
        [Description("The environment spec to check, e.g. cartpole or gridworld:size=8,obs=visual ('rlarena envs' lists them).")]
        public string Env { get; init; } = "";

        [CommandOption("--seed <S>")]
        [Description("Seed of the checks' resets and random actions, 0 or more (default 123).")]
        public int Seed { get; init; } = 123;

        [CommandOption("--episodes <N>")]
        [Description("Episodes rolled out with random actions, 1..1000 (default 5).")]
        public int Episodes { get; init; } = 5;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Seed < 0) throw new UsageException($"--seed {settings.Seed}: must be 0 or more.");
        if (settings.Episodes is < 1 or > MaxEpisodes) throw new UsageException($"--episodes {settings.Episodes}: must be from 1 to {MaxEpisodes}.");
        settings.LoadPlugins();
        var first = EnvRegistry.Make(settings.Env); // a bad spec is a usage error before anything runs
        _console.WriteLine($"Checking {first.Id} ('{first.Metadata.DisplayName}'): seed {settings.Seed}, {settings.Episodes} episode(s) of random actions");
        _console.WriteLine();

        var report = EnvChecker.Run(() => EnvRegistry.Make(settings.Env), new EnvCheckOptions { Seed = settings.Seed, Episodes = settings.Episodes });
        foreach (var check in report.Checks) _console.WriteLine(Line(check));
        _console.WriteLine();
        _console.WriteLine(Summary(report));
        return report.Passed ? 0 : 1;
    }

    private static string Line(EnvCheckResult check)
    {
        var status = check.Skipped ? "SKIP" : check.Passed ? "PASS" : "FAIL";
        return check.Detail.Length == 0 ? $"  {status}  {check.Name}" : $"  {status}  {check.Name}: {check.Detail}";
    }

    /// <summary>"6 passed, 0 failed, 1 skipped: ..." with the verdict.</summary>
    public static string Summary(EnvCheckReport report)
    {
        var skipped = report.Checks.Count(c => c.Skipped);
        var failed = report.Checks.Count(c => !c.Passed);
        var passed = report.Checks.Count - skipped - failed;
        var counts = $"{passed} passed, {failed} failed, {skipped} skipped";
        return failed == 0
            ? $"{counts}: {report.Id} follows the environment contract."
            : $"{counts}: {report.Id} breaks the environment contract; fix the failed checks above.";
    }
}
