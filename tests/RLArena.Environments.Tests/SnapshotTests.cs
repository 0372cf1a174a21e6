using RLArena.Environments.CartPole;
using RLArena.Environments.GridWorld;
using RLArena.Environments.Randomness;
using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;
using RLArena.Environments.Vector;
using RLArena.Environments.Wrappers;

namespace RLArena.Environments.Tests;

/// <summary>
/// Snapshots (ISnapshotEnvironment): an environment restored from a snapshot continues exactly as the original
/// (observations, rewards, flags, masks, and the random stream of later unseeded resets).
/// </summary>
public class SnapshotTests
{
    private static IEnumerable<TestCaseData> Environments()
    {
        yield return new TestCaseData((Func<IEnvironment>)(() => new CartPoleEnv())).SetName("CartPoleEnv");
        yield return new TestCaseData((Func<IEnvironment>)(() => EnvRegistry.Make("cartpole"))).SetName("cartpole (TimeLimit)");
        yield return new TestCaseData((Func<IEnvironment>)(() => EnvRegistry.Make("cartpole:max_steps=7"))).SetName("cartpole with a short TimeLimit");
        yield return new TestCaseData((Func<IEnvironment>)(() => EnvRegistry.Make("gridworld"))).SetName("gridworld");
        yield return new TestCaseData((Func<IEnvironment>)(() => EnvRegistry.Make("gridworld:size=6,goals=2,obs=visual,obstacles=1-1;3-2"))).SetName("gridworld visual with obstacles");
        yield return new TestCaseData((Func<IEnvironment>)(() => new EpisodeStatistics(EnvRegistry.Make("gridworld:max_steps=9"), 3))).SetName("EpisodeStatistics");
    }

    /// <summary>Steps with actions from <paramref name="random"/> (allowed ones), resetting unseeded at episode ends; returns a trace.</summary>
    private static List<string> Play(IEnvironment env, Pcg64 random, int steps)
    {
        var observation = new float[env.ObservationSpace.Size];
        var mask = new bool[env.ActionSpace.N];
        var trace = new List<string>();
        for (var t = 0; t < steps; t++)
        {
            env.WriteActionMask(mask);
            int action;
            do action = random.NextInt(mask.Length); while (!mask[action]);
            var outcome = env.Step(action, observation);
            trace.Add($"{action} {outcome} {string.Join(",", observation)} {string.Join("", mask.Select(m => m ? 1 : 0))}");
            if (outcome.Done)
            {
                env.Reset(null, observation);
                trace.Add("reset " + string.Join(",", observation));
            }
        }
        return trace;
    }

    private static byte[] Save(ISnapshotEnvironment env)
    {
        using var bytes = new MemoryStream();
        using (var writer = new BinaryWriter(bytes)) env.SaveSnapshot(writer);
        return bytes.ToArray();
    }

    private static void Load(ISnapshotEnvironment env, byte[] snapshot)
    {
        using var reader = new BinaryReader(new MemoryStream(snapshot));
        env.LoadSnapshot(reader);
        Assert.That(reader.BaseStream.Position, Is.EqualTo(snapshot.Length), "the whole snapshot is read");
    }

    [TestCaseSource(nameof(Environments))]
    public void A_restored_environment_continues_exactly(Func<IEnvironment> make)
    {
        var original = make();
        Assert.That(original, Is.InstanceOf<ISnapshotEnvironment>());
        Assert.That(((ISnapshotEnvironment)original).CanSnapshot);
        original.Reset(11, new float[original.ObservationSpace.Size]);
        Play(original, Pcg64.FromSeed(1), 137);
        var snapshot = Save((ISnapshotEnvironment)original);

        var restored = make();
        restored.Reset(999, new float[restored.ObservationSpace.Size]); // a different state, to be overwritten
        Load((ISnapshotEnvironment)restored, snapshot);

        var expected = Play(original, Pcg64.FromSeed(2), 400);
        var actual = Play(restored, Pcg64.FromSeed(2), 400);
        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(expected.Count(l => l.StartsWith("reset")), Is.GreaterThan(1), "the trace crosses unseeded resets (the random stream)");
        Assert.That(Save((ISnapshotEnvironment)restored), Is.EqualTo(Save((ISnapshotEnvironment)original)));
    }

    [Test]
    public void A_snapshot_taken_before_the_first_reset_restores_a_never_reset_environment()
    {
        var snapshot = Save((ISnapshotEnvironment)EnvRegistry.Make("gridworld"));
        var env = EnvRegistry.Make("gridworld");
        env.Reset(3, new float[env.ObservationSpace.Size]);
        Load((ISnapshotEnvironment)env, snapshot);
        Assert.Throws<InvalidOperationException>(() => env.Step(0, new float[env.ObservationSpace.Size]), "must reset first again");
    }

    [Test]
    public void A_snapshot_of_another_environment_is_refused()
    {
        var cartpole = EnvRegistry.Make("cartpole");
        cartpole.Reset(1, new float[4]);
        var snapshot = Save((ISnapshotEnvironment)cartpole);
        var grid = EnvRegistry.Make("gridworld");
        Assert.Throws<InvalidDataException>(() => Load((ISnapshotEnvironment)grid, snapshot));
        var small = EnvRegistry.Make("gridworld:size=4");
        small.Reset(1, new float[small.ObservationSpace.Size]);
        Assert.Throws<InvalidDataException>(() => Load((ISnapshotEnvironment)EnvRegistry.Make("gridworld:size=5"), Save((ISnapshotEnvironment)small)));
        var limited = EnvRegistry.Make("cartpole:max_steps=7");
        Assert.Throws<InvalidDataException>(() => Load((ISnapshotEnvironment)EnvRegistry.Make("cartpole"), Save((ISnapshotEnvironment)limited)));
    }

    [Test]
    public void Pcg64_continues_from_a_saved_state()
    {
        var a = Pcg64.FromSeed(42);
        for (var i = 0; i < 5; i++) a.NextUInt64();
        var (state, increment) = a.GetState();
        var b = Pcg64.FromState(state, increment);
        for (var i = 0; i < 10; i++) Assert.That(b.NextUInt64(), Is.EqualTo(a.NextUInt64()));
        Assert.Throws<ArgumentException>(() => Pcg64.FromState(state, increment - 1));
    }

    [Test]
    public void A_wrapper_without_state_forwards_only_when_the_inner_environment_can()
    {
        var forwarding = new PassThrough(new CartPoleEnv());
        Assert.That(forwarding.CanSnapshot);
        forwarding.Reset(4, new float[4]);
        var copy = new PassThrough(new CartPoleEnv());
        Load(copy, Save(forwarding));
        Assert.That(Play(copy, Pcg64.FromSeed(3), 50), Is.EqualTo(Play(forwarding, Pcg64.FromSeed(3), 50)));

        var blind = new PassThrough(new NoSnapshots());
        Assert.That(blind.CanSnapshot, Is.False);
        Assert.Throws<InvalidOperationException>(() => Save(blind));
        var vector = new VectorEnv([new PassThrough(new CartPoleEnv()), new TimeLimit(new NoSnapshots(), 5)]);
        Assert.That(vector.CanSnapshot, Is.False);
        Assert.Throws<InvalidOperationException>(() => Save(vector));
    }

    [Test]
    public void VectorEnv_restores_its_buffers_episode_sums_and_every_copy()
    {
        var original = EnvRegistry.MakeVector("gridworld:max_steps=12", 3);
        Assert.That(original.CanSnapshot);
        original.Reset(7);
        var random = Pcg64.FromSeed(5);
        var actions = new int[3];
        void StepBoth(VectorEnv a, VectorEnv? b)
        {
            for (var i = 0; i < 3; i++)
            {
                do actions[i] = random.NextInt(a.ActionCount); while (!a.ActionMask(i)[actions[i]]);
            }
            a.Step(actions);
            b?.Step(actions);
        }
        for (var t = 0; t < 40; t++) StepBoth(original, null);
        var snapshot = Save(original);

        var restored = EnvRegistry.MakeVector("gridworld:max_steps=12", 3);
        Load(restored, snapshot);
        Assert.That(restored.Observations, Is.EqualTo(original.Observations));
        Assert.That(restored.ActionMasks, Is.EqualTo(original.ActionMasks));
        Assert.That(restored.CompletedEpisodes, Is.EqualTo(original.CompletedEpisodes));
        var endedEpisodes = 0;
        for (var t = 0; t < 200; t++)
        {
            StepBoth(original, restored);
            Assert.That(restored.Observations, Is.EqualTo(original.Observations), $"step {t}");
            Assert.That(restored.Rewards, Is.EqualTo(original.Rewards));
            Assert.That(restored.Terminated, Is.EqualTo(original.Terminated));
            Assert.That(restored.Truncated, Is.EqualTo(original.Truncated));
            Assert.That(restored.FinalObservations, Is.EqualTo(original.FinalObservations));
            Assert.That(restored.CompletedEpisodes, Is.EqualTo(original.CompletedEpisodes), "returns and lengths run on across the snapshot");
            endedEpisodes += original.CompletedEpisodes.Count;
        }
        Assert.That(endedEpisodes, Is.GreaterThan(10));

        var fewer = EnvRegistry.MakeVector("gridworld:max_steps=12", 2);
        Assert.Throws<InvalidDataException>(() => Load(fewer, snapshot));
    }

    private sealed class PassThrough(IEnvironment inner) : EnvironmentWrapper(inner);

    /// <summary>A CartPole that does not implement ISnapshotEnvironment.</summary>
    private sealed class NoSnapshots : IEnvironment
    {
        private readonly CartPoleEnv _inner = new();
        public string Id => "no-snapshots";
        public BoxSpace ObservationSpace => _inner.ObservationSpace;
        public DiscreteSpace ActionSpace => _inner.ActionSpace;
        public void Reset(int? seed, Span<float> observation) => _inner.Reset(seed, observation);
        public StepOutcome Step(int action, Span<float> observation) => _inner.Step(action, observation);
        public void WriteActionMask(Span<bool> mask) => _inner.WriteActionMask(mask);
        public Scene Describe() => _inner.Describe();
    }
}
