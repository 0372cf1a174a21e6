using RLArena.Core.Reproducibility;

namespace RLArena.Viewer.Acting;

/// <summary>
/// A uniformly random policy over the allowed actions (<c>watch --random</c>); its scores are those probabilities.
/// For continuous actions it draws each value uniformly within the bounds.
/// </summary>
public sealed class RandomActor : IActor
{
    private readonly Rng _rng;

    public RandomActor(long seed) => _rng = new Rng(seed);

    public string ScoreLabel => "probability";

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

    /// <summary>Each value uniform in its bounds.</summary>
    /// <param name="observation">Ignored.</param>
    /// <param name="space">The bounds (finite).</param>
    /// <param name="action">Receives the values.</param>
    public void ActContinuous(ReadOnlySpan<float> observation, RLArena.Environments.Spaces.BoxSpace space, Span<float> action)
    {
        for (var i = 0; i < action.Length; i++)
            action[i] = Math.Min((float)(space.Low[i] + (space.High[i] - (double)space.Low[i]) * _rng.NextDouble()), space.High[i]);
    }
}
