// Trains bsuite's Catch with PPO from code (no CLI): registers the game, trains with the settings in ppo.yaml, plays
// 100 deterministic episodes with the trained policy and prints the mean return. Each seed is its own run under
// runs/ (checkpoint, metrics.csv, TensorBoard, returns.png, eval.txt).
//
//   dotnet run -c Release                 # seed 1
//   dotnet run -c Release -- 1 2 3        # seeds 1, 2 and 3, one run each
using System.Globalization;
using Catch.Game;
using RLArena.Agents.Training;
using RLArena.Core.Errors;
using RLArena.Environments.Authoring;

const double Target = 0.95;
const int EvaluationEpisodes = 100;

try
{
    var seeds = args.Length == 0 ? [1] : args.Select(ParseSeed).ToArray();
    AgentEnvironment.Register<CatchGame>();
    var configFile = Path.Combine(AppContext.BaseDirectory, "ppo.yaml");
    var allReached = true;
    foreach (var seed in seeds)
    {
        var config = AgentConfigs.Build("ppo", "catch", configFile, [], [new("seed", seed.ToString(CultureInfo.InvariantCulture))]);
        using var run = TrainingRun.Start(config, runsRoot: "runs");
        var result = run.Run(progress =>
        {
            if (progress.Update % 10 == 0)
                Console.WriteLine($"  seed {seed}: step {progress.Step,6}/{progress.TotalSteps}  mean return {Format(progress.MeanReturn)}");
        });
        var evaluation = run.Evaluate(episodes: EvaluationEpisodes);
        var reached = evaluation.MeanReturn >= Target;
        allReached &= reached;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seed {seed}: {result.Steps} steps in {result.WallSeconds:F1} s ({result.StepsPerSecond:F0} steps/s); " +
            $"mean return over {evaluation.Episodes} deterministic episodes {evaluation.MeanReturn:F2} " +
            $"({(reached ? "target" : "below the target")} {Target}); run {result.RunDirectory}"));
    }
    return allReached ? 0 : 1;
}
catch (UsageException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
catch (UserFacingException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

static int ParseSeed(string text) =>
    int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
        ? seed
        : throw new UsageException($"'{text}' is not a seed; pass whole numbers, e.g. 'dotnet run -c Release -- 1 2 3'.");

static string Format(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "-";
