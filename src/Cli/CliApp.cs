using RLArena.Cli.Commands;
using RLArena.Core.Errors;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RLArena.Cli;

/// <summary>
/// The <c>rlarena</c> command tree. User mistakes end as one line on stderr (exit 2 for usage, 1 otherwise);
/// only a bug in RLArena shows a stack trace.
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
            });
            config.AddCommand<TrainCommand>("train").WithDescription("Train a PPO or DQN agent on an environment.");
            config.AddCommand<EvalCommand>("eval").WithDescription("Evaluate a trained agent's checkpoint.");
            config.AddCommand<WatchCommand>("watch").WithDescription("Watch an agent act in a window (or record it).");
            config.AddCommand<PlayCommand>("play").WithDescription("Play an environment with the keyboard.");
            config.AddCommand<EnvsCommand>("envs").WithDescription("List the registered environments, their options, spaces and play keys.");
            config.AddCommand<CheckEnvCommand>("check-env").WithDescription("Check that an environment follows the contract (Gymnasium's check_env).");
        });

        var stderr = console ?? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (console is null && Console.IsErrorRedirected) stderr.Profile.Width = 10_000; // one error, one line
        try
        {
            return app.Run(args);
        }
        catch (CommandAppException e)
        {
            stderr.MarkupLine($"[red]rlarena: error:[/] {Markup.Escape(OneLine(e.Message))}");
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
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    private static string Usage(string[] args)
    {
        var command = CommandName(args);
        var help = command == "<command> " ? "rlarena --help" : $"rlarena {command}--help";
        return $"Usage: rlarena {command}[options]   (see {help})";
    }

    private static readonly string[] Commands = ["info", "mnist", "train", "eval", "watch", "play", "envs", "check-env"];
    private static readonly string[] MnistCommands = ["train", "eval", "predict"];

    /// <summary>The command path the user typed ("mnist eval ", "train "), or "&lt;command&gt; " when it is not one of ours.</summary>
    private static string CommandName(string[] args)
    {
        var words = args.TakeWhile(a => !a.StartsWith('-')).Take(2).ToList();
        if (words.Count == 0 || !Commands.Contains(words[0])) return "<command> ";
        if (words.Count == 2 && !(words[0] == "mnist" && MnistCommands.Contains(words[1]))) words.RemoveAt(1);
        return string.Join(" ", words) + " ";
    }
}
