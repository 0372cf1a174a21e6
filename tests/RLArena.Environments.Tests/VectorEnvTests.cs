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
