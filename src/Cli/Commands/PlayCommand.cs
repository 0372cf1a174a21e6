using System.ComponentModel;
using RLArena.Cli.Viewing;
using RLArena.Core.Errors;
using RLArena.Environments;
using RLArena.Viewer.Input;
using RLArena.Viewer.Playing;
using RLArena.Viewer.Raylib;
using RLArena.Viewer.Watching;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary>
/// <c>rlarena play</c>: a person plays an environment with the keyboard (Gymnasium's play utility, ML-Agents'
/// heuristic mode) with the keys the environment declares in its metadata; the panel shows the reward and the return.
/// </summary>
public sealed class PlayCommand : Command<PlayCommand.Settings>
{
    public sealed class Settings : PluginSettings
    {
        [CommandOption("--env <ENV>")]
        [Description("An environment that declares play keys (see 'rlarena envs'), e.g. gridworld (arrows, Space waits), cartpole (Left/Right) or gridworld:size=8,goals=2.")]
        public string? Env { get; init; }

        [CommandOption("--seed <S>")]
        [Description("Seed of the first episode (default: a random one).")]
        public int? Seed { get; init; }

        [CommandOption("--size <WxH>")]
        [Description("Window size in pixels (default 960x540).")]
        public string? Size { get; init; }

        [CommandOption("--raylib <PATH>")]
        [Description("The libraylib shared library (or its folder) to use; also RLARENA_RAYLIB.")]
        public string? Raylib { get; init; }

        [CommandOption("--seconds <T>")]
        [Description("Close the window after T seconds.")]
        public double? Seconds { get; init; }

        [CommandOption("--stats")]
        [Description("Print frame-rate statistics when the window closes.")]
        public bool Stats { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Env))
            throw new UsageException("play needs --env ENV, e.g. --env gridworld or --env cartpole ('rlarena envs' lists them all).");
        if (settings.Seconds is { } seconds && !(seconds > 0)) throw new UsageException($"--seconds {seconds}: must be positive.");
        SeedRange.Check("--seed", settings.Seed);
        settings.LoadPlugins();
        var env = EnvRegistry.Make(settings.Env);
        var keys = PlayKeyMap.For(env);
        var (width, height) = FrameSize.Parse(settings.Size, (960, 540));

        var api = RaylibApi.Load(RaylibLocator.ForThisProcess(settings.Raylib));
        using var window = RaylibWindow.Open(api, $"RLArena - play {env.Id}", width, height);
        var runner = new EpisodeRunner(env, settings.Seed);
        var session = new PlaySession(runner, keys, $"play {env.Id}");
        PlayWindowLoop.Run(window, session, settings.Seconds);
        if (settings.Stats) Console.WriteLine(window.Stats.Summary());
        if (runner.CompletedReturns.Count > 0)
            Console.WriteLine($"{runner.CompletedReturns.Count} episode(s): returns {string.Join(", ", runner.CompletedReturns.Select(r => r.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)))}.");
        return 0;
    }
}
