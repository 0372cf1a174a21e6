using RLArena.Engine.Networks;
using TorchSharp;

namespace RLArena.Agents.Networks;

/// <summary>
/// Runs an <see cref="ActorCritic"/> for acting: one batched call for all environments. MLP networks run through
/// <see cref="FastMlp"/> copies on the CPU (whatever the training device); image networks through torch in one call
/// without gradient. Call <see cref="Refresh"/> after the weights change.
/// </summary>
public sealed class ActorCriticRunner
{
    private readonly ActorCritic _network;
    private readonly torch.Device _device;
    private readonly FastMlp? _actor;
    private readonly FastMlp? _critic;
    private readonly long _observationSize;

    /// <summary>Acts with <paramref name="network"/>: through a plain C# copy of its MLPs when it has them, else through TorchSharp on <paramref name="device"/>.</summary>
    /// <param name="network">The network being trained or loaded.</param>
    /// <param name="device">The device the network lives on.</param>
    /// <param name="observationSize">Values per observation.</param>
    public ActorCriticRunner(ActorCritic network, torch.Device device, int observationSize)
    {
        _network = network;
        _device = device;
        _observationSize = observationSize;
        if (network.ActorMlp is { } actor && network.CriticMlp is { } critic)
        {
            _actor = new FastMlp(actor);
            _critic = new FastMlp(critic);
        }
    }

    /// <summary>Copies the network's current weights into the plain C# copy (after every update).</summary>
    public void Refresh()
    {
        _actor?.Refresh();
        _critic?.Refresh();
    }

    /// <summary>Logits [batch × A] and, when <paramref name="values"/> is not empty, values [batch].</summary>
    public void Evaluate(ReadOnlySpan<float> observations, int batch, Span<float> logits, Span<float> values)
    {
        if (_actor is not null)
        {
            _actor.Forward(observations, batch, logits);
            if (!values.IsEmpty) _critic!.Forward(observations, batch, values);
            return;
        }
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = TensorData.FromSpan(observations[..(int)(batch * _observationSize)], [batch, _observationSize], _device);
        var (l, v) = _network.Forward(input);
        TensorData.CopyTo(l, logits);
        if (!values.IsEmpty) TensorData.CopyTo(v, values);
    }

    /// <summary>Values only, [batch].</summary>
    public void Values(ReadOnlySpan<float> observations, int batch, Span<float> values)
    {
        if (_critic is not null)
        {
            _critic.Forward(observations, batch, values);
            return;
        }
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = TensorData.FromSpan(observations[..(int)(batch * _observationSize)], [batch, _observationSize], _device);
        TensorData.CopyTo(_network.Values(input), values);
    }
}

/// <summary>Runs a <see cref="QNetwork"/> for acting, like <see cref="ActorCriticRunner"/>.</summary>
public sealed class QNetworkRunner
{
    private readonly QNetwork _network;
    private readonly torch.Device _device;
    private readonly FastMlp? _mlp;
    private readonly long _observationSize;

    /// <summary>Acts with <paramref name="network"/>, like <see cref="ActorCriticRunner"/>.</summary>
    /// <param name="network">The Q-network.</param>
    /// <param name="device">The device the network lives on.</param>
    /// <param name="observationSize">Values per observation.</param>
    public QNetworkRunner(QNetwork network, torch.Device device, int observationSize)
    {
        _network = network;
        _device = device;
        _observationSize = observationSize;
        if (network.HeadMlp is { } mlp) _mlp = new FastMlp(mlp);
    }

    /// <summary>Copies the network's current weights into the plain C# copy (after every update).</summary>
    public void Refresh() => _mlp?.Refresh();

    /// <summary>Q-values [batch × A].</summary>
    public void Evaluate(ReadOnlySpan<float> observations, int batch, Span<float> qValues)
    {
        if (_mlp is not null)
        {
            _mlp.Forward(observations, batch, qValues);
            return;
        }
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = TensorData.FromSpan(observations[..(int)(batch * _observationSize)], [batch, _observationSize], _device);
        TensorData.CopyTo(_network.forward(input), qValues);
    }
}
