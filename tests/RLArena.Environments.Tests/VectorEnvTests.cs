using RLArena.Environments.CartPole;
using RLArena.Environments.GridWorld;
using RLArena.Environments.Vector;
using RLArena.Environments.Wrappers;

namespace RLArena.Environments.Tests;

public class VectorEnvTests
{
    [Test]
    public void Reset_seeds_copy_i_with_seed_plus_i()
    {
        var vec = EnvRegistry.MakeVector("cartpole", 3);
        vec.Reset(20);
        for (var i = 0; i < 3; i++)
        {
            var single = new CartPoleEnv().Reset(20 + i).Observation;
            Assert.That(vec.Observation(i).ToArray(), Is.EqualTo(single));
        }
        Assert.That(vec.ActionMasks, Has.All.True);
        Assert.That(vec.ObservationSize, Is.EqualTo(4));
        Assert.That(vec.ActionCount, Is.EqualTo(2));
    }

    [Test]
    public void Autoreset_keeps_the_final_observation_and_starts_the_next_episode_in_the_same_step()
    {
        var vec = EnvRegistry.MakeVector("cartpole", 2);
        var reference = EnvRegistry.Make("cartpole"); // replays copy 1
        vec.Reset(5);
        var refObs = new float[4];
        reference.Reset(6, refObs);
        var actions = new int[2];
        var ended = false;
        for (var step = 1; step < 200 && !ended; step++)
        {
            actions[0] = step % 2;
            actions[1] = 1; // always right: copy 1 falls first
            vec.Step(actions);
            var r = reference.Step(1, refObs);
            Assert.That(vec.Rewards[1], Is.EqualTo(1f));
            Assert.That(vec.Terminated[1], Is.EqualTo(r.Terminated));
            if (!r.Terminated)
            {
                Assert.That(vec.Observation(1).ToArray(), Is.EqualTo(refObs));
                Assert.That(vec.CompletedEpisodes, Is.Empty);
                continue;
            }
            ended = true;
            Assert.That(vec.Truncated[1], Is.False);
            Assert.That(vec.FinalObservation(1).ToArray(), Is.EqualTo(refObs), "final observation = the terminal one");
            reference.Reset(null, refObs);
            Assert.That(vec.Observation(1).ToArray(), Is.EqualTo(refObs), "observation = first of the next episode");
            Assert.That(vec.CompletedEpisodes, Has.Count.EqualTo(1));
            Assert.That(vec.CompletedEpisodes[0], Is.EqualTo(new EpisodeRecord(1, step, step, null)));
            Assert.That(vec.Terminated[0] || vec.Truncated[0], Is.False);
        }
        Assert.That(ended, Is.True);

        // The next step continues the new episode from its first observation.
        vec.Step(actions);
        var next = reference.Step(1, refObs);
        Assert.That(vec.Observation(1).ToArray(), Is.EqualTo(refObs));
        Assert.That(vec.Terminated[1], Is.EqualTo(next.Terminated));
        Assert.That(vec.CompletedEpisodes, Is.Empty);
    }

    [Test]
    public void Truncation_is_reported_with_the_final_observation()
    {
        var vec = new VectorEnv(() => new GridWorldEnv(new GridWorldOptions(MaxSteps: 4)), 2);
        vec.Reset(0);
        var stay = new int[2];
        for (var i = 0; i < 3; i++) vec.Step(stay);
        var before = vec.Observations.ToArray();
        vec.Step(stay);
        Assert.That(vec.Truncated, Has.All.True);
        Assert.That(vec.Terminated, Has.All.False);
        Assert.That(vec.FinalObservations, Is.EqualTo(before), "staying put: the final observation is the last one seen");
        Assert.That(vec.CompletedEpisodes.Select(e => (e.EnvIndex, e.Length, e.Success)), Is.EqualTo(new[] { (0, 4, (bool?)false), (1, 4, (bool?)false) }));
        Assert.That(vec.CompletedEpisodes[0].Return, Is.EqualTo(-0.04).Within(1e-12));
    }

    [Test]
    public void Masks_follow_the_current_observation()
    {
        var vec = new VectorEnv(() => new GridWorldEnv(), 4);
        vec.Reset(3);
        var rng = new Random(1);
        var actions = new int[4];
        for (var step = 0; step < 300; step++)
        {
            for (var i = 0; i < 4; i++)
            {
                var grid = (GridWorldEnv)vec.Environments[i];
                Assert.That(vec.ActionMask(i).ToArray(), Is.EqualTo(grid.ActionMask()));
                do actions[i] = rng.Next(5); while (!vec.ActionMasks[i * 5 + actions[i]]);
            }
            vec.Step(actions);
        }
    }

    [Test]
    public void Success_is_reported_for_gridworld_episodes()
    {
        var vec = new VectorEnv(() => new GridWorldEnv(), 1);
        vec.Reset(0);
        var grid = (GridWorldEnv)vec.Environments[0];
        grid.Layout = new GridWorldLayout(new GridCell(2, 2), GoalColor.Red, [new GridCell(0, 0)], [new GridCell(3, 2)]);
        vec.Step([GridActions.Right]);
        Assert.That(vec.Rewards[0], Is.EqualTo(1f));
        Assert.That(vec.CompletedEpisodes.Single(), Is.EqualTo(new EpisodeRecord(0, 1.0, 1, true)));
    }

    [Test]
    public void Steady_state_steps_allocate_nothing()
    {
        foreach (var spec in new[] { "cartpole", "gridworld", "gridworld:obs=visual" })
        {
            var vec = EnvRegistry.MakeVector(spec, 8);
            vec.Reset(0);
            var actions = new int[8];
            void Run(int steps)
            {
                for (var t = 0; t < steps; t++)
                {
                    for (var i = 0; i < 8; i++) actions[i] = (t + i) % vec.ActionCount;
                    vec.Step(actions);
                    foreach (var _ in vec.CompletedEpisodesSpan) { }
                }
            }
            Run(2000);
            var before = GC.GetAllocatedBytesForCurrentThread();
            Run(20_000);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.That(allocated, Is.EqualTo(0), spec);
        }
    }

    [Test]
    public void Bad_use_is_refused_clearly()
    {
        Assert.Throws<ArgumentException>(() => new VectorEnv(Array.Empty<IEnvironment>()));
        var shared = new CartPoleEnv();
        Assert.Throws<ArgumentException>(() => new VectorEnv([shared, shared]));
        var mixed = Assert.Throws<ArgumentException>(() => new VectorEnv([new CartPoleEnv(), new GridWorldEnv()]));
        Assert.That(mixed!.Message, Does.Contain("does not share the spaces"));

        var vec = new VectorEnv(() => new TimeLimit(new CartPoleEnv(), 10), 2);
        Assert.Throws<InvalidOperationException>(() => vec.Step([0, 0]));
        vec.Reset(0);
        Assert.Throws<ArgumentException>(() => vec.Step([0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => vec.Step([0, 2]));
    }

    [Test]
    public void Parallel_stepping_gives_the_same_results()
    {
        var serial = EnvRegistry.MakeVector("gridworld", 6);
        var parallel = EnvRegistry.MakeVector("gridworld", 6, parallel: true);
        serial.Reset(8);
        parallel.Reset(8);
        var actions = new int[6];
        for (var t = 0; t < 500; t++)
        {
            for (var i = 0; i < 6; i++) actions[i] = (t * 7 + i * 3) % 5;
            serial.Step(actions);
            parallel.Step(actions);
            Assert.That(parallel.Observations, Is.EqualTo(serial.Observations));
            Assert.That(parallel.Rewards, Is.EqualTo(serial.Rewards));
            Assert.That(parallel.CompletedEpisodes, Is.EqualTo(serial.CompletedEpisodes));
        }
    }
}

/// <summary>VectorEnv with continuous (Box) actions: env-major action layout, autoreset, errors, parallel and snapshots.</summary>
public class ContinuousVectorEnvTests
{
    private static float[] Actions(int count, int step)
    {
        var actions = new float[count];
        for (var i = 0; i < count; i++) actions[i] = MathF.Sin(step * 0.37f + i) * 2.5f;
        return actions;
    }

    [Test]
    public void It_steps_each_copy_with_its_slice_like_separate_environments()
    {
        var vec = EnvRegistry.MakeVector("pendulum:max_steps=30", 3);
        Assert.That((vec.IsContinuous, vec.ActionSize, vec.ActionCount, vec.ActionMasks.Length), Is.EqualTo((true, 1, 0, 0)));
        Assert.That(vec.ContinuousActionSpace!.Describe(), Is.EqualTo("Box(-2, 2, (1,))"));
        var singles = Enumerable.Range(0, 3).Select(_ => EnvRegistry.Make("pendulum:max_steps=30")).ToArray();
        var obs = new float[3][];
        vec.Reset(10);
        for (var i = 0; i < 3; i++)
        {
            obs[i] = new float[3];
            singles[i].Reset(10 + i, obs[i]);
            Assert.That(vec.Observation(i).ToArray(), Is.EqualTo(obs[i]));
        }
        var ended = 0;
        for (var t = 0; t < 75; t++)
        {
            var actions = Actions(3, t);
            vec.Step(actions);
            for (var i = 0; i < 3; i++)
            {
                var outcome = singles[i].Step([actions[i]], obs[i]);
                Assert.That(vec.Rewards[i], Is.EqualTo((float)outcome.Reward));
                Assert.That(vec.Truncated[i], Is.EqualTo(outcome.Truncated));
                if (outcome.Done)
                {
                    Assert.That(vec.FinalObservation(i).ToArray(), Is.EqualTo(obs[i]), "the last observation of the ended episode");
                    singles[i].Reset(null, obs[i]);
                    ended++;
                }
                Assert.That(vec.Observation(i).ToArray(), Is.EqualTo(obs[i]));
            }
        }
        Assert.That(ended, Is.EqualTo(6), "two 30-step episodes per copy ended in 75 steps");
    }

    [Test]
    public void Wrong_kinds_sizes_and_NaN_are_refused_with_one_line()
    {
        var vec = EnvRegistry.MakeVector("mountaincar-continuous", 2);
        Assert.Throws<InvalidOperationException>(() => vec.Step(new float[2]));
        vec.Reset(0);
        var discrete = Assert.Throws<NotSupportedException>(() => vec.Step(new int[2]))!;
        Assert.That(discrete.Message, Does.Contain("continuous actions"));
        Assert.Throws<ArgumentException>(() => vec.Step(new float[3]));
        var nan = Assert.Throws<ArgumentException>(() => vec.Step(new[] { 0f, float.NaN }))!;
        Assert.That(nan.Message, Does.Contain("environment 1"));
        var cartpoles = EnvRegistry.MakeVector("cartpole", 2);
        cartpoles.Reset(0);
        Assert.Throws<NotSupportedException>(() => cartpoles.Step(new float[2]));
        Assert.Throws<ArgumentException>(() => new VectorEnv([EnvRegistry.Make("pendulum"), EnvRegistry.Make("cartpole")]));
        Assert.Throws<ArgumentException>(() => new VectorEnv([EnvRegistry.Make("pendulum"), new RLArena.Environments.Wrappers.RescaleAction(EnvRegistry.Make("pendulum"))]),
            "different Box bounds are different spaces");
    }

    [Test]
    public void Parallel_stepping_and_snapshots_give_the_same_results()
    {
        var serial = EnvRegistry.MakeVector("pendulum:max_steps=40", 4);
        var parallel = EnvRegistry.MakeVector("pendulum:max_steps=40", 4, parallel: true);
        serial.Reset(3);
        parallel.Reset(3);
        for (var t = 0; t < 50; t++)
        {
            serial.Step(Actions(4, t));
            parallel.Step(Actions(4, t));
        }
        Assert.That(parallel.Observations, Is.EqualTo(serial.Observations));

        using var stream = new MemoryStream();
        serial.SaveSnapshot(new BinaryWriter(stream));
        var copy = EnvRegistry.MakeVector("pendulum:max_steps=40", 4);
        stream.Position = 0;
        copy.LoadSnapshot(new BinaryReader(stream));
        for (var t = 50; t < 120; t++)
        {
            serial.Step(Actions(4, t));
            copy.Step(Actions(4, t));
            Assert.That(copy.Observations, Is.EqualTo(serial.Observations));
            Assert.That(copy.CompletedEpisodes, Is.EqualTo(serial.CompletedEpisodes));
        }
    }
}
