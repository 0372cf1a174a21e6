using RLArena.Environments.CartPole;
using RLArena.Environments.GridWorld;
using RLArena.Environments.Registry;
using RLArena.Environments.Wrappers;

namespace RLArena.Environments.Tests;

public class EnvRegistryTests
{
    [Test]
    public void Names_are_listed()
    {
        // Other tests register games and plugins in this process; the built-ins come first.
        Assert.That(EnvRegistry.Catalog.Where(c => c.Origin == "built-in").Select(c => c.Name), Is.EqualTo(new[] { "cartpole", "gridworld", "mountaincar", "acrobot", "pendulum", "mountaincar-continuous" }));
        Assert.That(EnvRegistry.Names.Take(6), Is.EqualTo(new[] { "cartpole", "gridworld", "mountaincar", "acrobot", "pendulum", "mountaincar-continuous" }));
        Assert.That(EnvRegistry.Catalog.Select(c => c.Name), Is.EqualTo(EnvRegistry.Names));
    }

    [Test]
    public void Cartpole_is_CartPole_v1_with_a_500_step_limit()
    {
        foreach (var spec in new[] { "cartpole", "CartPole-v1", " CARTPOLE " })
        {
            var env = EnvRegistry.Make(spec);
            Assert.That(env, Is.InstanceOf<TimeLimit>());
            Assert.That(((TimeLimit)env).MaxEpisodeSteps, Is.EqualTo(500));
            Assert.That(env.Unwrapped(), Is.InstanceOf<CartPoleEnv>());
            Assert.That(env.Id, Is.EqualTo("cartpole"));
        }
        Assert.That(EnvRegistry.Make("cartpole:max_steps=200").Find<TimeLimit>()!.MaxEpisodeSteps, Is.EqualTo(200));
    }

    [Test]
    public void Gridworld_options_are_applied()
    {
        var env = (GridWorldEnv)EnvRegistry.Make("gridworld:size=8,goals=2,obs=visual,max_steps=50,obstacles=1-1;3-2,mask=false");
        Assert.That(env.Options.Size, Is.EqualTo(8));
        Assert.That(env.Options.GreenGoals, Is.EqualTo(2));
        Assert.That(env.Options.RedGoals, Is.EqualTo(2));
        Assert.That(env.Options.Observation, Is.EqualTo(GridObservationKind.Visual));
        Assert.That(env.Options.MaxSteps, Is.EqualTo(50));
        Assert.That(env.Options.MaskActions, Is.False);
        Assert.That(env.Options.ObstacleCells, Is.EqualTo(new[] { new GridCell(1, 1), new GridCell(3, 2) }));
        Assert.That(env.ObservationSpace.Shape, Is.EqualTo(new[] { 6, 8, 8 }));

        var byColour = (GridWorldEnv)EnvRegistry.Make("gridworld:green=3,red=0");
        Assert.That((byColour.Options.GreenGoals, byColour.Options.RedGoals), Is.EqualTo((3, 0)));
        Assert.That(((GridWorldEnv)EnvRegistry.Make("gridworld")).ObservationSpace.Shape, Is.EqualTo(new[] { 102 }));
    }

    [TestCase("cartpole")]
    [TestCase("cartpole:max_steps=200")]
    [TestCase("gridworld")]
    [TestCase("gridworld:size=8,goals=2,obs=visual")]
    [TestCase("gridworld:green=2,red=1,obstacles=0-0;4-4,max_steps=30,mask=false")]
    public void Ids_are_specs_that_make_the_same_environment(string spec)
    {
        var env = EnvRegistry.Make(spec);
        var again = EnvRegistry.Make(env.Id);
        Assert.That(again.Id, Is.EqualTo(env.Id));
        Assert.That(again.ObservationSpace.Shape, Is.EqualTo(env.ObservationSpace.Shape));
        if (!spec.Contains("max_steps") && !spec.Contains("goals=2")) Assert.That(env.Id, Is.EqualTo(spec));
    }

    [TestCase("lunarlander", "unknown environment 'lunarlander'; valid environments: cartpole, gridworld, mountaincar, acrobot")]
    [TestCase("gridworld:colour=red", "unknown option 'colour' for gridworld; valid options: size, goals, green, red, obstacles, max_steps, obs, mask")]
    [TestCase("cartpole:size=3", "unknown option 'size' for cartpole; valid options: max_steps")]
    [TestCase("gridworld:size=abc", "gridworld option size=abc is invalid; expected a whole number from 2 to 64")]
    [TestCase("gridworld:size=100", "gridworld option size=100 is invalid; expected a whole number from 2 to 64")]
    [TestCase("gridworld:obs=pixels", "gridworld option obs=pixels is invalid; expected one of: vector, visual")]
    [TestCase("gridworld:obs=1", "gridworld option obs=1 is invalid; expected one of: vector, visual")]
    [TestCase("gridworld:mask=maybe", "gridworld option mask=maybe is invalid; expected true or false")]
    [TestCase("gridworld:obstacles=1,2", "'gridworld:obstacles=1,2': option '2' must look like key=value")]
    [TestCase("gridworld:obstacles=9-9", "GridWorld obstacle 9-9 is outside the 5x5 grid")]
    [TestCase("gridworld:size=2,goals=2", "GridWorld has 4 free cells, too few for 4 goals and the agent")]
    [TestCase("gridworld:size=4,size=5", "option 'size' is given twice")]
    [TestCase("cartpole:", "nothing after ':'")]
    [TestCase("", "empty environment spec; valid environments: cartpole, gridworld, mountaincar, acrobot")]
    public void Bad_specs_say_what_is_valid(string spec, string message)
    {
        var e = Assert.Throws<EnvSpecException>(() => EnvRegistry.Make(spec));
        Assert.That(e!.Message, Does.Contain(message));
        Assert.That(e, Is.InstanceOf<ArgumentException>());
        Assert.That(e.Message, Does.Not.Contain("\n"));
        Assert.That(EnvRegistry.TryValidate(spec, out var problem), Is.False);
        Assert.That(problem, Is.EqualTo(e.Message));
    }

    [Test]
    public void MakeVector_makes_independent_copies()
    {
        var vec = EnvRegistry.MakeVector("gridworld:size=6", 4);
        Assert.That(vec.Count, Is.EqualTo(4));
        Assert.That(vec.Environments.Distinct().Count(), Is.EqualTo(4));
        Assert.That(vec.ObservationSize, Is.EqualTo(4 * 36 + 2));
        Assert.Throws<EnvSpecException>(() => EnvRegistry.MakeVector("nope", 2));
    }
}
