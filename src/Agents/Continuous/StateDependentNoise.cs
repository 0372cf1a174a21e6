using RLArena.Agents.Networks;
using RLArena.Core.Reproducibility;
using TorchSharp;
using static TorchSharp.torch;

namespace RLArena.Agents.Continuous;

/// <summary>
/// Generalised State-Dependent Exploration (gSDE; Raffin et al. 2021, SB3's <c>StateDependentNoiseDistribution</c>
/// with full_std and no expln): the action noise is latent · E, where the exploration
/// matrix E [latent, A] is drawn from N(0, exp(log_std)²) and held for a while, so the same state gets the same noise
/// until E is drawn again. Seen from one state the action is Gaussian with variance (latent²) · exp(log_std)² per
/// action dimension. One instance holds the matrices one acting loop uses (one per environment, drawn from the run's
/// generator, so a checkpoint can save the draws); the static members are the math PPO and SAC share. Whether the
/// gradients of the noise and of the variance reach the latent features is SB3's learn_features: off for PPO's
/// actor-critic (the features are detached), on for SAC's actor.
/// </summary>
public sealed class StateDependentNoise : IDisposable
{
    /// <summary>SB3's guard added to gSDE's variance before the square root.</summary>
    public const double VarianceEpsilon = 1e-6;

    private readonly float[] _draws;
    private readonly long[] _shape;
    private Tensor? _matrices;

    /// <param name="count">How many matrices (one per environment that acts).</param>
    /// <param name="latentSize">Length of the latent features (the actor's last hidden layer).</param>
    /// <param name="actionSize">Action vector length.</param>
    public StateDependentNoise(int count, int latentSize, int actionSize)
    {
        _draws = new float[count * latentSize * actionSize];
        _shape = [count, latentSize, actionSize];
    }

    /// <summary>The standard normal draws behind the current matrices (a checkpoint saves these).</summary>
    public float[] Draws => _draws;

    /// <summary>True once <see cref="Resample"/> or <see cref="Rebuild"/> has made the matrices.</summary>
    public bool Ready => _matrices is not null;

    /// <summary>Draws new matrices E = exp(log_std) ⊙ N(0, 1) from <paramref name="rng"/> (no gradient).</summary>
    /// <param name="rng">The run's generator.</param>
    /// <param name="logStd">The learned log-std [latent, A].</param>
    public void Resample(Rng rng, Tensor logStd)
    {
        GaussianNoise.Fill(rng, _draws);
        Rebuild(logStd);
    }

    /// <summary>Makes the matrices again from the current <see cref="Draws"/> (after a checkpoint restored them).</summary>
    /// <param name="logStd">The learned log-std [latent, A].</param>
    public void Rebuild(Tensor logStd)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var matrices = Matrices(TensorData.FromSpan(_draws, _shape, logStd.device), logStd).MoveToOuterDisposeScope();
        _matrices?.Dispose();
        _matrices = matrices;
    }

    /// <summary>The noise latent · E [B, A] from the held matrices (row i uses matrix i), for acting (no gradient).</summary>
    /// <param name="latent">The latent features [B, latent].</param>
    public Tensor Noise(Tensor latent) =>
        Apply(latent, _matrices ?? throw new InvalidOperationException("draw the exploration matrices (Resample) before acting"),
            learnFeatures: false);

    /// <summary>Exploration matrices E = exp(log_std) ⊙ draws, reparameterised (gradients reach log_std).</summary>
    /// <param name="draws">Standard normal draws [M, latent, A].</param>
    /// <param name="logStd">The learned log-std [latent, A].</param>
    public static Tensor Matrices(Tensor draws, Tensor logStd) => draws * logStd.exp().unsqueeze(0);

    /// <summary>
    /// latent · E [B, A]: row i times matrix i when there is one matrix per row, else every row times the single matrix.
    /// </summary>
    /// <param name="latent">The latent features [B, latent].</param>
    /// <param name="matrices">Exploration matrices [B, latent, A] or [1, latent, A].</param>
    /// <param name="learnFeatures">SB3's learn_features: true lets the gradient reach the latent features (SAC),
    /// false detaches them (PPO).</param>
    public static Tensor Apply(Tensor latent, Tensor matrices, bool learnFeatures)
    {
        var features = learnFeatures ? latent : latent.detach();
        if (matrices.shape[0] == features.shape[0]) return features.unsqueeze(1).bmm(matrices).squeeze(1);
        if (matrices.shape[0] == 1) return features.mm(matrices[0]);
        throw new ArgumentException($"{matrices.shape[0]} exploration matrices for {features.shape[0]} rows", nameof(matrices));
    }

    /// <summary>The per-state log-std [B, A]: ½·log((latent²) · exp(log_std)² + ε).</summary>
    /// <param name="latent">The latent features [B, latent].</param>
    /// <param name="logStd">The learned log-std [latent, A].</param>
    /// <param name="learnFeatures">SB3's learn_features: true lets the gradient reach the latent features (SAC),
    /// false detaches them (PPO).</param>
    public static Tensor LogStd(Tensor latent, Tensor logStd, bool learnFeatures)
    {
        var features = learnFeatures ? latent : latent.detach();
        var variance = features.square().matmul(logStd.exp().square());
        return 0.5 * (variance + VarianceEpsilon).log();
    }

    /// <inheritdoc/>
    public void Dispose() => _matrices?.Dispose();
}
