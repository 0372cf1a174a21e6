using RLArena.Agents;
using RLArena.Viewer.Acting;

namespace RLArena.Cli.Viewing;

/// <summary>Adapts an agent's policy to the viewer's <see cref="IActor"/> (the viewer never references the agents).</summary>
internal sealed class PolicyActor(IActingPolicy policy, bool deterministic) : IActor
{
    public string ScoreLabel => policy.ScoreLabel;

    public int Act(ReadOnlySpan<float> observation, ReadOnlySpan<bool> mask, Span<float> scores) =>
        policy.Act(observation, mask, deterministic, scores);

    public void ActContinuous(ReadOnlySpan<float> observation, Environments.Spaces.BoxSpace space, Span<float> action) =>
        policy.ActContinuous(observation, deterministic, action);
}
