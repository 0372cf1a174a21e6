using RLArena.Engine.Networks;
using RLArena.Supervised.Data;

namespace RLArena.Supervised.Training;

/// <summary>What a training run is about to do: shown before the first epoch.</summary>
public sealed record TrainingSetup(
    DataLocation Data,
    int TrainCount,
    int TestCount,
    MlpSpec Model,
    string Device,
    int Threads,
    string RunDirectory,
    double LoadSeconds);

/// <summary>What a training run did.</summary>
public sealed record TrainingOutcome(
    TrainingSetup Setup,
    IReadOnlyList<EpochSummary> Epochs,
    Evaluation.EvaluationResult Final,
    string CheckpointPath,
    string LearningCurvePath,
    string ConfusionMatrixPath,
    double TotalSeconds)
{
    /// <summary>True when a stop request ended training early (the checkpoint holds the weights reached).</summary>
    public bool Interrupted { get; init; }
}
