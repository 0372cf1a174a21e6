namespace RLArena.Environments;

/// <summary>What Gymnasium's info dict carries here: the action mask for the observation just returned.</summary>
public sealed record StepInfo(bool[] ActionMask);

/// <summary>Gymnasium's <c>(obs, info)</c> from <c>reset</c>.</summary>
public sealed record ResetResult(float[] Observation, StepInfo Info);

/// <summary>Gymnasium's <c>(obs, reward, terminated, truncated, info)</c> from <c>step</c>.</summary>
public sealed record StepResult(float[] Observation, double Reward, bool Terminated, bool Truncated, StepInfo Info)
{
    /// <summary>True when the episode ended (terminated or truncated).</summary>
    public bool Done => Terminated || Truncated;
}
