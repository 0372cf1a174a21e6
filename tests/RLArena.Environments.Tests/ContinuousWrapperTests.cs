using RLArena.Environments.MountainCarContinuous;
using RLArena.Environments.Pendulum;
using RLArena.Environments.Registry;
using RLArena.Environments.Tests.Reference;
using RLArena.Environments.Wrappers;

namespace RLArena.Environments.Tests;

/// <summary>
/// ClipAction, RescaleAction, NormalizeObservation and NormalizeReward against traces printed by Gymnasium v0.29.1's
/// wrappers (Reference/control_reference.py continuous), bit for bit, and the save / freeze / load of the running
/// statistics that checkpoints and evaluation use.
/// </summary>
[Platform(Include = "Linux", Reason = "the expected values come from glibc's sin, cos and pow, which .NET uses on Linux")]
public class ContinuousWrapperTests
{
    private static IEnvironment Make(string trace) => trace switch
    {
        "pendulum_clip_normalize" => new NormalizeReward(new NormalizeObservation(new ClipAction(EnvRegistry.Make("pendulum"))), gamma: 0.99),
        "pendulum_rescale" => new RescaleAction(EnvRegistry.Make("pendulum"), -1f, 1f),
        "mountaincar_continuous_normalize" => new NormalizeReward(new NormalizeObservation(EnvRegistry.Make("mountaincar-continuous")), gamma: 0.9),
        _ => throw new ArgumentException(trace),
    };

    [TestCase("pendulum_clip_normalize")]
    [TestCase("pendulum_rescale")]
    [TestCase("mountaincar_continuous_normalize")]
    public void A_wrapped_episode_sequence_matches_gymnasium_to_the_last_bit(string name)
    {
        var trace = ControlReference.WrapperTrace(name);
        var env = Make(name);
        var obs = new float[env.ObservationSpace.Size];
        var resets = 0;
        var seeded = false;
        for (var i = 0; i < trace.Entries.Length; i++)
        {
            var entry = trace.Entries[i];
            if (entry.IsReset)
            {
                env.Reset(seeded ? null : trace.Seed, obs);
                seeded = true;
                resets++;
            }
            else
            {
                var outcome = env.Step([entry.Action], obs);
                Assert.That(outcome, Is.EqualTo(new StepOutcome(entry.Reward, entry.Terminated, entry.Truncated)), $"step entry {i}");
            }
            Assert.That(obs, Is.EqualTo(entry.Observation), $"observation of entry {i}");
        }
        Assert.That(resets, Is.GreaterThanOrEqualTo(2), "the trace crosses an episode end");

        if (trace.ObservationStatistics is { } o)
        {
            var stats = env.Find<NormalizeObservation>()!.Statistics;
            Assert.That(stats.Mean, Is.EqualTo(o.Mean));
            Assert.That(stats.Variance, Is.EqualTo(o.Variance));
            Assert.That(stats.Count, Is.EqualTo(o.Count));
        }
        if (trace.ReturnStatistics is { } r)
        {
            var stats = env.Find<NormalizeReward>()!.Statistics;
            Assert.That(stats.Mean, Is.EqualTo(r.Mean));
            Assert.That(stats.Variance, Is.EqualTo(r.Variance));
            Assert.That(stats.Count, Is.EqualTo(r.Count));
        }
    }

    [Test]
    public void Running_mean_std_merges_like_the_parallel_variance_formula()
    {
        var stats = new RunningMeanStd(2);
        Assert.That((stats.Mean, stats.Variance, stats.Count), Is.EqualTo((new[] { 0.0, 0.0 }, new[] { 1.0, 1.0 }, 1e-4)));
        var samples = new[] { new[] { 1f, -2f }, new[] { 3f, 4f }, new[] { -5f, 0.5f }, new[] { 2f, 2f } };
        foreach (var s in samples) stats.Update(s);
        // With the 1e-4 pseudo-count at mean 0 and variance 1, the exact answer for n samples is the weighted merge.
        for (var j = 0; j < 2; j++)
        {
            var n = samples.Length;
            var sum = samples.Sum(s => (double)s[j]);
            var total = 1e-4 + n;
            var mean = sum / total;
            var m2 = 1e-4 * 1.0 + 1e-4 * mean * mean + samples.Sum(s => (s[j] - mean) * (s[j] - mean));
            Assert.That(stats.Mean[j], Is.EqualTo(mean).Within(1e-12));
            Assert.That(stats.Variance[j], Is.EqualTo(m2 / total).Within(1e-12));
        }
        Assert.That(stats.Count, Is.EqualTo(4 + 1e-4).Within(1e-15));

        var batched = new RunningMeanStd(1);
        batched.UpdateFromMoments([2.0], [0.25], 4);
        Assert.That(batched.Mean[0], Is.EqualTo(2.0 * 4 / 4.0001).Within(1e-15));
    }

    [Test]
    public void Statistics_are_saved_frozen_and_restored()
    {
        var training = new NormalizeObservation(EnvRegistry.Make("pendulum"));
        var obs = new float[3];
        training.Reset(1, obs);
        for (var i = 0; i < 150; i++) training.Step([MathF.Sin(i) * 2], obs);

        using var stream = new MemoryStream();
        var writer = new BinaryWriter(stream);
        foreach (var s in training.RunningStatistics()) s.Save(writer);

        var evaluation = new NormalizeObservation(EnvRegistry.Make("pendulum"));
        stream.Position = 0;
        var reader = new BinaryReader(stream);
        foreach (var s in evaluation.RunningStatistics()) s.Load(reader);
        evaluation.Frozen = true;
        Assert.That(evaluation.Statistics.Mean, Is.EqualTo(training.Statistics.Mean));
        Assert.That(evaluation.Statistics.Count, Is.EqualTo(training.Statistics.Count));

        var mean = (double[])evaluation.Statistics.Mean.Clone();
        var evalObs = new float[3];
        evaluation.Reset(9, evalObs);
        for (var i = 0; i < 20; i++) evaluation.Step([0.5f], evalObs);
        Assert.That(evaluation.Statistics.Mean, Is.EqualTo(mean), "frozen statistics do not move");
        Assert.That(evaluation.Statistics.Count, Is.EqualTo(training.Statistics.Count));

        // Frozen normalisation is (raw − mean) / sqrt(var + eps) of the raw observation.
        var raw = new float[3];
        var plain = EnvRegistry.Make("pendulum");
        plain.Reset(9, raw);
        evaluation.Reset(9, evalObs);
        for (var j = 0; j < 3; j++)
            Assert.That(evalObs[j], Is.EqualTo((float)((raw[j] - mean[j]) / Math.Sqrt(evaluation.Statistics.Variance[j] + 1e-8))));

        evaluation.Frozen = false;
        evaluation.Step([0.5f], evalObs);
        Assert.That(evaluation.Statistics.Count, Is.EqualTo(training.Statistics.Count + 1), "unfrozen, every observation updates");
    }

    [Test]
    public void Loading_statistics_of_another_kind_or_size_is_refused()
    {
        var reward = new NormalizeReward(EnvRegistry.Make("pendulum"));
        using var stream = new MemoryStream();
        reward.Save(new BinaryWriter(stream));
        stream.Position = 0;
        var observation = new NormalizeObservation(EnvRegistry.Make("pendulum"));
        Assert.Throws<InvalidDataException>(() => observation.Load(new BinaryReader(stream)));

        using var other = new MemoryStream();
        new NormalizeObservation(EnvRegistry.Make("mountaincar-continuous")).Save(new BinaryWriter(other));
        other.Position = 0;
        var e = Assert.Throws<InvalidDataException>(() => observation.Load(new BinaryReader(other)))!;
        Assert.That(e.Message, Does.Contain("2 values per sample"));
    }

    [Test]
    public void Running_statistics_are_found_in_the_chain_outermost_first()
    {
        var env = new NormalizeReward(new NormalizeObservation(new ClipAction(EnvRegistry.Make("pendulum"))));
        var found = env.RunningStatistics();
        Assert.That(found.Select(s => s.Kind), Is.EqualTo(new[] { "reward", "observation" }));
        Assert.That(EnvRegistry.Make("pendulum").RunningStatistics(), Is.Empty);
    }

    [Test]
    public void Snapshots_of_normalising_wrappers_continue_exactly()
    {
        IEnvironment Build() => new NormalizeReward(new NormalizeObservation(new ClipAction(EnvRegistry.Make("mountaincar-continuous"))), 0.95);
        var env = Build();
        var obs = new float[2];
        env.Reset(4, obs);
        for (var i = 0; i < 300; i++)
        {
            if (env.Step([MathF.Sin(i / 7f) * 1.3f], obs).Done) env.Reset(null, obs);
        }
        using var stream = new MemoryStream();
        ((ISnapshotEnvironment)env).SaveSnapshot(new BinaryWriter(stream));
        var copy = Build();
        stream.Position = 0;
        ((ISnapshotEnvironment)copy).LoadSnapshot(new BinaryReader(stream));
        var copyObs = new float[2];
        for (var i = 300; i < 1500; i++)
        {
            var a = env.Step([MathF.Sin(i / 7f) * 1.3f], obs);
            var b = copy.Step([MathF.Sin(i / 7f) * 1.3f], copyObs);
            Assert.That(b, Is.EqualTo(a), $"step {i}");
            Assert.That(copyObs, Is.EqualTo(obs), $"step {i}");
            if (a.Done)
            {
                env.Reset(null, obs);
                copy.Reset(null, copyObs);
            }
        }
        Assert.That(((NormalizeReward)copy).RunningReturn, Is.EqualTo(((NormalizeReward)env).RunningReturn));
    }

    [Test]
    public void Rescale_maps_the_agents_range_onto_the_bounds_and_refuses_values_outside_it()
    {
        var env = new RescaleAction(new PendulumEnv(), -1f, 1f);
        Assert.That(env.ContinuousActionSpace!.Describe(), Is.EqualTo("Box(-1, 1, (1,))"));
        var pendulum = env.Find<PendulumEnv>()!;
        var obs = new float[3];
        env.Reset(0, obs);
        env.Step([1f], obs);
        Assert.That(pendulum.LastTorque, Is.EqualTo(2f));
        env.Step([-1f], obs);
        Assert.That(pendulum.LastTorque, Is.EqualTo(-2f));
        env.Step([0.25f], obs);
        Assert.That(pendulum.LastTorque, Is.EqualTo(0.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step([1.5f], obs));
        Assert.Throws<ArgumentException>(() => env.Step([float.NaN], obs));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RescaleAction(new PendulumEnv(), 1f, 1f));
        Assert.Throws<ArgumentException>(() => new RescaleAction(EnvRegistry.Make("cartpole")));
    }

    [Test]
    public void Clip_passes_clipped_values_and_needs_continuous_actions()
    {
        var env = new ClipAction(new MountainCarContinuousEnv());
        var car = env.Find<MountainCarContinuousEnv>()!;
        var obs = new float[2];
        env.Reset(0, obs);
        var outcome = env.Step([5f], obs);
        Assert.That(outcome.Reward, Is.EqualTo(-0.1).Within(1e-12), "the wrapped env sees 1, so the penalty is 0.1 (not 2.5)");
        Assert.That(car.State.Velocity, Is.GreaterThan(0));
        Assert.Throws<ArgumentException>(() => env.Step([float.NaN], obs));
        Assert.Throws<ArgumentException>(() => new ClipAction(EnvRegistry.Make("cartpole")));
    }

    [Test]
    public void Wrappers_forward_the_continuous_step_and_space()
    {
        var env = new EpisodeStatistics(EnvRegistry.Make("pendulum:max_steps=5"));
        Assert.That(env.IsContinuous(), Is.True);
        var obs = new float[3];
        env.Reset(0, obs);
        StepOutcome outcome;
        do outcome = env.Step([0f], obs); while (!outcome.Done);
        Assert.That(outcome.Truncated, Is.True);
        Assert.That(env.LastEpisode!.Value.Length, Is.EqualTo(5));
        Assert.Throws<InvalidOperationException>(() => env.Step([0f], obs), "the time limit refuses a step after the end");
        Assert.Throws<NotSupportedException>(() => EnvRegistry.Make("cartpole").Step([0f], new float[4]));
    }

    [Test]
    public void Normalisers_refuse_settings_out_of_range()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NormalizeReward(new PendulumEnv(), gamma: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NormalizeReward(new PendulumEnv(), epsilon: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NormalizeObservation(new PendulumEnv(), epsilon: -1));
    }
}
