using System.ComponentModel;
using System.Globalization;
using RLArena.Agents;
using RLArena.Agents.Deployment;
using RLArena.Cli.Viewing;
using RLArena.Engine.Devices;
using RLArena.Core.Errors;
using RLArena.Environments;
using RLArena.Viewer.Acting;
using RLArena.Viewer.Raylib;
using RLArena.Viewer.Recording;
using RLArena.Viewer.Watching;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary>
/// <c>rlarena watch</c>: a trained agent (or a random policy) acting in a raylib window with the episode counters and
/// its action probabilities or Q-values; with <c>--record</c>, the same pictures go to a GIF, MP4 or PNG frames
/// headlessly (no raylib, no display).
/// </summary>
public sealed class WatchCommand : Command<WatchCommand.Settings>
{
    public sealed class Settings : PluginSettings
    {
        [CommandOption("--checkpoint <PATH>")]
        [Description("A checkpoint written by 'rlarena train' (or its run directory); the environment comes from it.")]
        public string? Checkpoint { get; init; }

        [CommandOption("--policy <FILE>")]
        [Description("Instead of --checkpoint: an .onnx file written by 'rlarena export', run by ONNX Runtime (no TorchSharp); --env overrides its environment.")]
        public string? Policy { get; init; }

        [CommandOption("--random")]
        [Description("Watch a uniformly random policy (needs --env) instead of a checkpoint.")]
        public bool Random { get; init; }

        [CommandOption("--env <ENV>")]
        [Description("With --random: any environment spec (cartpole, gridworld:size=16,goals=3, acrobot, a plugin's game; see rlarena envs).")]
        public string? Env { get; init; }

        [CommandOption("--stochastic")]
        [Description("Sample actions (PPO) / act epsilon-greedy (DQN) instead of taking the most likely or greedy one.")]
        public bool Stochastic { get; init; }

        [CommandOption("--seed <S>")]
        [Description("Seed of the first episode (default 1).")]
        public int Seed { get; init; } = 1;

        [CommandOption("--record <PATH>")]
        [Description("Record headlessly instead of opening a window: out.gif, out.mp4 (need ffmpeg) or a folder for PNG frames.")]
        public string? Record { get; init; }

        [CommandOption("--episodes <N>")]
        [Description("With --record: episodes to record (default 1).")]
        public int Episodes { get; init; } = 1;

        [CommandOption("--size <WxH>")]
        [Description("Window or frame size in pixels (default 960x540 for the window, 600x400 for --record).")]
        public string? Size { get; init; }

        [CommandOption("--fps <F>")]
        [Description("With --record: frames per second of the GIF/MP4 (default: the environment's own pace from its metadata, cartpole 50, gridworld 5).")]
        public double? Fps { get; init; }

        [CommandOption("--speed <STEPS>")]
        [Description("Window: environment steps per second at the start (default: the environment's own pace, cartpole 50, gridworld 5); +/- change it.")]
        public double? Speed { get; init; }

        [CommandOption("--no-overlay")]
        [Description("Draw the scene alone, without the panel.")]
        public bool NoOverlay { get; init; }

        [CommandOption("--raylib <PATH>")]
        [Description("The libraylib shared library (or its folder) to use; also RLARENA_RAYLIB.")]
        public string? Raylib { get; init; }

        [CommandOption("--seconds <T>")]
        [Description("Close the window after T seconds (for demos and measurements).")]
        public double? Seconds { get; init; }

        [CommandOption("--stats")]
        [Description("Print frame-rate statistics when the window closes.")]
        public bool Stats { get; init; }

        [CommandOption("--device <DEVICE>")]
        [Description("auto, cpu, cuda or cuda:N for the policy (default auto).")]
        public string? Device { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var sources = (settings.Random ? 1 : 0) + (settings.Checkpoint is not null ? 1 : 0) + (settings.Policy is not null ? 1 : 0);
        if (sources != 1)
            throw new UsageException("watch needs one of --checkpoint PATH (a trained agent), --policy FILE.onnx (an exported one) or --random --env ENV.");
        SeedRange.Check("--seed", settings.Seed);
        if (settings.Policy is not null && settings.Device is not null)
            throw new UsageException("--device applies to --checkpoint; an ONNX policy runs on ONNX Runtime's CPU provider.");
        if (settings.Checkpoint is not null && settings.Env is not null)
            throw new UsageException("--env cannot be given with --checkpoint: the environment and its options come from the checkpoint.");
        if (settings.Random && string.IsNullOrWhiteSpace(settings.Env))
            throw new UsageException("--random needs --env, e.g. --env cartpole or --env gridworld:size=16.");
        if (settings.Episodes < 1) throw new UsageException($"--episodes {settings.Episodes}: must be at least 1.");
        if (settings.Record is null && (settings.Fps is not null))
            throw new UsageException("--fps applies to --record only; the window runs at 60 frames per second (use --speed for the pace).");
        if (settings.Speed is { } speed && !(speed > 0))
            throw new UsageException($"--speed {speed}: must be a positive number of steps per second.");
        if (settings.Seconds is { } seconds && !(seconds > 0))
            throw new UsageException($"--seconds {seconds}: must be positive.");
        if (settings.Record is not null) RecordingTarget.Parse(settings.Record); // bad extension: usage error before loading anything
        settings.LoadPlugins();

        IDisposable? policy = null;
        try
        {
            IEnvironment env;
            IActor actor;
            string title;
            if (settings.Checkpoint is not null)
            {
                var trained = TrainedPolicy.Load(settings.Checkpoint, DeviceSelector.Resolve(settings.Device));
                policy = trained;
                trained.Reseed(settings.Seed);
                env = trained.MakeEnvironment();
                actor = new PolicyActor(trained, deterministic: !settings.Stochastic);
                title = $"{trained.Algorithm.ToUpperInvariant()} {env.Id}";
            }
            else if (settings.Policy is not null)
            {
                var onnx = OnnxActingPolicy.Load(settings.Policy, settings.Seed);
                policy = onnx;
                env = onnx.MakeEnvironment(settings.Env);
                actor = new PolicyActor(onnx, deterministic: !settings.Stochastic);
                title = $"{onnx.Algorithm.ToUpperInvariant()} (ONNX) {env.Id}";
            }
            else
            {
                env = EnvRegistry.Make(settings.Env!);
                actor = new RandomActor(settings.Seed);
                title = $"random {env.Id}";
            }

            var runner = new EpisodeRunner(env, settings.Seed);
            if (settings.Record is not null) return Record(settings, runner, actor, title);

            var (width, height) = FrameSize.Parse(settings.Size, (960, 540));
            var api = RaylibApi.Load(RaylibLocator.ForThisProcess(settings.Raylib));
            using var window = RaylibWindow.Open(api, $"RLArena - {title}", width, height);
            var session = new WatchSession(runner, actor, title, settings.Speed);
            WatchWindowLoop.Run(window, session, settings.Seconds);
            if (settings.Stats) Console.WriteLine(window.Stats.Summary());
            ReportEpisodes(runner);
            return 0;
        }
        finally
        {
            policy?.Dispose();
        }
    }

    private static int Record(Settings settings, EpisodeRunner runner, IActor actor, string title)
    {
        var (width, height) = FrameSize.Parse(settings.Size, (600, 400));
        var fps = settings.Fps ?? WatchPace.RecordingFps(runner.Environment);
        if (!(fps > 0 && fps <= 240)) throw new UsageException($"--fps {fps}: must be above 0 and at most 240 frames per second.");
        using var recorder = FrameRecorder.Start(settings.Record!, width, height, fps);
        var summary = EpisodeRecording.Run(runner, actor, recorder, settings.Episodes, title, overlay: !settings.NoOverlay);
        var returns = string.Join(", ", summary.Returns.Select(r => r.ToString("0.##", CultureInfo.InvariantCulture)));
        Console.WriteLine($"Recorded {summary.Episodes} episode(s), {summary.Frames} frames at {width}x{height}, {fps:0.##} fps -> {summary.Path} (returns: {returns})");
        return 0;
    }

    private static void ReportEpisodes(EpisodeRunner runner)
    {
        if (runner.CompletedReturns.Count == 0) return;
        var mean = runner.CompletedReturns.Average();
        Console.WriteLine($"{runner.CompletedReturns.Count} episode(s) finished, mean return {mean.ToString("0.##", CultureInfo.InvariantCulture)}.");
    }
}
