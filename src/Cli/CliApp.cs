using RLArena.Cli.Commands;
using RLArena.Cli.Errors;
using RLArena.Core.Errors;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RLArena.Cli;

/// <summary>
/// The <c>rlarena</c> command tree. Every exception ends as one line on stderr and a non-zero exit: 2 for usage
/// errors, 1 for everything else. An exception nobody expected (a bug in RLArena) prints its type and message and
/// the file in the temp folder that holds the full trace (<see cref="CrashReport"/>); the console never shows a trace.
/// </summary>
public static class CliApp
{
    public static int Run(string[] args, IAnsiConsole? console = null)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("rlarena");
            config.SetApplicationVersion(Engine.Checkpoints.Checkpoint.RLArenaVersion);
            config.PropagateExceptions();
            config.UseStrictParsing();
            if (console is not null) config.ConfigureConsole(console);
            config.AddCommand<InfoCommand>("info")
                .WithDescription("Versions, devices, threads, and where RLArena looks for data and libraylib.");
            config.AddBranch("mnist", mnist =>
            {
                mnist.SetDescription("Train an MLP on MNIST / Fashion-MNIST (the PyTorch tutorial), evaluate it, predict images.");
                mnist.SetDefaultCommand<MnistTrainCommand>();
                mnist.AddCommand<MnistTrainCommand>("train").WithDescription("Train the classifier (the default when no subcommand is given).");
                mnist.AddCommand<MnistEvalCommand>("eval").WithDescription("Re-evaluate a saved classifier on the test set.");
                mnist.AddCommand<MnistPredictCommand>("predict").WithDescription("Classify image files with a saved classifier.");
                mnist.AddCommand<MnistExportCommand>("export").WithDescription("Export a saved classifier: --format onnx, pt (the PyTorch tutorial's Net) or safetensors.");
            });
            config.AddCommand<TrainCommand>("train").WithDescription("Train a PPO, DQN or SAC agent on an environment.");
            config.AddCommand<EvalCommand>("eval").WithDescription("Evaluate a trained agent's checkpoint.");
            config.AddCommand<ExportCommand>("export").WithDescription("Export a trained agent for other programs: --format onnx (ONNX Runtime, Unity ML-Agents), pt (PyTorch) or safetensors.");
            config.AddCommand<ImportCommand>("import").WithDescription("Make a checkpoint from a PyTorch or safetensors state dict of the same network.");
            config.AddCommand<WatchCommand>("watch").WithDescription("Watch an agent act in a window (or record it).");
            config.AddCommand<PlayCommand>("play").WithDescription("Play an environment with the keyboard.");
            config.AddCommand<EnvsCommand>("envs").WithDescription("List the registered environments, their options, spaces and play keys.");
            config.AddBranch("sweep", sweep =>
            {
                sweep.SetDescription("Hyperparameter sweeps and many-seed studies (grid, random, successive halving), locally or on Slurm.");
                sweep.AddCommand<SweepStartCommand>("start").WithDescription("Plan every trial of a sweep file into a sweep directory and run them.");
                sweep.AddCommand<SweepStatusCommand>("status").WithDescription("Trials done / running / failed / pending, the best so far, wall time, a crashed trial's last log lines.");
                sweep.AddCommand<SweepResumeCommand>("resume").WithDescription("Re-run what did not finish; a trial with a checkpoint continues from it exactly.");
                sweep.AddCommand<SweepReportCommand>("report").WithDescription("Statistics over seeds (IQM, mean, median, 95% bootstrap intervals), curves, profiles, the best config.");
                sweep.AddCommand<SweepRunTaskCommand>("run-task").WithDescription("Run one trial of a sweep (what a local worker or a Slurm array task runs).");
            });
            config.AddBranch("config", branch =>
            {
                branch.SetDescription("What configs accept: every key with its default, range and meaning.");
                branch.AddCommand<ConfigKeysCommand>("keys").WithDescription("List every config key of an algorithm (ppo, dqn, sac) or of mnist.");
            });
            config.AddCommand<CheckEnvCommand>("check-env").WithDescription("Check that an environment follows the contract (Gymnasium's check_env).");
        });

        var stderr = console ?? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (console is null && Console.IsErrorRedirected) stderr.Profile.Width = 10_000; // one error, one line
        if (console is null) AppDomain.CurrentDomain.UnhandledException += (_, e) => CrashOnOtherThread(e.ExceptionObject, args);
        try
        {
            return app.Run(args);
        }
        catch (CommandAppException e)
        {
            stderr.MarkupLine($"[red]rlarena: error:[/] {Markup.Escape(OneLine(Explain(e.Message, args)))}");
            stderr.MarkupLine(Markup.Escape(Usage(args)));
            return 2;
        }
        catch (RLArena.Environments.Registry.EnvSpecException e)
        {
            stderr.MarkupLine($"[red]rlarena: error:[/] {Markup.Escape(OneLine(e.Message))}");
            stderr.MarkupLine(Markup.Escape(Usage(args)));
            return 2;
        }
        catch (UserFacingException e)
        {
            stderr.MarkupLine($"[red]rlarena: error:[/] {Markup.Escape(OneLine(e.Message))}");
            if (e.ExitCode == 2)
                stderr.MarkupLine(Markup.Escape(Usage(args)));
            return e.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The file system said no (a full disk, a folder that cannot be written): the machine's problem, not a bug.
            stderr.MarkupLine($"[red]rlarena: error:[/] {Markup.Escape(OneLine(e.Message))} (check the path, its permissions and the free space)");
            return 1;
        }
        catch (Exception e)
        {
            stderr.MarkupLine($"[red]rlarena: error:[/] {Markup.Escape(CrashReport.Write(e, args))}");
            return 1;
        }
    }

    /// <summary>An exception on another thread would end the process with a trace on the console: report it as one line.</summary>
    private static void CrashOnOtherThread(object exception, string[] args)
    {
        var error = exception as Exception ?? new InvalidOperationException(Convert.ToString(exception));
        Console.Error.WriteLine("rlarena: error: " + CrashReport.Write(error, args));
        Console.Error.Flush();
        Environment.Exit(1);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    /// <summary>
    /// Spectre says "Failed to convert 'abc' to Nullable`1" for a value of the wrong type; name the option instead.
    /// </summary>
    internal static string Explain(string message, string[] args)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, "^Failed to convert '(.*)' to ");
        if (!match.Success) return message;
        var value = match.Groups[1].Value;
        const string why = "not a valid value here (a number out of range, or not a number); see the option in --help.";
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == value && i > 0 && args[i - 1].StartsWith('-')) return $"{args[i - 1]} {value}: {why}";
            if (args[i].StartsWith("--", StringComparison.Ordinal) && args[i].EndsWith("=" + value, StringComparison.Ordinal))
                return $"{args[i]}: {why}";
        }
        return $"'{value}' is not a valid value for its option (a number out of range, or not a number); see --help.";
    }

    private static string Usage(string[] args)
    {
        var command = CommandName(args);
        var help = command == "<command> " ? "rlarena --help" : $"rlarena {command}--help";
        return $"Usage: rlarena {command}[options]   (see {help})";
    }

    private static readonly string[] Commands = ["info", "mnist", "train", "eval", "export", "import", "watch", "play", "envs", "check-env", "sweep", "config"];
    private static readonly string[] MnistCommands = ["train", "eval", "predict", "export"];
    private static readonly string[] SweepCommands = ["start", "status", "resume", "report", "run-task"];

    /// <summary>The command path the user typed ("mnist eval ", "train "), or "&lt;command&gt; " when it is not one of ours.</summary>
    private static string CommandName(string[] args)
    {
        var words = args.TakeWhile(a => !a.StartsWith('-')).Take(2).ToList();
        if (words.Count == 0 || !Commands.Contains(words[0])) return "<command> ";
        if (words.Count == 2 && !(words[0] == "mnist" && MnistCommands.Contains(words[1]))
                             && !(words[0] == "sweep" && SweepCommands.Contains(words[1]))
                             && !(words[0] == "config" && words[1] == "keys")) words.RemoveAt(1);
        return string.Join(" ", words) + " ";
    }
}
