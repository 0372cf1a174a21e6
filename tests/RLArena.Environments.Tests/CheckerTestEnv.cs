using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;

namespace RLArena.Environments.Tests;

/// <summary>
/// A small environment that keeps the whole contract, for checker tests that break one thing at a time: a walker on
/// positions 0..10 whose observation also carries a seeded random number (its reward). Actions 0 (stay) and 1 (step);
/// the episode terminates at position 10 or after 20 steps. Its metadata is the test's choice.
/// </summary>
internal class CheckerTestEnv(EnvMetadata? metadata = null) : IEnvironment
{
    protected ulong RandomState;
    protected int Position;
    protected int Steps;
    protected bool Running;
    protected bool EverReset;

    public string Id => "checker-test";
    public BoxSpace ObservationSpace { get; } = BoxSpace.Uniform([2], 0f, 1f);
    public DiscreteSpace ActionSpace { get; } = new(2);
    public EnvMetadata Metadata { get; } = metadata ?? new EnvMetadata { DisplayName = "Checker test" };

    public void Reset(int? seed, Span<float> observation)
    {
        if (observation.Length != 2) throw new ArgumentException("the observation buffer must hold 2 floats");
        if (seed is { } s) RandomState = (ulong)s * 0x9E3779B97F4A7C15UL + 1;
        Position = (int)(NextRandom() * 3);
        Steps = 0;
        Running = true;
        EverReset = true;
        Observe(observation, NextRandom());
    }

    public StepOutcome Step(int action, Span<float> observation)
    {
        if (observation.Length != 2) throw new ArgumentException("the observation buffer must hold 2 floats");
        ArgumentOutOfRangeException.ThrowIfNegative(action);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(action, 1);
        if (!Running) throw new InvalidOperationException(EverReset ? "the episode is over; reset" : "reset first");
        Position += action;
        Steps++;
        var random = NextRandom();
        Observe(observation, random);
        Running = Position < 10 && Steps < 20;
        return new StepOutcome(random, !Running, false);
    }

    public void WriteActionMask(Span<bool> mask)
    {
        if (mask.Length != 2) throw new ArgumentException("the mask buffer must hold 2 values");
        mask.Fill(true);
    }

    public Scene Describe() => new Scene(10, 1, new Rgba(0, 0, 0)).Add(new CirclePrimitive(Position, 0.5, 0.4, new Rgba(255, 255, 255)));

    private void Observe(Span<float> observation, double random)
    {
        observation[0] = Position / 10f;
        observation[1] = (float)random;
    }

    /// <summary>SplitMix64 as a number in [0, 1).</summary>
    private double NextRandom()
    {
        var z = RandomState += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / 9007199254740992.0);
    }
}

/// <summary><see cref="CheckerTestEnv"/> with snapshots; <paramref name="forgetRandomState"/> leaves the random stream out.</summary>
internal sealed class SnapshotTestEnv(bool forgetRandomState = false) : CheckerTestEnv, ISnapshotEnvironment
{
    public void SaveSnapshot(BinaryWriter writer)
    {
        if (!forgetRandomState) writer.Write(RandomState);
        writer.Write(Position);
        writer.Write(Steps);
        writer.Write(Running);
        writer.Write(EverReset);
    }

    public void LoadSnapshot(BinaryReader reader)
    {
        if (!forgetRandomState) RandomState = reader.ReadUInt64();
        Position = reader.ReadInt32();
        Steps = reader.ReadInt32();
        Running = reader.ReadBoolean();
        EverReset = reader.ReadBoolean();
    }
}
