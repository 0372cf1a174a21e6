using System.ComponentModel;
using System.Globalization;
using RLArena.Agents.Training;
using RLArena.Engine.Devices;
using RLArena.Core.Errors;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary><c>rlarena train</c>: PPO, DQN or SAC on an environment, with tuned defaults from configs/&lt;algo&gt;/&lt;env&gt;.yaml.</summary>
public sealed class TrainCommand : Command<TrainCommand.Settings>
{
    public sealed class Settings : PluginSettings
    {
        [CommandOption("--algo <ALGO>")]
        [Description("ppo, dqn or sac (default ppo; sac needs continuous actions, dqn discrete ones).")]
        public string? Algo { get; init; }

        [CommandOption("--env <ENV>")]
        [Description("An environment spec: cartpole, gridworld:size=8,obs=visual, mountaincar, acrobot, or a plugin's game (see rlarena envs; default: the config's, cartpole).")]
        public string? Env { get; init; }

        [CommandOption("--steps <N>")]
        [Description("Environment steps in all (total_timesteps).")]
        public long? Steps { get; init; }

        [CommandOption("--seed <S>")]
        [Description("Seed for torch, sampling and the environments.")]
        public int? Seed { get; init; }

        [CommandOption("--envs <N>")]
        [Description("Environment copies stepped together (num_envs).")]
        public int? Envs { get; init; }

        [CommandOption("--device <DEVICE>")]
        [Description("auto, cpu, cuda or cuda:N (default auto). Settings never change with the device.")]
        public string? Device { get; init; }

        [CommandOption("--config <FILE>")]
        [Description("A YAML settings file instead of configs/<algo>/<env>.yaml.")]
        public string? Config { get; init; }

        [CommandOption("--set <KEY=VALUE>")]
        [Description("Override one setting (repeatable), e.g. --set learning_rate=0.001.")]
        public string[] Set { get; init; } = [];

        [CommandOption("--resume <RUN_DIR>")]
        [Description("Continue the run in RUN_DIR from its checkpoint (only --steps and --device may be given with it).")]
        public string? Resume { get; init; }

        [CommandOption("--runs <DIR>")]
        [Description("Where run directories go (default runs).")]
        public string? Runs { get; init; }

        [CommandOption("--watch")]
        [Description("Show the latest policy acting in a window while training runs (needs libraylib and a display).")]
        public bool Watch { get; init; }

        [CommandOption("--record <PATH>")]
        [Description("Record one episode of the current policy every --record-every updates: out.gif, out.mp4 or frames/ (step in each name).")]
        public string? Record { get; init; }

        [CommandOption("--record-every <N>")]
        [Description("Updates between recorded episodes (default: at every tenth of the run; the last update is always recorded).")]
        public int? RecordEvery { get; init; }

        [CommandOption("--raylib <PATH>")]
        [Description("With --watch: the libraylib to use; also RLARENA_RAYLIB.")]
        public string? Raylib { get; init; }

        [CommandOption("--eval-episodes <N>")]
        [Description("Deterministic evaluation episodes after training (default 100; 0 = none).")]
        public int? EvalEpisodes { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Resume is not null && (settings.Algo ?? settings.Env ?? settings.Config) is not null
            || settings.Resume is not null && (settings.Seed is not null || settings.Envs is not null || settings.Set.Length > 0))
            throw new UsageException("--resume continues a run with its own settings; only --steps and --device may be given with it.");
        if (settings.Steps is <= 0) throw new UsageException($"--steps {settings.Steps}: must be positive.");
        if (settings.EvalEpisodes is < 0) throw new UsageException($"--eval-episodes {settings.EvalEpisodes}: must be 0 or more.");

        Viewing.TrainingViewer.Validate(settings.Watch, settings.Record, settings.RecordEvery);
        settings.LoadPlugins(); // a config file's plugins: list is loaded by AgentConfigs.Build
        var device = DeviceSelector.Resolve(settings.Device);
        TrainingRun run;
        if (settings.Resume is not null)
        {
            run = TrainingRun.Resume(settings.Resume, device, settings.Steps);
            Console.WriteLine($"Resuming {run.Directory} at step {run.Trainer.GlobalStep:N0} of {run.Trainer.TotalSteps:N0}.");
            if (run.Notice is { } notice) Console.WriteLine($"Note: {notice}");
        }
        else
        {
            var flags = new List<KeyValuePair<string, string>>();
            if (settings.Steps is { } steps) flags.Add(new("total_timesteps", steps.ToString(CultureInfo.InvariantCulture)));
            if (settings.Seed is { } seed) flags.Add(new("seed", seed.ToString(CultureInfo.InvariantCulture)));
            if (settings.Envs is { } envs) flags.Add(new("num_envs", envs.ToString(CultureInfo.InvariantCulture)));
            var algorithm = settings.Algo ?? "ppo";
            var config = AgentConfigs.Build(algorithm, settings.Env, settings.Config, settings.Set, flags, plugins: settings.Plugins);
            run = TrainingRun.Start(config, settings.Runs ?? "runs", device);
            Console.WriteLine($"Training {run.Trainer.Algorithm.ToUpperInvariant()} on {run.Trainer.EnvironmentId} for " +
                              $"{run.Trainer.TotalSteps:N0} steps (seed {run.Trainer.Seed}, device {device.type.ToString().ToLowerInvariant()}, " +
                              $"torch threads {DeviceSelector.Threads}) → {run.Directory}");
        }
        if (run.Trainer.Config.PlannedStepsNote() is { } planned) Console.WriteLine($"Note: {planned}");

        using var ownedRun = run;
        using var stop = new Signals.StopRequest("stopping after the current update and saving a checkpoint");
        TrainingResult result;
        var callback = Viewing.TrainingViewer.Wrap(new ProgressLine(), settings.Watch, settings.Record, settings.RecordEvery, settings.Raylib,
            run.Trainer.EnvironmentId, run.Trainer.Seed);
        try
        {
            using (cancellationToken.Register(stop.Request))
                result = run.Run(callback, stop.Token);
        }
        finally
        {
            stop.Dispose();
            (callback as IDisposable)?.Dispose();
        }
        ProgressLine.Finish();
        if (callback is Viewing.TrainingViewer viewer) Console.WriteLine(viewer.Summary());

        var mean = result.MeanReturn is { } m ? m.ToString("F1", CultureInfo.InvariantCulture) : "n/a";
        Console.WriteLine($"{(result.Interrupted ? "Interrupted" : "Done")}: {result.Steps:N0} steps, {result.Updates:N0} updates in " +
                          $"{result.WallSeconds:F1} s ({result.StepsPerSecond:N0} steps/s); mean return of the last 100 training episodes {mean}.");
        Console.WriteLine($"Checkpoint: {result.CheckpointPath}");
        if (run.Best is { } best)
            Console.WriteLine($"Best model: {run.BestCheckpointPath} (step {best.Step:N0}, deterministic mean return {best.MeanReturn.ToString("F1", CultureInfo.InvariantCulture)} over {run.Trainer.Config.EvalEpisodes} episodes)");
        if (result.Interrupted)
        {
            Console.WriteLine($"Resume with: rlarena train --resume {result.RunDirectory}");
            return stop.ExitCode;
        }

        var episodes = settings.EvalEpisodes ?? 100;
        if (episodes > 0)
        {
            var evaluation = run.Evaluate(episodes);
            Console.WriteLine($"Evaluation ({episodes} deterministic episodes): " + EvalCommand.Summary(evaluation));
        }
        Console.WriteLine($"Run directory: {result.RunDirectory} (config.yaml, metrics.csv, TensorBoard events, {TrainingRun.ReturnPlotFileName})");
        return 0;
    }

    /// <summary>One live line: steps, SPS, recent return/length, losses (a fresh line every few seconds when redirected).</summary>
    private sealed class ProgressLine : ITrainingCallback
    {
        private static bool _open;
        private DateTime _last = DateTime.MinValue;

        public void OnUpdate(TrainingProgress p)
        {
            var now = DateTime.UtcNow;
            var interactive = !Console.IsOutputRedirected;
            var final = p.Step >= p.TotalSteps;
            if (!final && now - _last < TimeSpan.FromSeconds(interactive ? 0.25 : 5)) return;
            _last = now;
            var text = $"step {p.Step,9:N0}/{p.TotalSteps:N0} | {p.StepsPerSecond,7:N0} SPS";
            if (p.MeanReturn is { } r) text += $" | return {r,7:F2} | length {p.MeanLength,6:F1}";
            if (p.SuccessRate is { } s) text += $" | success {(100 * s).ToString("F0", CultureInfo.InvariantCulture)}%";
            foreach (var (key, label) in Shown)
                if (p.Scalars.TryGetValue(key, out var v)) text += $" | {label} {v:G3}";
            if (interactive)
            {
                var width = Math.Max(40, SafeWidth() - 1);
                Console.Write("\r" + (text.Length > width ? text[..width] : text.PadRight(width)));
                _open = true;
            }
            else
            {
                Console.WriteLine(text);
            }
        }

        public static void Finish()
        {
            if (_open) Console.WriteLine();
            _open = false;
        }

        private static readonly (string Key, string Label)[] Shown =
        [
            ("losses/policy_loss", "pg"), ("losses/value_loss", "v"), ("losses/entropy", "ent"), ("losses/approx_kl", "kl"),
            ("losses/td_loss", "td"), ("losses/q_values", "q"), ("charts/epsilon", "eps"),
        ];

        private static int SafeWidth()
        {
            try { return Console.WindowWidth > 0 ? Console.WindowWidth : 120; }
            catch (IOException) { return 120; }
        }
    }
}
