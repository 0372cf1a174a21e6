namespace RLArena.Agents.Continuous;

/// <summary>Clipping Box actions to their bounds (what Gaussian policies send to the environment).</summary>
public static class ActionBounds
{
    /// <summary>Clips every element of <paramref name="actions"/> (one or more action vectors, env-major) into [low, high].</summary>
    /// <param name="actions">Action vectors laid end to end; a multiple of the bounds' length.</param>
    /// <param name="low">Lower bounds, one per action dimension.</param>
    /// <param name="high">Upper bounds, one per action dimension.</param>
    public static void Clip(Span<float> actions, ReadOnlySpan<float> low, ReadOnlySpan<float> high)
    {
        for (var i = 0; i < actions.Length; i++)
        {
            var j = i % low.Length;
            actions[i] = Math.Clamp(actions[i], low[j], high[j]);
        }
    }
}
