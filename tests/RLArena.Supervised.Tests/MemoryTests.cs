using RLArena.Supervised.Data;
using RLArena.Supervised.Training;
using TorchSharp;

namespace RLArena.Supervised.Tests;

public class MemoryTests
{
    [Test]
    public void An_epoch_leaves_no_tensors_behind()
    {
        var (images, labels) = SyntheticDigits.Make(640, 4);
        using var data = DatasetTensors.FromBytes(images, labels, 0.1307, 0.3081);
        torch.manual_seed(1);
        using var model = ClassifierModel.Build(ClassifierModel.Spec([32, 16], 10));
        using var optimizer = TrainingOptimizer.Create(model, new MnistSettings());
        using var trainer = new ClassifierTrainer(model, optimizer, 64, 3, torch.CPU);
        trainer.TrainEpoch(data, 1, 3);
        var statistics = DisposeScopeManager.Statistics;
        var live = statistics.ThreadTotalLiveCount;
        trainer.TrainEpoch(data, 2, 3);
        trainer.TrainEpoch(data, 3, 3);
        Assert.That(statistics.ThreadTotalLiveCount, Is.EqualTo(live), "tensors leaked out of the per-step dispose scopes");
        Assert.That(trainer.GlobalStep, Is.EqualTo(30));
    }
}
