using RLArena.Core.Errors;
using RLArena.Engine.Config;
using RLArena.Engine.Networks;

namespace RLArena.Engine.Tests;

/// <summary>Declared ranges, enum texts and base-first key order in <see cref="ConfigBinder"/>.</summary>
public class ConfigRangeTests
{
    private enum Shape
    {
        [ConfigValue("box")] BoxShape,
        RoundThing,
    }

    private class Common
    {
        [ConfigRange(0, int.MaxValue)]
        public int Seed { get; set; } = 1;
    }

    private sealed class Specific : Common
    {
        [ConfigRange(0, 1, MinExclusive = true)]
        public double Rate { get; set; } = 0.5;

        [ConfigRange(1, 100)]
        public int[] Sizes { get; set; } = [4];

        public Shape Shape { get; set; } = Shape.BoxShape;
    }

    [Test]
    public void BaseClassKeysComeFirst() =>
        Assert.That(ConfigBinder.Keys(typeof(Specific)), Is.EqualTo(new[] { "seed", "rate", "sizes", "shape" }));

    [TestCase(0, false, 1, false, "[0, 1]")]
    [TestCase(0, true, 1, false, "(0, 1]")]
    [TestCase(1, false, double.PositiveInfinity, false, "[1, ∞)")]
    [TestCase(-1, false, 1, true, "[-1, 1)")]
    [TestCase(1, false, (double)long.MaxValue, false, "[1, ∞)")] // a long setting's "no upper limit"
    public void RangesDescribeThemselves(double min, bool minExclusive, double max, bool maxExclusive, string text)
    {
        var range = new ConfigRangeAttribute(min, max) { MinExclusive = minExclusive, MaxExclusive = maxExclusive };
        Assert.That(range.ToString(), Is.EqualTo(text));
        Assert.That(range.Contains(min), Is.EqualTo(!minExclusive));
        Assert.That(range.Contains(double.NaN), Is.False);
    }

    [Test]
    public void ValidateNamesKeyValueAndRange()
    {
        Assert.DoesNotThrow(() => ConfigBinder.Validate(new Specific()));
        var e = Assert.Throws<UsageException>(() => ConfigBinder.Validate(new Specific { Rate = 0 }))!;
        Assert.That(e.Message, Is.EqualTo("rate=0 is out of range; expected a value in (0, 1]."));
        e = Assert.Throws<UsageException>(() => ConfigBinder.Validate(new Specific { Seed = -3 }))!;
        Assert.That(e.Message, Is.EqualTo("seed=-3 is out of range; expected a value in [0, 2147483647]."));
        e = Assert.Throws<UsageException>(() => ConfigBinder.Validate(new Specific { Sizes = [4, 0] }))!;
        Assert.That(e.Message, Is.EqualTo("sizes=4,0 is out of range; give one or more values, each in [1, 100]."));
        Assert.Throws<UsageException>(() => ConfigBinder.Validate(new Specific { Sizes = [] }));
        Assert.That(ConfigBinder.RangeOf(typeof(Specific), "rate")!.ToString(), Is.EqualTo("(0, 1]"));
        Assert.That(ConfigBinder.RangeOf(typeof(Specific), "shape"), Is.Null);
    }

    [Test]
    public void EnumsUseTheirConfigTextBothWays()
    {
        var settings = new Specific();
        Assert.That(ConfigBinder.Describe(settings), Does.Contain(new KeyValuePair<string, string>("shape", "box")));
        ConfigBinder.Apply(settings, [new("shape", "round_thing")], "test");
        Assert.That(settings.Shape, Is.EqualTo(Shape.RoundThing));
        ConfigBinder.Apply(settings, [new("shape", "box")], "test");
        Assert.That(settings.Shape, Is.EqualTo(Shape.BoxShape));
        var e = Assert.Throws<UsageException>(() => ConfigBinder.Apply(settings, [new("shape", "cone")], "file.yaml"))!;
        Assert.That(e.Message, Is.EqualTo("file.yaml: shape=cone is not valid; expected one of box, round_thing."));
        Assert.That(ConfigBinder.EnumTexts(typeof(Activation)), Is.EqualTo(new[] { "relu", "tanh" }));
        Assert.That(ConfigBinder.Format(Activation.ReLU), Is.EqualTo("relu"));
    }
}
