using System.ComponentModel;
using System.Globalization;
using RLArena.Core.Errors;
using RLArena.Engine.Config;
using RLArena.Supervised.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary>
/// <c>rlarena mnist</c>: the PyTorch MNIST tutorial (MLP 784-128-64-10, SGD 0.01/0.9, batch 64, 10 epochs) with a
/// progress bar, per-epoch test accuracy and a run folder. Settings come from the defaults, then <c>--config</c>, then
/// <c>--set key=value</c>, then the flags (later wins).
/// </summary>
public sealed class MnistTrainCommand : Command<MnistTrainCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--dataset <NAME>")]
        [Description("mnist (default) or fashion-mnist.")]
        public string? Dataset { get; init; }

        [CommandOption("--data <DIR>")]
        [Description("Folder with the four IDX files (or DIR/MNIST/raw). Default: ./data, then system folders, then download.")]
        public string? Data { get; init; }

        [CommandOption("--no-download")]
        [Description("Never download; a missing dataset is an error.")]
        public bool NoDownload { get; init; }

        [CommandOption("--epochs <N>")]
        [Description("Epochs (default 10).")]
        public int? Epochs { get; init; }

        [CommandOption("--batch-size <N>")]
        [Description("Batch size (default 64).")]
        public int? BatchSize { get; init; }

        [CommandOption("--lr <X>")]
        [Description("Learning rate (default 0.01).")]
        public string? Lr { get; init; }

        [CommandOption("--momentum <X>")]
        [Description("SGD momentum (default 0.9).")]
        public string? Momentum { get; init; }

        [CommandOption("--optimizer <NAME>")]
        [Description("sgd (default) or adam.")]
        public string? Optimizer { get; init; }

        [CommandOption("--hidden <SIZES>")]
        [Description("Hidden layer sizes, comma-separated (default 128,64).")]
        public string? Hidden { get; init; }

        [CommandOption("--seed <N>")]
        [Description("Random seed (default 1).")]
        public int? Seed { get; init; }

        [CommandOption("--device <DEVICE>")]
        [Description("auto (default), cpu, cuda or cuda:N.")]
        public string? Device { get; init; }

        [CommandOption("--threads <N>")]
        [Description("Torch CPU threads (default 1, fastest for this small model; 0 = TorchSharp's default).")]
        public int? Threads { get; init; }

        [CommandOption("--log-interval <N>")]
        [Description("Steps between 'Epoch E, Step S, Loss: L' lines (default 100).")]
        public int? LogInterval { get; init; }

        [CommandOption("--test-batch-size <N>")]
        [Description("Batch size for evaluation (default 1000; does not change results).")]
        public int? TestBatchSize { get; init; }

        [CommandOption("--runs <DIR>")]
        [Description("Where run folders go (default runs), as for 'rlarena train'.")]
        public string? Runs { get; init; }

        /// <summary>The old name of <see cref="Runs"/>: still accepted, hidden from --help.</summary>
        [CommandOption("--runs-dir <DIR>", IsHidden = true)]
        [Description("Deprecated name of --runs.")]
        public string? RunsDir { get; init; }

        [CommandOption("--init-from <FILE>")]
        [Description("Start from these weights: a model.ckpt, a PyTorch state dict (.pt, e.g. the tutorial's) or a .safetensors file with the same layer sizes.")]
        public string? InitFrom { get; init; }

        [CommandOption("--config <FILE>")]
        [Description("YAML file with the same keys as the flags in snake_case (batch_size: 64). Strict.")]
        public string? Config { get; init; }

        [CommandOption("--set <KEY=VALUE>")]
        [Description("Override one setting, e.g. --set epochs=3 (repeatable).")]
        public string[] Set { get; init; } = [];
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var effective = Resolve(settings);
        effective.Validate();
        SeedRange.Check("seed", effective.Seed);
        var console = MnistConsole.Open();
        var training = new MnistTraining();
        MnistConsole.LocateWithProgress(console, training, effective);
        var view = new MnistTrainingView(console, effective);
        using var stop = new Signals.StopRequest("ending the epoch after the current step, evaluating and saving the checkpoint");
        TrainingOutcome outcome;
        using (cancellationToken.Register(stop.Request))
            outcome = view.Run(training, stop.Token);
        stop.Dispose();
        view.PrintResults(outcome);
        if (!outcome.Interrupted) return 0;
        var last = outcome.Epochs[^1];
        console.MarkupLine(Markup.Escape($"Interrupted ({stop.SignalName}) in epoch {last.Epoch} of {last.Epochs} at step {last.GlobalStep:N0}; " +
                                         $"the checkpoint holds the weights reached: {outcome.CheckpointPath}"));
        return stop.ExitCode;
    }

    /// <summary>Defaults, then the config file, then --set, then flags.</summary>
    internal static MnistSettings Resolve(Settings flags)
    {
        var result = new MnistSettings();
        if (!string.IsNullOrWhiteSpace(flags.Config)) ConfigBinder.Apply(result, ConfigYaml.ReadFile(flags.Config), flags.Config);
        ConfigBinder.Apply(result, ConfigBinder.ParseOverrides(flags.Set), "--set");
        var given = new List<KeyValuePair<string, string>>();
        void Add(string key, object? value)
        {
            if (value is not null) given.Add(new(key, Convert.ToString(value, CultureInfo.InvariantCulture)!));
        }
        Add("dataset", flags.Dataset);
        Add("data", flags.Data);
        if (flags.NoDownload) Add("no_download", "true");
        Add("epochs", flags.Epochs);
        Add("batch_size", flags.BatchSize);
        Add("lr", flags.Lr);
        Add("momentum", flags.Momentum);
        Add("optimizer", flags.Optimizer);
        Add("hidden", flags.Hidden);
        Add("seed", flags.Seed);
        Add("device", flags.Device);
        Add("threads", flags.Threads);
        Add("log_interval", flags.LogInterval);
        Add("test_batch_size", flags.TestBatchSize);
        if (flags.Runs is not null && flags.RunsDir is not null && flags.Runs != flags.RunsDir)
            throw new UsageException($"--runs {flags.Runs} and --runs-dir {flags.RunsDir} disagree; give only --runs (--runs-dir is its old name).");
        if (flags.RunsDir is not null) Console.Error.WriteLine("rlarena: warning: --runs-dir is deprecated; use --runs.");
        Add("runs_dir", flags.Runs ?? flags.RunsDir);
        Add("init_from", flags.InitFrom);
        ConfigBinder.Apply(result, given, "command line");
        return result;
    }
}
