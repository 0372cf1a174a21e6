using RLArena.Agents.Continuous;
using RLArena.Agents.Networks;
using RLArena.Core.Reproducibility;
using TorchSharp;

namespace RLArena.Agents.Sac;

/// <summary>
/// A SAC actor as an <see cref="IActingPolicy"/> for Box actions: deterministic = tanh(mean) rescaled to the
/// bounds; otherwise a sample of the squashed Gaussian (with gSDE, of its per-state variance, as PPO's
/// <see cref="Ppo.GaussianPpoPolicy"/>). It takes no discrete actions (<see cref="Act"/> throws).
/// </summary>
public sealed class SacPolicy : IActingPolicy
{
    private readonly SacActor _actor;
    private readonly torch.Device _device;
    private readonly int _observationSize;
    private readonly float[] _scale;
    private readonly float[] _bias;
    private readonly float[] _noise;

    /// <param name="actor">The actor network.</param>
    /// <param name="device">Where the actor lives.</param>
    /// <param name="observationSize">Observation length.</param>
    /// <param name="low">The action space's lower bounds.</param>
    /// <param name="high">The action space's upper bounds.</param>
    /// <param name="rng">The generator for stochastic acting.</param>
    public SacPolicy(SacActor actor, torch.Device device, int observationSize, float[] low, float[] high, Rng rng)
    {
        _actor = actor;
        _device = device;
        _observationSize = observationSize;
        _scale = low.Zip(high, (l, h) => (h - l) / 2f).ToArray();
        _bias = low.Zip(high, (l, h) => (h + l) / 2f).ToArray();
        _noise = new float[low.Length];
        Random = rng;
    }

    /// <inheritdoc/>
    public string Algorithm => SacAlgorithm.Name;

    /// <inheritdoc/>
    public string ScoreLabel => "action";

    /// <inheritdoc/>
    public int ActionCount => 0;

    /// <inheritdoc/>
    public int ActionSize => _scale.Length;

    /// <summary>The generator for stochastic acting.</summary>
    public Rng Random { get; set; }

    /// <inheritdoc/>
    public void Reseed(int seed) => Random = new Rng(seed);

    /// <inheritdoc/>
    public int Act(ReadOnlySpan<float> observation, ReadOnlySpan<bool> mask, bool deterministic, Span<float> scores) =>
        throw new NotSupportedException("SAC acts with real-valued actions; call ActContinuous.");

    /// <inheritdoc/>
    public void ActContinuous(ReadOnlySpan<float> observation, bool deterministic, Span<float> action)
    {
        if (!deterministic) GaussianNoise.Fill(Random, _noise);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = TensorData.FromSpan(observation[.._observationSize], [1, _observationSize], _device);
        var (mean, latent) = _actor.forward(input);
        var scale = TensorData.FromSpan(_scale, [_scale.Length], _device);
        var bias = TensorData.FromSpan(_bias, [_bias.Length], _device);
        var chosen = deterministic
            ? SquashedGaussian.Deterministic(mean, scale, bias)
            : SquashedGaussian.Sample(mean, _actor.LogStd(latent),
                TensorData.FromSpan(_noise, [1, _noise.Length], _device), scale, bias).Action;
        TensorData.CopyTo(chosen, action[.._scale.Length]);
    }
}
