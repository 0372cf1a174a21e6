namespace RLArena.Engine.Networks;

/// <summary>
/// The shape of a multilayer perceptron: input, hidden layer sizes, activation, output. Checkpoints store it so a
/// model of another shape is refused with a clear message.
/// </summary>
public sealed record MlpSpec(int Input, IReadOnlyList<int> Hidden, int Output, Activation Activation)
{
    /// <summary>"MLP 784-128-64-10 (relu)".</summary>
    public override string ToString() =>
        $"MLP {string.Join("-", new[] { Input }.Concat(Hidden).Append(Output))} ({Activation.Name()})";

    /// <summary>Equal when sizes and activation are equal (the hidden sizes compared element by element).</summary>
    /// <param name="other">Another spec.</param>
    public bool Equals(MlpSpec? other) =>
        other is not null && Input == other.Input && Output == other.Output && Activation == other.Activation
        && Hidden.SequenceEqual(other.Hidden);

    /// <summary>A hash consistent with <see cref="Equals(MlpSpec)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Input, Output, Activation, Hidden.Count);
}

/// <summary>
/// Orthogonal initialisation as CleanRL's <c>layer_init</c>: hidden layers get <paramref name="HiddenGain"/>,
/// the output layer <paramref name="OutputGain"/>, all biases <paramref name="Bias"/>.
/// </summary>
public sealed record OrthogonalInit(double HiddenGain, double OutputGain, double Bias = 0.0)
{
    /// <summary>√2, CleanRL's gain for hidden layers.</summary>
    public static readonly double Sqrt2 = Math.Sqrt(2.0);
}
