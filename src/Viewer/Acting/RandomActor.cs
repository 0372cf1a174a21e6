using RLArena.Core.Reproducibility;

namespace RLArena.Viewer.Acting;

/// <summary>A uniformly random policy over the allowed actions (<c>watch --random</c>); its scores are those probabilities.</summary>
public sealed class RandomActor : IActor
{
    private readonly Rng _rng;

    public RandomActor(long seed) => _rng = new Rng(seed);

    public string ScoreLabel => "probability";

    /// <summary>A uniformly random action within the bounds.</summary>
    /// <param name="observation">Unused.</param>
    /// <param name="space">The action bounds.</param>
    /// <param name="action">Where the action goes.</param>
    public void ActContinuous(ReadOnlySpan<float> observation, Environments.Spaces.BoxSpace space, Span<float> action)
    {
        for (var i = 0; i < space.Size; i++) action[i] = (float)(space.Low[i] + (space.High[i] - (double)space.Low[i]) * _rng.NextDouble());
    }

    public int Act(ReadOnlySpan<float> observation, ReadOnlySpan<bool> mask, Span<float> scores)
    {
        var allowed = 0;
        for (var i = 0; i < scores.Length; i++) if (i >= mask.Length || mask[i]) allowed++;
        if (allowed == 0) throw new InvalidOperationException("the environment allows no action.");
        var pick = _rng.NextInt(allowed);
        var chosen = -1;
        for (var i = 0; i < scores.Length; i++)
        {
            var ok = i >= mask.Length || mask[i];
            scores[i] = ok ? 1f / allowed : 0f;
            if (ok && pick-- == 0) chosen = i;
        }
        return chosen;
    }
}
