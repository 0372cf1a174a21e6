// Trains Gems with PPO from code (no CLI): registers the game, measures its scripted shortest-path policy as a
// yardstick, trains with the settings in ppo.yaml, plays 100 deterministic episodes with the trained policy and
// prints the mean return. Each seed is its own run under runs/ (checkpoint, metrics.csv, TensorBoard, eval.txt).
//
//   dotnet run -c Release                 # seed 1
//   dotnet run -c Release -- 1 2 3        # seeds 1, 2 and 3, one run each
using System.Globalization;
using Gems.Game;
using RLArena.Agents.Training;
using RLArena.Core.Errors;
using RLArena.Environments;
using RLArena.Environments.Authoring;

// The stated target: over 100 deterministic episodes, a mean return of 2.8 (all three gems in about 20 steps or
// fewer on average; the scripted shortest-path policy printed first gets about 2.9).
const double Target = 2.8;
const int EvaluationEpisodes = 100;

try
{
    var seeds = args.Length == 0 ? [1] : args.Select(ParseSeed).ToArray();
    AgentEnvironment.Register<GemsGame>();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"scripted shortest-path policy: mean return {HeuristicMeanReturn(EvaluationEpisodes):F2} over {EvaluationEpisodes} episodes"));
    var configFile = Path.Combine(AppContext.BaseDirectory, "ppo.yaml");
    var allReached = true;
    foreach (var seed in seeds)
    {
        var config = AgentConfigs.Build("ppo", "gems", configFile, [], [new("seed", seed.ToString(CultureInfo.InvariantCulture))]);
        using var run = TrainingRun.Start(config, runsRoot: "runs");
        var result = run.Run(progress =>
        {
            if (progress.Update % 20 == 0)
                Console.WriteLine($"  seed {seed}: step {progress.Step,7}/{progress.TotalSteps}  mean return {Format(progress.MeanReturn)}");
        });
        var evaluation = run.Evaluate(episodes: EvaluationEpisodes);
        var reached = evaluation.MeanReturn >= Target;
        allReached &= reached;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seed {seed}: {result.Steps} steps in {result.WallSeconds:F1} s ({result.StepsPerSecond:F0} steps/s); " +
            $"mean return over {evaluation.Episodes} deterministic episodes {evaluation.MeanReturn:F2}, " +
            $"mean length {evaluation.MeanLength:F1} ({(reached ? "target" : "below the target")} {Target}); run {result.RunDirectory}"));
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

// The game's own Heuristic (breadth-first search to the nearest gem) played for whole episodes, on the seeds the
// trained policy is evaluated on.
static double HeuristicMeanReturn(int episodes)
{
    var env = EnvRegistry.Make("gems");
    var heuristic = env.Find<IHeuristicPolicy>()
                    ?? throw new UserFacingException("gems: the environment offers no heuristic policy.");
    var total = 0.0;
    env.Reset(seed: TrainingRun.EvaluationSeed);
    for (var episode = 0; episode < episodes; episode++)
    {
        if (episode > 0) env.Reset();
        while (true)
        {
            var step = env.Step(heuristic.HeuristicAction());
            total += step.Reward;
            if (step.Terminated || step.Truncated) break;
        }
    }
    return total / episodes;
}

static int ParseSeed(string text) =>
    int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
        ? seed
        : throw new UsageException($"'{text}' is not a seed; pass whole numbers, e.g. 'dotnet run -c Release -- 1 2 3'.");

static string Format(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "-";
