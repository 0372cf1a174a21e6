using RLArena.Supervised.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace RLArena.Supervised.Tests;

public class NormalisationTests
{
    [Test]
    public void The_constants_are_the_tutorials_and_fashion_mnists()
    {
        Assert.That((DatasetSpec.Mnist.Mean, DatasetSpec.Mnist.Std), Is.EqualTo((0.1307, 0.3081)));
        Assert.That((DatasetSpec.FashionMnist.Mean, DatasetSpec.FashionMnist.Std), Is.EqualTo((0.2860, 0.3530)));
        Assert.That(DatasetSpec.FashionMnist.ClassNames[0], Is.EqualTo("T-shirt/top"));
        Assert.That(DatasetSpec.FashionMnist.ClassNames[9], Is.EqualTo("Ankle boot"));
    }

    [Test]
    public void Black_and_white_pixels_map_to_the_expected_values()
    {
        var table = DatasetTensors.NormalisationTable(0.1307, 0.3081);
        Assert.That(table[0], Is.EqualTo(-0.1307 / 0.3081).Within(1e-6));
        Assert.That(table[255], Is.EqualTo((1 - 0.1307) / 0.3081).Within(1e-6));
        Assert.That(table[0], Is.EqualTo(-0.42421).Within(1e-5));
        Assert.That(table[255], Is.EqualTo(2.82149).Within(1e-5));
    }

    [Test]
    public void The_dataset_tensor_equals_torchvisions_ToTensor_then_Normalize_bit_for_bit()
    {
        var pixels = Enumerable.Range(0, 2 * 784).Select(i => (byte)(i % 256)).ToArray();
        using var data = DatasetTensors.FromBytes(new IdxImages(2, 28, 28, pixels), [3, 7], 0.2860, 0.3530);
        Assert.That(data.Images.shape, Is.EqualTo(new long[] { 2, 784 }));
        Assert.That(data.Images.dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(data.Labels.dtype, Is.EqualTo(ScalarType.Int64));
        Assert.That(data.Labels.data<long>().ToArray(), Is.EqualTo(new long[] { 3, 7 }));

        // What torchvision does: img.float().div(255), then tensor.sub_(mean).div_(std) with float32 mean/std.
        using var scope = NewDisposeScope();
        var reference = tensor(pixels, [2, 784], ScalarType.Byte).to_type(ScalarType.Float32).div(255)
            .sub_(tensor(0.2860f)).div_(tensor(0.3530f));
        Assert.That(data.Images.data<float>().ToArray(), Is.EqualTo(reference.data<float>().ToArray()));
    }
}
