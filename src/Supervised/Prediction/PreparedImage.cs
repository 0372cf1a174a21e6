namespace RLArena.Supervised.Prediction;

/// <summary>
/// An image made ready for the classifier: 28×28 intensities in [0, 1], white (1) figure on black (0) as in MNIST,
/// before the dataset's normalisation. <see cref="Inverted"/> says whether the original had a light background.
/// </summary>
public sealed record PreparedImage(string Source, float[] Pixels, bool Inverted, int OriginalWidth, int OriginalHeight);
