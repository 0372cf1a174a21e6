using System.ComponentModel;
using System.Globalization;
using RLArena.Agents;
using RLArena.Agents.Deployment;
using RLArena.Agents.Evaluation;
using RLArena.Environments.Vector;
using RLArena.Engine.Devices;
using RLArena.Core.Errors;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary>
/// <c>rlarena eval</c>: plays episodes with a trained agent; environment and options come from the checkpoint, or,
/// with <c>--policy model.onnx</c>, from the exported file (or <c>--env</c>), acting through ONNX Runtime.
/// </summary>
public sealed class EvalCommand : Command<EvalCommand.Settings>
{
    public sealed class Settings : PluginSettings
    {
        [CommandOption("--checkpoint <PATH>")]
        [Description("A checkpoint written by 'rlarena train' (or its run directory).")]
        public string? Checkpoint { get; init; }

        [CommandOption("--policy <FILE>")]
        [Description("Instead of --checkpoint: an .onnx file written by 'rlarena export', run by ONNX Runtime (no TorchSharp).")]
        public string? Policy { get; init; }

        [CommandOption("--env <ENV>")]
        [Description("With --policy: the environment (default: the one the file records); its shapes must match the policy's.")]
        public string? Env { get; init; }

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
        if (settings.Policy is not null && settings.Checkpoint is not null)
            throw new UsageException("give either --checkpoint (a TorchSharp checkpoint) or --policy (an exported .onnx file), not both.");
        if (string.IsNullOrWhiteSpace(settings.Checkpoint) && settings.Policy is null)
            throw new UsageException("--checkpoint is required: pass runs/<run>/checkpoint.ckpt (or the run directory), or --policy model.onnx.");
        if (settings.Env is not null && settings.Policy is null)
            throw new UsageException("--env goes with --policy only: a checkpoint records its environment and options.");
        if (settings.Episodes <= 0) throw new UsageException($"--episodes {settings.Episodes}: must be at least 1.");
        SeedRange.Check("--seed", settings.Seed);
        Viewing.EvalRecording.Validate(settings.Record, settings.RecordEpisodes);
        settings.LoadPlugins(); // without --plugin, the checkpoint's recorded plugin is loaded from its path
        if (settings.Policy is not null) return EvaluateOnnx(settings);
        var device = DeviceSelector.Resolve(settings.Device);
        using var policy = TrainedPolicy.Load(settings.Checkpoint!, device);
        var result = Evaluator.Run(policy, settings.Episodes, settings.Deterministic, settings.Seed);
        Console.WriteLine($"{policy.Algorithm.ToUpperInvariant()} on {policy.EnvironmentId} ({policy.Architecture}), trained {policy.Step:N0} steps");
        PrintResult(result, settings);
        if (settings.Record is not null)
            Console.WriteLine(Viewing.EvalRecording.Run(policy, settings.Record, settings.RecordEpisodes, settings.Deterministic, settings.Seed));
        return 0;
    }

    // --policy model.onnx: the same evaluation through ONNX Runtime; no TorchSharp call.
    private static int EvaluateOnnx(Settings settings)
    {
        if (settings.Device is not null) throw new UsageException("--device applies to --checkpoint; an ONNX policy runs on ONNX Runtime's CPU provider.");
        using var policy = OnnxActingPolicy.Load(settings.Policy!, settings.Seed);
        var env = policy.MakeEnvironment(settings.Env);
        policy.Reseed(settings.Seed);
        var result = Evaluator.Run(policy, new VectorEnv([env]), settings.Episodes, settings.Deterministic, settings.Seed);
        Console.WriteLine($"{policy.Algorithm.ToUpperInvariant()} on {env.Id} from {settings.Policy} (ONNX Runtime)");
        PrintResult(result, settings);
        if (settings.Record is not null)
            Console.WriteLine(Viewing.EvalRecording.Run(policy, policy.MakeEnvironment(settings.Env), settings.Record, settings.RecordEpisodes, settings.Deterministic, settings.Seed));
        return 0;
    }

    private static void PrintResult(EvaluationResult result, Settings settings)
    {
        Console.WriteLine($"{result.Episodes} episodes, {(settings.Deterministic ? "deterministic" : "stochastic")}, seed {settings.Seed}:");
        Console.WriteLine($"  return   {Format(result.MeanReturn)} ± {Format(result.StdReturn)}  (min {Format(result.Returns.Min())}, max {Format(result.Returns.Max())})");
        Console.WriteLine($"  length   {Format(result.MeanLength)} ± {Format(result.StdLength)}");
        if (result.SuccessRate is { } rate) Console.WriteLine($"  success  {Percent(rate)}");
    }

    /// <summary>"500.00 ± 0.00 return, length 500.0 ± 0.0[, success 98%]".</summary>
    public static string Summary(EvaluationResult r) =>
        $"return {Format(r.MeanReturn)} ± {Format(r.StdReturn)}, length {r.MeanLength.ToString("F1", CultureInfo.InvariantCulture)} ± " +
        r.StdLength.ToString("F1", CultureInfo.InvariantCulture) +
        (r.SuccessRate is { } s ? $", success {Percent(s)}" : "");

    private static string Percent(double share) => (100 * share).ToString("F1", CultureInfo.InvariantCulture) + "%";

    private static string Format(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
}
