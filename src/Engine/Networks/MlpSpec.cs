namespace RLArena.Engine.Networks;

/// <summary>
/// The shape of a multilayer perceptron: input, hidden layer sizes, activation, output. Checkpoints store it so a
/// model of another shape is refused with a clear message.
/// </summary>
public sealed record MlpSpec(int Input, IReadOnlyList<int> Hidden, int Output, Activation Activation)
{
    public override string ToString() =>
        $"MLP {string.Join("-", new[] { Input }.Concat(Hidden).Append(Output))} ({Activation.Name()})";

    public bool Equals(MlpSpec? other) =>
        other is not null && Input == other.Input && Output == other.Output && Activation == other.Activation
        && Hidden.SequenceEqual(other.Hidden);

    public override int GetHashCode() => HashCode.Combine(Input, Output, Activation, Hidden.Count);
}

/// <summary>
/// Orthogonal initialisation as CleanRL's <c>layer_init</c>: hidden layers get <paramref name="HiddenGain"/>,
/// the output layer <paramref name="OutputGain"/>, all biases <paramref name="Bias"/>.
/// </summary>
public sealed record OrthogonalInit(double HiddenGain, double OutputGain, double Bias = 0.0)
{
    public static readonly double Sqrt2 = Math.Sqrt(2.0);
}
