using RLArena.Environments.CartPole;
using RLArena.Environments.Randomness;
using RLArena.Environments.Scenes;
using RLArena.Environments.Wrappers;

namespace RLArena.Environments.Tests;

public class CartPoleTests
{
    private static CartPoleEnv ResetEnv(int seed = 0)
    {
        var env = new CartPoleEnv();
        env.Reset(seed, new float[4]);
        return env;
    }

    private static StepOutcome StepFrom(CartPoleEnv env, CartPoleState state, int action)
    {
        env.State = state;
        return env.Step(action, new float[4]);
    }

    /// <summary>
    /// Expected next states were computed with Gymnasium's equations typed into Python (float64, math.sin/math.cos as
    /// in Gymnasium 0.29.1; np.sin/np.cos gave the same values for these inputs):
    /// temp = (F + 0.05·θ̇²·sinθ)/1.1; θ̈ = (9.8·sinθ − cosθ·temp)/(0.5·(4/3 − 0.1·cos²θ/1.1)); ẍ = temp − 0.05·θ̈·cosθ/1.1;
    /// then explicit Euler with τ = 0.02 using the old velocities.
    /// </summary>
    [TestCase(0.0, 0.0, 0.0, 0.0, 1, 0.0, 0.1951219512195122, 0.0, -0.2926829268292683)]
    [TestCase(0.0, 0.0, 0.0, 0.0, 0, 0.0, -0.1951219512195122, 0.0, 0.2926829268292683)]
    [TestCase(0.01, -0.2, 0.05, 0.3, 1, 0.006, -0.005625065781779709, 0.056, 0.02349585151852651)]
    [TestCase(-1.3, 0.7, -0.18, -1.1, 0, -1.286, 0.507643891452277, -0.20199999999999999, -0.8687621783412757)]
    [TestCase(2.39, 1.5, 0.2, 2.0, 1, 2.42, 1.6925487485381727, 0.24000000000000002, 1.775342893682617)]
    public void Transition_matches_the_equations(double x, double xd, double t, double td, int action,
        double ex, double exd, double et, double etd)
    {
        var env = ResetEnv();
        StepFrom(env, new CartPoleState(x, xd, t, td), action);
        var s = env.State;
        Assert.Multiple(() =>
        {
            Assert.That(s.X, Is.EqualTo(ex).Within(1e-15));
            Assert.That(s.XDot, Is.EqualTo(exd).Within(1e-15));
            Assert.That(s.Theta, Is.EqualTo(et).Within(1e-15));
            Assert.That(s.ThetaDot, Is.EqualTo(etd).Within(1e-15));
        });
    }

    [Test]
    public void Transition_is_computed_in_gymnasium_order_to_the_last_bit()
    {
        // The same equations written out here independently; with the same sin/cos the results are bit-identical.
        var state = new CartPoleState(0.3, -0.4, 0.11, -0.7);
        var env = ResetEnv();
        StepFrom(env, state, 0);
        const double force = -10.0;
        var cos = Math.Cos(0.11);
        var sin = Math.Sin(0.11);
        var temp = (force + 0.05 * (-0.7 * -0.7) * sin) / 1.1;
        var thetaAcc = (9.8 * sin - cos * temp) / (0.5 * (4.0 / 3.0 - 0.1 * (cos * cos) / 1.1));
        var xAcc = temp - 0.05 * thetaAcc * cos / 1.1;
        var expected = new CartPoleState(0.3 + 0.02 * -0.4, -0.4 + 0.02 * xAcc, 0.11 + 0.02 * -0.7, -0.7 + 0.02 * thetaAcc);
        Assert.That(env.State, Is.EqualTo(expected));
    }

    [Test]
    [Platform(Include = "Linux", Reason = "the expected values come from glibc's sin/cos, which .NET uses on Linux")]
    public void A_200_step_closed_loop_rollout_matches_python_to_the_last_bit()
    {
        // Produced with /usr/bin/python3 on this machine: state = np.random.default_rng(2024).uniform(-0.05, 0.05, 4),
        // then 200 steps of Gymnasium 0.29.1's equations (math.sin/math.cos, i.e. glibc) with the action
        // 1 if theta + 0.5 * theta_dot > 0 else 0 computed from the float64 state; the final state printed with repr.
        // Any 1-ulp difference anywhere would flip actions or show in the last bits (see CARTPOLE.md's caveat).
        var env = new CartPoleEnv();
        var obs = new float[4];
        env.Reset(2024, obs);
        for (var t = 0; t < 200; t++)
        {
            var s = env.State;
            Assert.That(env.Step(s.Theta + 0.5 * s.ThetaDot > 0 ? 1 : 0, obs).Terminated, Is.False);
        }
        Assert.That(env.State, Is.EqualTo(new CartPoleState(-0.09912265520219218, -0.027242328460188592, -0.006035830755067397, 0.0007044487510498576)));
    }

    [Test]
    public void SinCos_rounds_like_separate_sin_and_cos()
    {
        // CartPolePhysics uses Math.SinCos for speed; bit-exactness needs it to agree with Math.Sin and Math.Cos.
        var rng = Pcg64.FromSeed(5);
        for (var i = 0; i < 100_000; i++)
        {
            var angle = rng.Uniform(-1.0, 1.0);
            var (sin, cos) = Math.SinCos(angle);
            if (sin != Math.Sin(angle) || cos != Math.Cos(angle)) Assert.Fail($"SinCos({angle:R}) differs from Sin/Cos");
        }
    }

    [Test]
    public void Reset_with_a_seed_starts_where_gymnasium_starts()
    {
        // np.random.default_rng(0).uniform(-0.05, 0.05, 4), as gymnasium's CartPoleEnv.reset(seed=0) draws it.
        var env = new CartPoleEnv();
        var obs = new float[4];
        env.Reset(0, obs);
        var expected = new CartPoleState(0.013696168732145436, -0.02302132862361297, -0.045902647606380534, -0.04834723644714709);
        Assert.That(env.State, Is.EqualTo(expected));
        Assert.That(obs, Is.EqualTo(new[] { (float)expected.X, (float)expected.XDot, (float)expected.Theta, (float)expected.ThetaDot }));

        // Then one push right, computed in Python with Gymnasium's equations.
        env.Step(1, obs);
        Assert.That(env.State.X, Is.EqualTo(0.013235742159673177).Within(1e-15));
        Assert.That(env.State.XDot, Is.EqualTo(0.17272774640672584).Within(1e-15));
        Assert.That(env.State.Theta, Is.EqualTo(-0.04686959233532348).Within(1e-15));
        Assert.That(env.State.ThetaDot, Is.EqualTo(-0.3551522026891103).Within(1e-15));
    }

    [Test]
    public void Reset_without_a_seed_continues_the_stream()
    {
        // rng = np.random.default_rng(7); rng.uniform(-0.05, 0.05, 4); rng.uniform(-0.05, 0.05, 4) -> second draw below.
        var env = new CartPoleEnv();
        var obs = new float[4];
        env.Reset(7, obs);
        env.Reset(null, obs);
        Assert.That(env.State, Is.EqualTo(new CartPoleState(-0.019983371508877457, 0.03735534453962619, -0.04947346954344253, 0.03212284183827663)));
    }

    [Test]
    public void Reset_values_lie_in_the_reset_interval()
    {
        var env = new CartPoleEnv();
        var obs = new float[4];
        env.Reset(11, obs);
        for (var i = 0; i < 500; i++)
        {
            env.Reset(null, obs);
            Assert.That(env.State.ToArray(), Has.All.InRange(-0.05, 0.05));
        }
    }

    [TestCase(2.4, 0.0)]
    [TestCase(-2.4, 0.0)]
    [TestCase(0.0, CartPolePhysics.ThetaThresholdRadians)]
    [TestCase(0.0, -CartPolePhysics.ThetaThresholdRadians)]
    public void Reaching_a_threshold_exactly_is_not_terminal(double x, double theta)
    {
        // Zero velocities: the step leaves x and theta exactly where they are (x + 0.02 * 0).
        var env = ResetEnv();
        var outcome = StepFrom(env, new CartPoleState(x, 0, theta, 0), 1);
        Assert.That(env.State.X, Is.EqualTo(x));
        Assert.That(env.State.Theta, Is.EqualTo(theta));
        Assert.That(outcome.Terminated, Is.False);
    }

    [TestCase(2.4, 0.0)]
    [TestCase(-2.4, 0.0)]
    [TestCase(0.0, CartPolePhysics.ThetaThresholdRadians)]
    [TestCase(0.0, -CartPolePhysics.ThetaThresholdRadians)]
    public void Passing_a_threshold_terminates_with_reward_one(double x, double theta)
    {
        var env = ResetEnv();
        var beyond = new CartPoleState(x == 0 ? 0 : x > 0 ? Math.BitIncrement(x) : Math.BitDecrement(x), 0,
            theta == 0 ? 0 : theta > 0 ? Math.BitIncrement(theta) : Math.BitDecrement(theta), 0);
        var outcome = StepFrom(env, beyond, 1);
        Assert.That(outcome.Terminated, Is.True);
        Assert.That(outcome.Truncated, Is.False);
        Assert.That(outcome.Reward, Is.EqualTo(1.0));
    }

    [Test]
    public void Every_step_gives_reward_one_until_the_pole_falls()
    {
        var env = new CartPoleEnv();
        var obs = new float[4];
        env.Reset(3, obs);
        var steps = 0;
        StepOutcome outcome;
        do
        {
            outcome = env.Step(1, obs); // always right: falls within a few dozen steps
            steps++;
            Assert.That(outcome.Reward, Is.EqualTo(1.0));
        } while (!outcome.Terminated && steps < 1000);
        Assert.That(outcome.Terminated, Is.True);
        Assert.That(steps, Is.InRange(5, 100));
        Assert.That(CartPolePhysics.IsTerminal(env.State), Is.True);
    }

    [Test]
    public void Observation_is_the_float32_state()
    {
        var env = ResetEnv();
        var obs = new float[4];
        env.State = new CartPoleState(0.1234567890123, -1.0000000001, 0.05, 3.3333333333);
        env.Step(0, obs);
        var s = env.State;
        Assert.That(obs, Is.EqualTo(new[] { (float)s.X, (float)s.XDot, (float)s.Theta, (float)s.ThetaDot }));
        Assert.That(env.ObservationSpace.Contains(obs), Is.True);
    }

    [Test]
    public void Spaces_match_gymnasium()
    {
        var env = new CartPoleEnv();
        Assert.That(env.ActionSpace.N, Is.EqualTo(2));
        Assert.That(env.ObservationSpace.Shape, Is.EqualTo(new[] { 4 }));
        Assert.That(env.ObservationSpace.High, Is.EqualTo(new[] { 4.8f, float.PositiveInfinity, 0.41887903f, float.PositiveInfinity }));
        Assert.That(env.ObservationSpace.Low, Is.EqualTo(new[] { -4.8f, float.NegativeInfinity, -0.41887903f, float.NegativeInfinity }));
    }

    [Test]
    public void Truncates_at_step_500_in_the_registry_version()
    {
        var env = EnvRegistry.Make("cartpole");
        var physics = env.Find<CartPoleEnv>()!;
        var obs = new float[4];
        env.Reset(0, obs);
        var total = 0.0;
        for (var step = 1; step <= 500; step++)
        {
            physics.State = default; // keep it upright: setting the state does not touch the step counter
            var outcome = env.Step(step % 2, obs);
            total += outcome.Reward;
            Assert.That(outcome.Terminated, Is.False);
            Assert.That(outcome.Truncated, Is.EqualTo(step == 500), $"step {step}");
        }
        Assert.That(total, Is.EqualTo(500.0));
        var e = Assert.Throws<InvalidOperationException>(() => env.Step(0, obs));
        Assert.That(e!.Message, Does.Contain("Reset"));
    }

    [Test]
    public void Bad_actions_and_stepping_a_finished_episode_throw()
    {
        var env = new CartPoleEnv();
        var obs = new float[4];
        var early = Assert.Throws<InvalidOperationException>(() => env.Step(0, obs));
        Assert.That(early!.Message, Does.Contain("Reset"));
        env.Reset(0, obs);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(2, obs));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(-1, obs));
        env.State = new CartPoleState(3, 0, 0, 0);
        Assert.That(env.Step(0, obs).Terminated, Is.True);
        var late = Assert.Throws<InvalidOperationException>(() => env.Step(0, obs));
        Assert.That(late!.Message, Does.Contain("call Reset"));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Reset(-3, obs));
    }

    [Test]
    public void Scene_puts_the_cart_and_pole_where_the_state_says()
    {
        var env = ResetEnv();
        env.State = new CartPoleState(-1.25, 0, 0.15, 0);
        var scene = env.Describe();
        var cart = scene.Primitives.OfType<RectanglePrimitive>().Single(r => r.Color == CartPoleScene.CartColor);
        Assert.That(cart.X + cart.Width / 2, Is.EqualTo(CartPoleScene.WorldWidth / 2 - 1.25).Within(1e-12));
        Assert.That(cart.Y + cart.Height / 2, Is.EqualTo(CartPoleScene.TrackY).Within(1e-12));

        var pole = scene.Primitives.OfType<LinePrimitive>().Single(l => l.Color == CartPoleScene.PoleColor);
        Assert.That(pole.X1, Is.EqualTo(cart.X + cart.Width / 2).Within(1e-12));
        Assert.That(pole.Y1, Is.LessThan(CartPoleScene.TrackY));
        var length = Math.Sqrt((pole.X2 - pole.X1) * (pole.X2 - pole.X1) + (pole.Y2 - pole.Y1) * (pole.Y2 - pole.Y1));
        Assert.That(length, Is.EqualTo(1.0).Within(1e-12));
        // Angle from vertical, positive leaning towards +x (screen y grows downwards).
        Assert.That(Math.Atan2(pole.X2 - pole.X1, pole.Y1 - pole.Y2), Is.EqualTo(0.15).Within(1e-12));
        var axle = scene.Primitives.OfType<CirclePrimitive>().Single();
        Assert.That((axle.CenterX, axle.CenterY), Is.EqualTo((pole.X1, pole.Y1)));
        Assert.That(scene.Primitives.OfType<TextPrimitive>().Single().Text, Does.Contain("-1.250"));
    }
}
