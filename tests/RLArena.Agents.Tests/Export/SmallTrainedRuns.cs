using RLArena.Agents.Training;
using TorchSharp;

namespace RLArena.Agents.Tests.Export;

/// <summary>Trains a fixture's small named runs once, each in its own folder under one temporary root.</summary>
internal static class SmallTrainedRuns
{
    /// <summary>Trains every run on the CPU into <c>root/name</c>; returns the root and each run's checkpoint path.</summary>
    public static (string Root, Dictionary<string, string> Checkpoints) Train(string prefix, IEnumerable<(string Name, Func<AgentConfig> Config)> runs)
    {
        var root = Directory.CreateTempSubdirectory(prefix).FullName;
        var checkpoints = new Dictionary<string, string>();
        foreach (var (name, config) in runs)
        {
            using var run = TrainingRun.Start(config(), Path.Combine(root, name), torch.CPU);
            checkpoints[name] = run.Run().CheckpointPath;
        }
        return (root, checkpoints);
    }
}
