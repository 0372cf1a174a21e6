using RLArena.Environments.Registry;

namespace RLArena.Environments.Tests;

/// <summary>
/// Every option of every built-in environment is checked when the environment is made: a value outside its range, or
/// one that is not a value of its kind at all, is one line naming the environment, the option and what is valid.
/// </summary>
public class EnvOptionRangeTests
{
    private static IEnumerable<TestCaseData> BuiltInOptions() =>
        EnvRegistry.Catalog.Where(d => d.Origin == "built-in")
            .SelectMany(d => d.Options.Select(o => new TestCaseData(d.Name, o.Key).SetName($"{d.Name}:{o.Key}")));

    [TestCaseSource(nameof(BuiltInOptions))]
    public void A_value_out_of_range_or_of_the_wrong_kind_is_one_line_naming_the_option(string environment, string option)
    {
        foreach (var bad in new[] { "-999999999", "1e300", "not-a-value" })
        {
            var spec = $"{environment}:{option}={bad}";
            var error = Assert.Throws<EnvSpecException>(() => EnvRegistry.Make(spec), spec)!;
            Assert.That(error.Message, Does.Contain(option), spec);
            Assert.That(error.Message, Does.Not.Contain("\n"), spec);
        }
    }

    [Test]
    public void Every_built_in_option_is_walked()
    {
        Assert.That(BuiltInOptions().Count(), Is.GreaterThanOrEqualTo(22), "cartpole 1, gridworld 8, mountaincar 3, acrobot 3, pendulum 4, mountaincar-continuous 4");
    }
}
