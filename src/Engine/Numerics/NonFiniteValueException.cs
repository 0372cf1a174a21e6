namespace RLArena.Engine.Numerics;

/// <summary>Which value of a training step first stopped being a finite number.</summary>
public enum TrainingQuantity
{
    /// <summary>The loss that was back-propagated.</summary>
    Loss,

    /// <summary>The gradients of the parameters.</summary>
    Gradients,

    /// <summary>The network's weights after the optimizer step.</summary>
    Parameters,
}

/// <summary>
/// A training step produced NaN or infinity (a diverging run: learning rate too high, or non-finite data). Thrown by
/// <see cref="FiniteCheck"/> before the broken weights are used or saved; the run layer turns it into a one-line
/// error that keeps the last good checkpoint.
/// </summary>
public sealed class NonFiniteValueException(TrainingQuantity quantity)
    : Exception($"the {Name(quantity)} became NaN or infinite")
{
    /// <summary>The first quantity (in the order loss, gradients, parameters) that was not finite.</summary>
    public TrainingQuantity Quantity { get; } = quantity;

    /// <summary>Where in the run it happened, when the thrower knows more than the caller ("steps 101-200 of epoch 3").</summary>
    public string? Where { get; init; }

    /// <summary>"loss", "gradients", "parameters".</summary>
    public static string Name(TrainingQuantity quantity) => quantity switch
    {
        TrainingQuantity.Loss => "loss",
        TrainingQuantity.Gradients => "gradients",
        _ => "parameters",
    };
}
