using System.ComponentModel;
using System.Globalization;
using RLArena.Agents;
using RLArena.Agents.Evaluation;
using RLArena.Engine.Devices;
using RLArena.Core.Errors;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary><c>rlarena eval</c>: plays episodes with a trained agent; environment and options come from the checkpoint.</summary>
public sealed class EvalCommand : Command<EvalCommand.Settings>
{
    public sealed class Settings : PluginSettings
    {
        [CommandOption("--checkpoint <PATH>")]
        [Description("A checkpoint written by 'rlarena train' (checkpoint.ckpt or best.ckpt), or its run directory.")]
        public string? Checkpoint { get; init; }

        [CommandOption("--best")]
        [Description("With a run directory: use its best.ckpt (the best periodic evaluation, kept with eval_every) instead of checkpoint.ckpt.")]
        public bool Best { get; init; }

        [CommandOption("--episodes <N>")]
        [Description("Episodes to play (default 100).")]
        public int Episodes { get; init; } = 100;

        [CommandOption("--deterministic")]
        [Description("Take the most likely (PPO) or greedy (DQN) action instead of sampling (DQN: epsilon-greedy).")]
        public bool Deterministic { get; init; }

        [CommandOption("--seed <S>")]
        [Description("Seed of the evaluation environment and sampling (default 1).")]
        public int Seed { get; init; } = 1;

        [CommandOption("--record <PATH>")]
        [Description("Also record the first episode(s) with the same seed and acting mode: out.gif, out.mp4 or frames/.")]
        public string? Record { get; init; }

        [CommandOption("--record-episodes <N>")]
        [Description("With --record: episodes to record (default 1).")]
        public int RecordEpisodes { get; init; } = 1;

        [CommandOption("--device <DEVICE>")]
        [Description("auto, cpu, cuda or cuda:N (default auto).")]
        public string? Device { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Checkpoint))
            throw new UsageException("--checkpoint is required: pass runs/<run>/checkpoint.ckpt (or the run directory).");
        if (settings.Episodes <= 0) throw new UsageException($"--episodes {settings.Episodes}: must be at least 1.");
        SeedRange.Check("--seed", settings.Seed);
        Viewing.EvalRecording.Validate(settings.Record, settings.RecordEpisodes);
        settings.LoadPlugins(); // without --plugin, the checkpoint's recorded plugin is loaded from its path
        var device = DeviceSelector.Resolve(settings.Device);
        using var policy = TrainedPolicy.Load(settings.Checkpoint, device, settings.Best);
        var result = Evaluator.Run(policy, settings.Episodes, settings.Deterministic, settings.Seed);
        Console.WriteLine($"{policy.Algorithm.ToUpperInvariant()} on {policy.EnvironmentId} ({policy.Architecture}), trained {policy.Step:N0} steps");
        Console.WriteLine($"{result.Episodes} episodes, {(settings.Deterministic ? "deterministic" : "stochastic")}, seed {settings.Seed}:");
        Console.WriteLine($"  return   {Format(result.MeanReturn)} ± {Format(result.StdReturn)}  (min {Format(result.Returns.Min())}, max {Format(result.Returns.Max())})");
        Console.WriteLine($"  length   {Format(result.MeanLength)} ± {Format(result.StdLength)}");
        if (result.SuccessRate is { } rate) Console.WriteLine($"  success  {Percent(rate)}");
        if (settings.Record is not null)
            Console.WriteLine(Viewing.EvalRecording.Run(policy, settings.Record, settings.RecordEpisodes, settings.Deterministic, settings.Seed));
        return 0;
    }

    /// <summary>"500.00 ± 0.00 return, length 500.0 ± 0.0[, success 98%]".</summary>
    public static string Summary(EvaluationResult r) =>
        $"return {Format(r.MeanReturn)} ± {Format(r.StdReturn)}, length {r.MeanLength.ToString("F1", CultureInfo.InvariantCulture)} ± " +
        r.StdLength.ToString("F1", CultureInfo.InvariantCulture) +
        (r.SuccessRate is { } s ? $", success {Percent(s)}" : "");

    private static string Percent(double share) => (100 * share).ToString("F1", CultureInfo.InvariantCulture) + "%";

    private static string Format(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
}
