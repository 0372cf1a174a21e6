using RLArena.Agents.Continuous;
using RLArena.Agents.Networks;
using RLArena.Core.Reproducibility;
using TorchSharp;

namespace RLArena.Agents.Ppo;

/// <summary>
/// A PPO Gaussian actor as an <see cref="IActingPolicy"/> for Box actions: deterministic = the mean; otherwise a
/// sample of the Gaussian (with gSDE, of its per-state variance). Either is clipped to the bounds, as SB3's predict.
/// It takes no discrete actions (<see cref="Act"/> throws).
/// </summary>
public sealed class GaussianPpoPolicy : IActingPolicy
{
    private readonly GaussianActorCritic _network;
    private readonly torch.Device _device;
    private readonly int _observationSize;
    private readonly float[] _low;
    private readonly float[] _high;
    private readonly float[] _noise;

    /// <param name="network">The actor-critic.</param>
    /// <param name="device">Where it lives.</param>
    /// <param name="observationSize">Observation length.</param>
    /// <param name="low">The action space's lower bounds.</param>
    /// <param name="high">The action space's upper bounds.</param>
    /// <param name="rng">The generator for stochastic acting.</param>
    public GaussianPpoPolicy(GaussianActorCritic network, torch.Device device, int observationSize, float[] low, float[] high, Rng rng)
    {
        _network = network;
        _device = device;
        _observationSize = observationSize;
        _low = low;
        _high = high;
        _noise = new float[low.Length];
        Random = rng;
    }

    /// <inheritdoc/>
    public string Algorithm => PpoAlgorithm.Name;

    /// <inheritdoc/>
    public string ScoreLabel => "action";

    /// <inheritdoc/>
    public int ActionCount => 0;

    /// <inheritdoc/>
    public int ActionSize => _low.Length;

    /// <summary>The generator for stochastic acting.</summary>
    public Rng Random { get; set; }

    /// <inheritdoc/>
    public void Reseed(int seed) => Random = new Rng(seed);

    /// <inheritdoc/>
    public int Act(ReadOnlySpan<float> observation, ReadOnlySpan<bool> mask, bool deterministic, Span<float> scores) =>
        throw new NotSupportedException("this PPO agent acts with real-valued actions; call ActContinuous.");

    /// <inheritdoc/>
    public void ActContinuous(ReadOnlySpan<float> observation, bool deterministic, Span<float> action)
    {
        if (!deterministic) GaussianNoise.Fill(Random, _noise);
        using (var scope = torch.NewDisposeScope())
        using (torch.no_grad())
        {
            var input = TensorData.FromSpan(observation[.._observationSize], [1, _observationSize], _device);
            var (mean, latent) = _network.Actor(input);
            var chosen = deterministic
                ? mean
                : mean + _network.DistributionLogStd(mean, latent).exp() * TensorData.FromSpan(_noise, [1, _noise.Length], _device);
            TensorData.CopyTo(chosen, action[.._low.Length]);
        }
        ActionBounds.Clip(action[.._low.Length], _low, _high);
    }
}
