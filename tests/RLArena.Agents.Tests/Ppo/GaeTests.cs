using RLArena.Agents.Ppo;

namespace RLArena.Agents.Tests.Ppo;

public class GaeTests
{
    // Env 0: a step, a termination, a truncation (final value 10), then a step cut by the rollout end.
    // Env 1: plain steps with a reward at the end. gamma 0.9, lambda 0.5, both interleaved time-major.
    [Test]
    public void MatchesHandComputedValuesWithTerminationAndTruncationInOneRollout()
    {
        float[] rewards = [1, 0, 2, 0, 3, 0, 4, 1];
        float[] values = [0.5f, 0, 1.0f, 0, 1.5f, 0, 2.0f, 0];
        bool[] terminated = [false, false, true, false, false, false, false, false];
        bool[] truncated = [false, false, false, false, true, false, false, false];
        float[] finalValues = [0, 0, 0, 0, 10, 0, 0, 0];
        float[] lastValues = [3, 0];
        var advantages = new float[8];
        var returns = new float[8];

        Gae.Compute(4, 2, rewards, values, terminated, truncated, finalValues, lastValues, 0.9, 0.5, advantages, returns);

        // env 0, by hand:
        // t3: 4 + 0.9*3 - 2 = 4.7
        // t2 (truncated): 3 + 0.9*10 - 1.5 = 10.5, trace cut
        // t1 (terminated): 2 + 0 - 1 = 1
        // t0: 1 + 0.9*1.0 - 0.5 = 1.4, + 0.9*0.5*1 = 1.85
        Assert.That(Env(advantages, 0), Is.EqualTo(new[] { 1.85f, 1f, 10.5f, 4.7f }).Within(1e-5f));
        Assert.That(Env(returns, 0), Is.EqualTo(new[] { 2.35f, 2f, 12f, 6.7f }).Within(1e-5f));
        // env 1: deltas 0,0,0,1 discounted by 0.45 per step
        Assert.That(Env(advantages, 1), Is.EqualTo(new[] { 0.091125f, 0.2025f, 0.45f, 1f }).Within(1e-6f));
    }

    [Test]
    public void TruncationBootstrapsWhereCleanRlWouldNot()
    {
        // One truncated step: CleanRL's done = terminated | truncated would give 3 - 1.5 = 1.5.
        var advantages = new float[1];
        var returns = new float[1];
        Gae.Compute(1, 1, [3f], [1.5f], [false], [true], [10f], [99f], 0.9, 0.95, advantages, returns);
        Assert.That(advantages[0], Is.EqualTo(10.5f).Within(1e-6f));
        Gae.Compute(1, 1, [3f], [1.5f], [true], [true], [10f], [99f], 0.9, 0.95, advantages, returns);
        Assert.That(advantages[0], Is.EqualTo(1.5f).Within(1e-6f), "terminated wins when both flags are set");
    }

    [Test]
    public void RejectsShortSpans()
    {
        Assert.Throws<ArgumentException>(() =>
            Gae.Compute(2, 1, [1f], [1f, 1f], [false, false], [false, false], [0f, 0f], [0f], 0.9, 0.9, new float[2], new float[2]));
    }

    private static float[] Env(float[] data, int env) => Enumerable.Range(0, 4).Select(t => data[t * 2 + env]).ToArray();
}
