namespace RLArena.Viewer.Rendering;

/// <summary>What the side panel shows for one frame.</summary>
public sealed record OverlayState
{
    public required string Title { get; init; }
    public int Episode { get; init; }
    public int Step { get; init; }
    public double Return { get; init; }
    public double? LastReward { get; init; }

    /// <summary>The action taken on the last step, or null before the first step of an episode.</summary>
    public int? LastAction { get; init; }

    public IReadOnlyList<string> ActionNames { get; init; } = Array.Empty<string>();

    /// <summary>The last continuous action as text (e.g. "[+1.25]"), shown instead of <see cref="LastAction"/>'s name; null for discrete actions.</summary>
    public string? LastActionText { get; init; }

    /// <summary>The policy's scores for the last decision, one per action (empty when there are none, as in play mode).</summary>
    public IReadOnlyList<float> Scores { get; init; } = Array.Empty<float>();

    /// <summary>Which actions were allowed at the last decision; empty means all.</summary>
    public IReadOnlyList<bool> Mask { get; init; } = Array.Empty<bool>();

    /// <summary>"probability" (bars from 0 to 1) or "Q-value" (bars scaled between the lowest and highest value).</summary>
    public string ScoreLabel { get; init; } = "probability";

    /// <summary>Extra lines at the bottom: paused, speed, key help.</summary>
    public IReadOnlyList<string> Footer { get; init; } = Array.Empty<string>();

    public string ActionName(int action) => action >= 0 && action < ActionNames.Count ? ActionNames[action] : action.ToString();
}
