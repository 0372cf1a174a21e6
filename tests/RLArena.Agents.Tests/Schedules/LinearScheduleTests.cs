using RLArena.Agents.Schedules;

namespace RLArena.Agents.Tests.Schedules;

public class LinearScheduleTests
{
    [Test]
    public void EpsilonReachesItsEndAfterTheFractionAndStays()
    {
        var epsilon = new LinearSchedule(1.0, 0.05, 0.5);
        Assert.That(epsilon.ValueAt(0, 1000), Is.EqualTo(1.0));
        Assert.That(epsilon.ValueAt(250, 1000), Is.EqualTo(0.525).Within(1e-12));
        Assert.That(epsilon.ValueAt(500, 1000), Is.EqualTo(0.05).Within(1e-12));
        Assert.That(epsilon.ValueAt(900, 1000), Is.EqualTo(0.05).Within(1e-12));
    }

    [Test]
    public void LearningRateAnnealsToZeroOverTheRun()
    {
        var lr = new LinearSchedule(1e-3, 0);
        Assert.That(lr.ValueAt(0.0), Is.EqualTo(1e-3));
        Assert.That(lr.ValueAt(0.75), Is.EqualTo(2.5e-4).Within(1e-15));
        Assert.That(lr.ValueAt(1.0), Is.EqualTo(0.0));
        Assert.That(LinearSchedule.Constant(0.2).ValueAt(0.6), Is.EqualTo(0.2));
    }
}
