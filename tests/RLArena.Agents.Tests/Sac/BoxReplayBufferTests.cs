using RLArena.Agents.Sac;
using RLArena.Core.Errors;
using RLArena.Core.Reproducibility;

namespace RLArena.Agents.Tests.Sac;

public class BoxReplayBufferTests
{
    private static BoxReplayBuffer Filled(int capacity, int count)
    {
        var buffer = new BoxReplayBuffer(capacity, 2, 3);
        for (var i = 0; i < count; i++)
            buffer.Add([i, -i], [i, i + 0.5f, i + 0.25f], i * 10, [i + 1, -(i + 1)], terminated: i % 3 == 0);
        return buffer;
    }

    [Test]
    public void ARingOverwritesTheOldestTransitions()
    {
        var buffer = Filled(4, 6);
        Assert.That((buffer.Count, buffer.Position), Is.EqualTo((4, 2)));
        var batch = new BoxReplayBatch(200, 2, 3);
        buffer.Sample(new Rng(1), batch);
        var rewards = batch.Rewards.Distinct().OrderBy(r => r).ToArray();
        Assert.That(rewards, Is.EqualTo(new[] { 20f, 30f, 40f, 50f }), "transitions 0 and 1 were overwritten by 4 and 5");
    }

    [Test]
    public void ASampleKeepsEachTransitionTogether()
    {
        var buffer = Filled(10, 10);
        var batch = new BoxReplayBatch(32, 2, 3);
        buffer.Sample(new Rng(7), batch);
        for (var b = 0; b < batch.Size; b++)
        {
            var i = batch.Observations[b * 2];
            Assert.That(batch.Observations[b * 2 + 1], Is.EqualTo(-i));
            Assert.That(batch.Actions.Skip(b * 3).Take(3), Is.EqualTo(new[] { i, i + 0.5f, i + 0.25f }));
            Assert.That(batch.Rewards[b], Is.EqualTo(i * 10));
            Assert.That(batch.NextObservations[b * 2], Is.EqualTo(i + 1));
            Assert.That(batch.Terminated[b], Is.EqualTo((int)i % 3 == 0 ? 1f : 0f));
        }
    }

    [Test]
    public void SerializeAndRestoreGiveTheSameSamples()
    {
        var buffer = Filled(8, 11);
        var copy = new BoxReplayBuffer(8, 2, 3);
        copy.Restore(buffer.Serialize(), "test");
        Assert.That((copy.Count, copy.Position), Is.EqualTo((buffer.Count, buffer.Position)));
        var a = new BoxReplayBatch(16, 2, 3);
        var b = new BoxReplayBatch(16, 2, 3);
        buffer.Sample(new Rng(3), a);
        copy.Sample(new Rng(3), b);
        Assert.That(b.Actions, Is.EqualTo(a.Actions));
        Assert.That(b.NextObservations, Is.EqualTo(a.NextObservations));
    }

    [Test]
    public void ATruncatedSectionIsOneClearLine()
    {
        var bytes = Filled(8, 5).Serialize();
        var e = Assert.Throws<UserFacingException>(() => new BoxReplayBuffer(8, 2, 3).Restore(bytes[..^7], "checkpoint 'x'"));
        Assert.That(e!.Message, Does.Contain("truncated or corrupt"));
    }

    [Test]
    public void TheCheckpointBytesKeepTheirLayoutSoOldCheckpointsStillLoad()
    {
        // capacity, observation size, action size, count, position; observations, next observations, actions,
        // rewards, terminated: the layout SAC checkpoints have had since SAC's first release.
        var buffer = new BoxReplayBuffer(4, 2, 3);
        buffer.Add([1f, 2f], [0.1f, 0.2f, 0.3f], -0.5f, [3f, 4f], false);
        var bytes = buffer.Serialize();
        Assert.That(bytes, Has.Length.EqualTo(5 * 4 + 2 * 4 + 2 * 4 + 3 * 4 + 4 + 1));
        Assert.That(BitConverter.ToInt32(bytes, 8), Is.EqualTo(3), "action size");
        Assert.That(BitConverter.ToSingle(bytes, 28), Is.EqualTo(3f), "the next observation");
        Assert.That(BitConverter.ToSingle(bytes, 36), Is.EqualTo(0.1f), "the action");
        Assert.That(BitConverter.ToSingle(bytes, 44), Is.EqualTo(0.3f));
        Assert.That(BitConverter.ToSingle(bytes, 48), Is.EqualTo(-0.5f), "the reward");
        Assert.That(bytes[52], Is.EqualTo(0), "not terminated");
    }
}
