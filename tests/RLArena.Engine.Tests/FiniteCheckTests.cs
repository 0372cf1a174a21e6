using RLArena.Engine.Numerics;
using TorchSharp;

namespace RLArena.Engine.Tests;

/// <summary><see cref="FiniteCheck"/> names the first non-finite quantity and starts over after every check.</summary>
public class FiniteCheckTests
{
    private static torch.Tensor Scalar(float value) => torch.tensor(value);

    [Test]
    public void FiniteValuesPassAndHugeFiniteFloatsDoNotOverflowTheSum()
    {
        using var check = new FiniteCheck(torch.CPU);
        using var gradients = torch.full(1000, float.MaxValue);
        using var loss = Scalar(float.MaxValue);
        using var weights = torch.full(1000, float.MaxValue);
        check.AddLoss(loss);
        check.AddLoss(loss);
        Assert.DoesNotThrow(() => check.ThrowIfNotFinite([weights], gradients));
    }

    [TestCase(float.NaN, 0f, 0f, TrainingQuantity.Loss)]
    [TestCase(1f, float.PositiveInfinity, 0f, TrainingQuantity.Gradients)]
    [TestCase(1f, 0f, float.NegativeInfinity, TrainingQuantity.Parameters)]
    [TestCase(float.NaN, float.NaN, float.NaN, TrainingQuantity.Loss)]
    public void TheFirstNonFiniteQuantityIsNamed(float lossValue, float gradientValue, float weightValue, TrainingQuantity expected)
    {
        using var check = new FiniteCheck(torch.CPU);
        using var loss = Scalar(lossValue);
        using var gradients = torch.tensor(new[] { 1f, gradientValue, -1f });
        using var weights = torch.tensor(new[] { 0.5f, weightValue });
        check.AddLoss(loss);
        var e = Assert.Throws<NonFiniteValueException>(() => check.ThrowIfNotFinite([weights], gradients))!;
        Assert.That(e.Quantity, Is.EqualTo(expected));
        Assert.That(e.Message, Is.EqualTo($"the {NonFiniteValueException.Name(expected)} became NaN or infinite"));
    }

    [Test]
    public void EachCheckCoversOnlyTheStepsSinceTheLastOne()
    {
        using var check = new FiniteCheck(torch.CPU);
        using var bad = Scalar(float.NaN);
        using var good = Scalar(2f);
        using var weights = torch.ones(3);
        check.AddLoss(bad);
        Assert.Throws<NonFiniteValueException>(() => check.ThrowIfNotFinite([weights]));
        check.AddLoss(good);
        Assert.DoesNotThrow(() => check.ThrowIfNotFinite([weights]));
    }
}
