using RLArena.Environments.MountainCar;
using RLArena.Environments.Registry;
using RLArena.Environments.Scenes;
using RLArena.Environments.Tests.Reference;

namespace RLArena.Environments.Tests;

/// <summary>
/// MountainCar-v0's own rules: the reference data's coverage, the wall, the flag, state, spaces, options, errors and
/// the scene. The comparisons with Gymnasium v0.29.1 are in <see cref="ClassicControlReferenceTests"/>.
/// </summary>
public class MountainCarTests
{
    private const string Env = "mountaincar";

    private static IEnumerable<ControlReference.Step> Steps() => ControlReference.Steps(Env);
    private static IEnumerable<ControlReference.Rollout> Rollouts() => ControlReference.Rollouts(Env);

    [Test]
    public void The_reference_covers_the_left_wall_the_flag_and_the_time_limit()
    {
        // Guards the data itself: a regenerated file must still exercise every branch of the step.
        var rollouts = Rollouts().ToArray();
        Assert.That(rollouts.Single(r => r.Seed == 5).Trajectory!, Has.Some.EqualTo(new[] { MountainCarPhysics.MinPosition, 0.0 }));
        Assert.That(rollouts.Count(r => r.Terminated), Is.GreaterThanOrEqualTo(5));
        Assert.That(rollouts.Count(r => r.Truncated && r.Steps == 200), Is.EqualTo(2));
        Assert.That(Steps().Where(s => s.Terminated), Is.Not.Empty);
    }

    [Test]
    public void The_left_wall_stops_the_car_and_the_speed_is_clipped()
    {
        var next = MountainCarPhysics.Step(new MountainCarState(-1.19, -0.02), 0);
        Assert.That(next, Is.EqualTo(new MountainCarState(-1.2, 0.0)));
        var fast = MountainCarPhysics.Step(new MountainCarState(-1.0, 0.07), 2); // gravity pulls right here too
        Assert.That(fast.Velocity, Is.EqualTo(0.07));
        var right = MountainCarPhysics.Step(new MountainCarState(0.59, 0.07), 2);
        Assert.That(right.Position, Is.EqualTo(0.6));
        Assert.That(right.Velocity, Is.EqualTo(0.07), "the right end clips the position but keeps the velocity, as Gymnasium does");
    }

    [TestCase(0.5, 0.0, true)]
    [TestCase(0.5, -1e-9, false)]
    [TestCase(0.49999999, 0.01, false)]
    [TestCase(0.55, 0.01, true)]
    public void Terminates_at_the_flag_moving_right_or_standing(double position, double velocity, bool terminal) =>
        Assert.That(MountainCarPhysics.IsTerminal(position, velocity), Is.EqualTo(terminal));

    [Test]
    public void State_can_be_read_and_set_without_touching_the_episode()
    {
        var env = new MountainCarEnv();
        var obs = new float[2];
        env.Reset(3, obs);
        env.State = new MountainCarState(0.499, 0.0123456789);
        Assert.That(env.State, Is.EqualTo(new MountainCarState(0.499, 0.0123456789)));
        Assert.That(env.IsEpisodeOver, Is.False);
        var outcome = env.Step(2, obs);
        Assert.That(outcome.Terminated, Is.True);
        Assert.That(env.IsEpisodeOver, Is.True);
        Assert.That(obs, Is.EqualTo(new[] { (float)env.State.Position, (float)env.State.Velocity }));
        Assert.Throws<InvalidOperationException>(() => env.Step(0, obs));
    }

    [Test]
    public void Spaces_and_metadata_match_gymnasium()
    {
        var env = new MountainCarEnv();
        Assert.That(env.ActionSpace.N, Is.EqualTo(3));
        Assert.That(env.ObservationSpace.Low, Is.EqualTo(new[] { -1.2f, -0.07f }));
        Assert.That(env.ObservationSpace.High, Is.EqualTo(new[] { 0.6f, 0.07f }));
        var meta = ((IEnvironment)env).Metadata;
        Assert.That(meta.DisplayName, Is.EqualTo("MountainCar-v0"));
        Assert.That(meta.ActionNames, Has.Count.EqualTo(3));
        Assert.That(meta.Play!.Bindings, Is.EqualTo(new[] { new KeyBinding(PlayKey.Left, 0), new KeyBinding(PlayKey.Right, 2) }));
        Assert.That(meta.Play!.IdleActions, Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public void Reset_bounds_are_options_like_gymnasiums_reset_options()
    {
        var env = EnvRegistry.Make("mountaincar:low=-0.3,high=-0.2");
        Assert.That(env.Id, Is.EqualTo("mountaincar:low=-0.3,high=-0.2"));
        var car = env.Find<MountainCarEnv>()!;
        var obs = new float[2];
        env.Reset(1, obs);
        for (var i = 0; i < 200; i++)
        {
            Assert.That(car.State.Position, Is.InRange(-0.3, -0.2));
            Assert.That(car.State.Velocity, Is.EqualTo(0.0));
            env.Reset(null, obs);
        }
        var swapped = Assert.Throws<EnvSpecException>(() => EnvRegistry.Make("mountaincar:low=0.1,high=-0.1"));
        Assert.That(swapped!.Message, Does.Contain("low must not exceed high"));
        var outside = Assert.Throws<EnvSpecException>(() => EnvRegistry.Make("mountaincar:low=-5"));
        Assert.That(outside!.Message, Does.Contain("low=-5"));
        Assert.Throws<ArgumentException>(() => new MountainCarEnv(double.NaN, 0));
    }

    [Test]
    public void Bad_actions_and_stepping_before_a_reset_throw()
    {
        var env = new MountainCarEnv();
        var obs = new float[2];
        Assert.That(Assert.Throws<InvalidOperationException>(() => env.Step(1, obs))!.Message, Does.Contain("Reset"));
        env.Reset(0, obs);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(3, obs));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(-1, obs));
        Assert.Throws<ArgumentException>(() => env.Step(1, new float[3]));
    }

    [Test]
    public void Scene_puts_the_car_on_the_hill_where_the_state_says_and_the_flag_at_the_goal()
    {
        foreach (var position in new[] { -1.2, -0.5, 0.0, 0.45 })
        {
            var env = new MountainCarEnv();
            env.Reset(0, new float[2]);
            env.State = new MountainCarState(position, 0.01);
            var scene = env.Describe();
            Assert.That(scene.Width, Is.EqualTo(1.8).Within(1e-12));
            var car = scene.Primitives.OfType<RectanglePrimitive>().Single(r => r.Color == MountainCarScene.CarColor);
            var (sx, sy) = MountainCarScene.Surface(position);
            var centre = (X: car.X + car.Width / 2, Y: car.Y + car.Height / 2);
            var distance = Math.Sqrt((centre.X - sx) * (centre.X - sx) + (centre.Y - sy) * (centre.Y - sy));
            Assert.That(distance, Is.EqualTo(MountainCarScene.Clearance + MountainCarScene.CarHeight / 2).Within(1e-12));
            Assert.That(centre.Y, Is.LessThan(sy), "the car stands above the hill");
            Assert.That(car.Rotation, Is.EqualTo(-Math.Cos(3 * position)).Within(1e-12));
            Assert.That(scene.Primitives.OfType<CirclePrimitive>().Count(), Is.EqualTo(2));
            var flag = scene.Primitives.OfType<RectanglePrimitive>().Single(r => r.Color == MountainCarScene.FlagColor);
            Assert.That(flag.X, Is.EqualTo(0.5 + 1.2).Within(1e-12));
            Assert.That(scene.Primitives.OfType<TextPrimitive>().Single().Text, Does.StartWith("position = "));
        }
    }
}
