using System.Globalization;

namespace RLArena.Supervised.Training;

/// <summary>
/// The two lines the PyTorch tutorial prints, word for word, so its readers recognise them:
/// <c>Epoch E, Step S, Loss: L</c> every 100 steps (1-based epoch and step within the epoch, mean of those steps'
/// losses, 3 decimals) and <c>Accuracy of the network on the 10000 test images: A%</c> (2 decimals).
/// </summary>
public static class TutorialLines
{
    /// <summary>"Epoch E, Step S, Loss: L" (3 decimals).</summary>
    /// <param name="epoch">The epoch, 1-based.</param>
    /// <param name="step">The step within the epoch.</param>
    /// <param name="meanLoss">The mean loss of the last log interval.</param>
    public static string Step(int epoch, int step, double meanLoss) =>
        string.Create(CultureInfo.InvariantCulture, $"Epoch {epoch}, Step {step}, Loss: {meanLoss:F3}");

    /// <summary>"Accuracy of the network on the 10000 test images: A%" (2 decimals).</summary>
    /// <param name="correct">Test samples classified correctly.</param>
    /// <param name="total">Test samples.</param>
    public static string Accuracy(long correct, long total) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Accuracy of the network on the {total} test images: {Percent(correct, total):F2}%");

    /// <summary><c>100 * correct / total</c> computed as Python does (integer product, then one division).</summary>
    public static double Percent(long correct, long total) => total == 0 ? 0 : (double)(100 * correct) / total;
}
