using RLArena.Agents.Dqn;
using RLArena.Core.Errors;
using RLArena.Core.Reproducibility;
using RLArena.Engine.Reproducibility;

namespace RLArena.Agents.Tests.Dqn;

public class ReplayBufferTests
{
    private static void AddNumbered(ReplayBuffer buffer, int k) =>
        buffer.Add([k, -k], k % 2, k * 10f, [k + 0.5f, -k - 0.5f], k % 3 == 0, [true, k % 2 == 0]);

    [Test]
    public void WrapsAroundOverwritingTheOldest()
    {
        var buffer = new ReplayBuffer(4, 2, 2);
        for (var k = 1; k <= 6; k++) AddNumbered(buffer, k);
        Assert.That(buffer.Count, Is.EqualTo(4));
        Assert.That(buffer.Position, Is.EqualTo(2));
        var batch = new ReplayBatch(4, 2, 2);
        for (var i = 0; i < 4; i++) batch.Indices[i] = i;
        buffer.Gather(batch);
        // slots 0 and 1 now hold transitions 5 and 6; 2 and 3 still 3 and 4
        Assert.That(batch.Rewards, Is.EqualTo(new[] { 50f, 60f, 30f, 40f }));
        Assert.That(batch.Observations, Is.EqualTo(new[] { 5f, -5f, 6f, -6f, 3f, -3f, 4f, -4f }));
        Assert.That(batch.NextObservations[2], Is.EqualTo(6.5f));
        Assert.That(batch.Actions, Is.EqualTo(new long[] { 1, 0, 1, 0 }));
        Assert.That(batch.Terminated, Is.EqualTo(new[] { 0f, 1f, 1f, 0f }));
        Assert.That(batch.NextMasks, Is.EqualTo(new[] { true, false, true, true, true, false, true, true }));
    }

    [Test]
    public void SamplesOnlyStoredTransitionsUniformly()
    {
        var buffer = new ReplayBuffer(100, 2, 2);
        for (var k = 1; k <= 5; k++) AddNumbered(buffer, k);
        var batch = new ReplayBatch(5000, 2, 2);
        buffer.Sample(new Rng(7), batch);
        Assert.That(batch.Indices, Is.All.InRange(0, 4));
        var counts = batch.Indices.GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(counts.Keys, Has.Count.EqualTo(5));
        Assert.That(counts.Values, Is.All.InRange(850, 1150));
        for (var b = 0; b < batch.Size; b++)
            Assert.That(batch.Rewards[b], Is.EqualTo(batch.Observations[b * 2] * 10f), "rows stay together");
    }

    [Test]
    public void SerializeAndRestoreRoundTrip()
    {
        var buffer = new ReplayBuffer(4, 2, 2);
        for (var k = 1; k <= 6; k++) AddNumbered(buffer, k);
        var copy = new ReplayBuffer(4, 2, 2);
        copy.Restore(buffer.Serialize(), "test");
        Assert.That((copy.Count, copy.Position), Is.EqualTo((4, 2)));
        var a = new ReplayBatch(8, 2, 2);
        var b = new ReplayBatch(8, 2, 2);
        buffer.Sample(new Rng(3), a);
        copy.Sample(new Rng(3), b);
        Assert.That(b.Observations, Is.EqualTo(a.Observations));
        Assert.That(b.NextMasks, Is.EqualTo(a.NextMasks));
        Assert.That(b.Terminated, Is.EqualTo(a.Terminated));

        var other = new ReplayBuffer(8, 2, 2);
        Assert.Throws<UserFacingException>(() => other.Restore(buffer.Serialize(), "test"));
        Assert.Throws<UserFacingException>(() => copy.Restore(buffer.Serialize()[..40], "test"));
    }

    [Test]
    public void TheCheckpointBytesKeepTheirLayoutSoOldCheckpointsStillLoad()
    {
        // capacity, observation size, action count, count, position; observations, next observations, next masks,
        // actions, rewards, terminated: the layout checkpoints have had since DQN's first release.
        var buffer = new ReplayBuffer(4, 2, 2);
        buffer.Add([1f, 2f], 1, 0.5f, [3f, 4f], true, [true, false]);
        var bytes = buffer.Serialize();
        Assert.That(bytes, Has.Length.EqualTo(5 * 4 + 2 * 4 + 2 * 4 + 2 + 4 + 4 + 1));
        Assert.That(BitConverter.ToInt32(bytes, 8), Is.EqualTo(2), "action count");
        Assert.That(BitConverter.ToSingle(bytes, 20), Is.EqualTo(1f));
        Assert.That(BitConverter.ToSingle(bytes, 28), Is.EqualTo(3f));
        Assert.That(bytes[36..38], Is.EqualTo(new byte[] { 1, 0 }), "the next mask");
        Assert.That(BitConverter.ToInt32(bytes, 38), Is.EqualTo(1), "the action");
        Assert.That(BitConverter.ToSingle(bytes, 42), Is.EqualTo(0.5f), "the reward");
        Assert.That(bytes[46], Is.EqualTo(1), "terminated");
    }
}
