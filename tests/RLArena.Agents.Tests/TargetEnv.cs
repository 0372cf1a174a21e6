using RLArena.Core.Reproducibility;
using RLArena.Environments;
using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;

namespace RLArena.Agents.Tests;

/// <summary>
/// A continuous task with a known optimum (like SB3's IdentityEnvBox): the observation is a target value drawn
/// uniformly from [−1, 1], the action one real value in [−2, 2] (clipped there, as Gymnasium's continuous envs),
/// the reward −|action − target|, a new target every step, and the episode terminates after <see cref="Length"/>
/// steps. The best return is 0; a uniformly random action scores about −1.17 per step. It takes snapshots, so
/// resumes are exact.
/// </summary>
public sealed class TargetEnv : IEnvironment, ISnapshotEnvironment
{
    public const int Length = 8;
    private Rng _rng = new(0);
    private float _target;
    private int _step;

    public string Id => "target";
    public BoxSpace ObservationSpace { get; } = BoxSpace.Uniform([1], -1f, 1f);
    public DiscreteSpace ActionSpace => DiscreteSpace.None;
    public BoxSpace? ContinuousActionSpace { get; } = BoxSpace.Uniform([1], -2f, 2f);

    /// <summary>The actions received, in order (to check what the agents send).</summary>
    public List<float> Actions { get; } = new();

    public void Reset(int? seed, Span<float> observation)
    {
        if (seed is { } s) _rng = new Rng(s);
        _step = 0;
        Next(observation);
    }

    public StepOutcome Step(int action, Span<float> observation) => throw new NotSupportedException("target takes a real-valued action");

    public StepOutcome Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (float.IsNaN(action[0])) throw new ArgumentException("NaN action");
        var a = Math.Clamp(action[0], -2f, 2f);
        Actions.Add(action[0]);
        var reward = -Math.Abs(a - _target);
        _step++;
        Next(observation);
        return new StepOutcome(reward, _step >= Length, false);
    }

    public void WriteActionMask(Span<bool> mask) { }

    public Scene Describe() => new(1, 1, new Rgba(0, 0, 0));

    public void SaveSnapshot(BinaryWriter writer)
    {
        foreach (var word in _rng.GetState()) writer.Write(word);
        writer.Write(_target);
        writer.Write(_step);
    }

    public void LoadSnapshot(BinaryReader reader)
    {
        _rng = Rng.FromState([reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64()]);
        _target = reader.ReadSingle();
        _step = reader.ReadInt32();
    }

    private void Next(Span<float> observation)
    {
        _target = (float)(2 * _rng.NextDouble() - 1);
        observation[0] = _target;
    }
}
