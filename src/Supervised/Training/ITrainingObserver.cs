namespace RLArena.Supervised.Training;

/// <summary>What one epoch did.</summary>
public sealed record EpochSummary(
    int Epoch,
    int Epochs,
    long GlobalStep,
    double TrainLoss,
    double TestAccuracy,
    double Seconds,
    double SamplesPerSecond,
    double PeakRssMegabytes,
    double RssMegabytes);

/// <summary>
/// Hears about training as it happens (the CLI draws a progress bar and prints the tutorial's lines). Every method
/// is called on the training thread; keep them cheap.
/// </summary>
public interface ITrainingObserver
{
    /// <summary>Before each epoch.</summary>
    /// <param name="epoch">The epoch, 1-based.</param>
    /// <param name="epochs">Epochs in all.</param>
    /// <param name="steps">Steps in this epoch.</param>
    void EpochStarted(int epoch, int epochs, int steps) { }

    /// <summary>After each optimizer step; <paramref name="samples"/> counts this epoch's samples so far.</summary>
    void StepFinished(int epoch, int step, int steps, long samples, double seconds) { }

    /// <summary>Every log interval: the mean loss of the last <c>log_interval</c> steps.</summary>
    void LossLogged(int epoch, int step, double meanLoss) { }

    /// <summary>After each epoch, with its loss, accuracy and timing.</summary>
    /// <param name="summary">What the epoch gave.</param>
    void EpochFinished(EpochSummary summary) { }
}
