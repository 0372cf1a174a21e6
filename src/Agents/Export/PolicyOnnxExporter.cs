using System.Globalization;
using Onnx;
using RLArena.Agents.Continuous;
using RLArena.Agents.Dqn;
using RLArena.Agents.Networks;
using RLArena.Agents.Sac;
using RLArena.Environments;
using RLArena.Environments.Wrappers;
using RLArena.Engine.Onnx;
using RLArena.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RLArena.Agents.Export;

/// <summary>
/// Exports a trained agent to ONNX with Unity ML-Agents' input and output names (<see cref="UnityPolicyGraph"/>):
/// PPO's actor-critic (action probabilities, sampled and most likely action, value) and DQN's Q-network (Q-values,
/// greedy action), with MLP or convolutional encoders and action masks; and for Box actions PPO's Gaussian
/// actor-critic (deterministic = the mean clipped to the bounds; with gSDE too) and SAC's actor (deterministic =
/// tanh(mean) rescaled to the bounds), see <see cref="UnityPolicyGraph.BuildContinuous"/>. When the run used
/// <c>normalize_observation</c>, the checkpoint's statistics are baked into the graph, so the file takes raw observations.
/// <code>
/// using var policy = TrainedPolicy.Load("runs/cartpole__ppo__1__.../checkpoint.ckpt");
/// var summary = PolicyOnnxExporter.Export(policy, "cartpole.onnx");
/// </code>
/// </summary>
public static class PolicyOnnxExporter
{
    /// <summary>Builds the ONNX model of <paramref name="policy"/> and writes it to <paramref name="path"/>.</summary>
    /// <param name="policy">The loaded agent.</param>
    /// <param name="path">The .onnx file to write (its folder is created).</param>
    /// <param name="normalization">Observation normalisation to bake in; null: the checkpoint's own (none when the run used none).</param>
    /// <returns>What was written.</returns>
    public static OnnxModelSummary Export(TrainedPolicy policy, string path, ObservationNormalization? normalization = null) =>
        OnnxModelSummary.Write(Build(policy, normalization), path);

    /// <summary>The ONNX model of <paramref name="policy"/>, checked, without writing it.</summary>
    /// <param name="policy">The loaded agent.</param>
    /// <param name="normalization">Observation normalisation to bake in; null: the checkpoint's own (none when the run used none).</param>
    /// <returns>The model.</returns>
    public static ModelProto Build(TrainedPolicy policy, ObservationNormalization? normalization = null)
    {
        var environment = policy.MakeEnvironment();
        normalization ??= NormalizationOf(environment);
        var space = environment.ObservationSpace;
        var shape = space.Shape.Length == 3 ? space.Shape : [space.Size];
        var metadata = new Dictionary<string, string>
        {
            [PolicyMetadataKeys.Algorithm] = policy.Algorithm,
            [PolicyMetadataKeys.Environment] = policy.EnvironmentId,
            [PolicyMetadataKeys.Architecture] = policy.Architecture,
            [PolicyMetadataKeys.Step] = policy.Step.ToString(CultureInfo.InvariantCulture),
            [PolicyMetadataKeys.Normalized] = normalization is null ? "false" : "true",
            [PolicyMetadataKeys.Source] = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(policy.CheckpointPath))) ?? "",
        };
        if (policy.Config is DqnConfig dqn) metadata[PolicyMetadataKeys.Epsilon] = dqn.EndE.ToString("R", CultureInfo.InvariantCulture);
        var description = $"RLArena {policy.Algorithm.ToUpperInvariant()} policy for {policy.EnvironmentId} ({policy.Architecture}), {policy.Step:N0} steps";

        using var noGrad = torch.no_grad();
        if (environment.ContinuousActionSpace is { } box)
        {
            var continuous = new ContinuousPolicyGraphSpec([space.Size], box.Size, normalization, metadata, description);
            return policy.Network switch
            {
                GaussianActorCritic gaussian => UnityPolicyGraph.BuildContinuous(continuous, (graph, observation) => WriteGaussian(graph, gaussian, box, observation)),
                SacNetworks sac => UnityPolicyGraph.BuildContinuous(continuous, (graph, observation) =>
                    WriteSquashedGaussian(graph, sac.Actor, (SacConfig)policy.Config, box, observation)),
                var other => throw new NotSupportedException($"a {other.GetType().Name} policy for Box actions cannot be exported to ONNX yet."),
            };
        }
        return policy.Network switch
        {
            ActorCritic actorCritic => UnityPolicyGraph.Build(
                new PolicyGraphSpec(shape, actorCritic.ActionCount, PolicyScores.Logits, normalization, metadata, description),
                (graph, observation) =>
                {
                    var features = WriteEncoder(graph, actorCritic.Encoder, observation);
                    return new PolicyBody(
                        OnnxLayerWriter.Write(graph, actorCritic.Actor, features, "actor"),
                        OnnxLayerWriter.Write(graph, actorCritic.Critic, features, "critic"));
                }),
            QNetwork q => UnityPolicyGraph.Build(
                new PolicyGraphSpec(shape, q.ActionCount, PolicyScores.QValues, normalization, metadata, description),
                (graph, observation) =>
                    new PolicyBody(OnnxLayerWriter.Write(graph, q.Head, WriteEncoder(graph, q.Encoder, observation), "head"), null)),
            var other => throw new NotSupportedException($"a {other.GetType().Name} policy cannot be exported to ONNX yet."),
        };
    }

    /// <summary>
    /// The normalisation a checkpoint's environment applies (<see cref="TrainedPolicy.MakeEnvironment"/> wraps it in a
    /// frozen <see cref="NormalizeObservation"/> when the run used normalize_observation), or null.
    /// </summary>
    /// <param name="environment">The environment as the trained policy sees it.</param>
    /// <returns>Mean and sqrt(variance + epsilon) per element, unclipped (Gymnasium's wrapper does not clip).</returns>
    public static ObservationNormalization? NormalizationOf(IEnvironment environment)
    {
        for (var e = environment; e is not null; e = (e as EnvironmentWrapper)?.Inner)
        {
            if (e is not NormalizeObservation normalizer) continue;
            var statistics = normalizer.Statistics;
            var std = statistics.Variance.Select(v => (float)Math.Sqrt(v + normalizer.Epsilon)).ToArray();
            return new ObservationNormalization(statistics.Mean.Select(m => (float)m).ToArray(), std, float.PositiveInfinity);
        }
        return null;
    }

    // PPO's Gaussian: mean = head(trunk(x)); deterministic = clip(mean); sampled = clip(mean + std * N(0, 1)) with
    // std = exp(log_std), or with gSDE sqrt(latent² · exp(log_std)² + 1e-6) (the marginal of a fresh noise matrix per call).
    private static ContinuousPolicyBody WriteGaussian(OnnxGraphBuilder graph, GaussianActorCritic network, Environments.Spaces.BoxSpace box, string observation)
    {
        var latent = OnnxLayerWriter.Write(graph, network.ActorTrunk, observation, "actor_trunk");
        var mean = OnnxLayerWriter.Write(graph, network.MeanHead, latent, "actor_mean");
        var logStd = OnnxLayerWriter.Floats(network.LogStd);
        var std = network.StateDependentExploration
            ? WriteStateDependentStd(graph, network.LogStd, latent)
            : graph.Weights("actor_std", logStd.Select(l => (float)Math.Exp(l)).ToArray(), 1, network.ActionSize);
        var noise = graph.Node("RandomNormalLike", [mean]);
        var sampled = graph.Node("Add", [mean, graph.Node("Mul", [std, noise])]);
        var low = graph.Weights("action_low", box.Low, box.Size);
        var high = graph.Weights("action_high", box.High, box.Size);
        string Clip(string action) => graph.Node("Max", [graph.Node("Min", [action, high]), low]);
        var value = OnnxLayerWriter.Write(graph, network.Critic, observation, "critic");
        return new ContinuousPolicyBody(Clip(mean), Clip(sampled), value);
    }

    // gSDE's per-state std (PPO and SAC): sqrt(latent² · exp(log_std)² + 1e-6), the spread of the action for a fresh
    // exploration matrix per call.
    private static string WriteStateDependentStd(OnnxGraphBuilder graph, Tensor logStd, string latent)
    {
        var variancePerLatent = OnnxLayerWriter.Floats(logStd).Select(l => (float)Math.Exp(2.0 * l)).ToArray();
        var squared = graph.Node("Mul", [latent, latent]);
        var variance = graph.Node("MatMul", [squared, graph.Weights("sde_variance", variancePerLatent, (int)logStd.shape[0], (int)logStd.shape[1])]);
        var guarded = graph.Node("Add", [variance, graph.Weights("sde_epsilon", [(float)StateDependentNoise.VarianceEpsilon])]);
        return graph.Node("Sqrt", [guarded]);
    }

    // SAC's squashed Gaussian: deterministic = tanh(mean)·scale + bias; sampled = tanh(mean + std·N(0, 1))·scale + bias
    // with std = exp(min + ½(max − min)(tanh(raw) + 1)), or with gSDE the mean clipped to ±2 and the per-state std
    // above (as PPO's gSDE export). SAC has no state-value critic, so no value_estimate.
    private static ContinuousPolicyBody WriteSquashedGaussian(OnnxGraphBuilder graph, SacActor actor, SacConfig config, Environments.Spaces.BoxSpace box, string observation)
    {
        var features = OnnxLayerWriter.Write(graph, actor.Trunk, observation, "actor_trunk");
        var mean = OnnxLayerWriter.Write(graph, actor.MeanHead, features, "fc_mean");
        string std;
        if (actor.SdeLogStd is { } sdeLogStd)
        {
            mean = graph.Node("Max", [graph.Node("Min", [mean, graph.Weights("clip_mean", [(float)SacActor.ClipMean])]),
                graph.Weights("minus_clip_mean", [(float)-SacActor.ClipMean])]);
            std = WriteStateDependentStd(graph, sdeLogStd, features);
        }
        else
        {
            var raw = OnnxLayerWriter.Write(graph, actor.LogStdHead!, features, "fc_logstd");
            var halfRange = graph.Weights("log_std_half_range", [(float)(0.5 * (config.LogStdMax - config.LogStdMin))]);
            var one = graph.Weights("one", [1f]);
            var logStd = graph.Node("Add", [graph.Weights("log_std_min", [(float)config.LogStdMin]),
                graph.Node("Mul", [halfRange, graph.Node("Add", [graph.Node("Tanh", [raw]), one])])]);
            std = graph.Node("Exp", [logStd]);
        }
        var noise = graph.Node("RandomNormalLike", [mean]);
        var u = graph.Node("Add", [mean, graph.Node("Mul", [std, noise])]);
        var scale = graph.Weights("action_scale", box.Low.Zip(box.High, (l, h) => (h - l) / 2f).ToArray(), box.Size);
        var bias = graph.Weights("action_bias", box.Low.Zip(box.High, (l, h) => (h + l) / 2f).ToArray(), box.Size);
        string Squash(string x) => graph.Node("Add", [graph.Node("Mul", [graph.Node("Tanh", [x]), scale]), bias]);
        return new ContinuousPolicyBody(Squash(mean), Squash(u), null);
    }

    // The image encoder reads obs_0 as [batch, C, H, W] directly (ML-Agents' NCHW layout), so its flat-to-image view is not needed.
    private static string WriteEncoder(OnnxGraphBuilder graph, nn.Module<Tensor, Tensor> encoder, string observation) => encoder switch
    {
        ConvEncoder conv => OnnxLayerWriter.Write(graph, conv.Layers, observation, "encoder"),
        Identity => observation,
        _ => throw new NotSupportedException($"a {encoder.GetType().Name} encoder cannot be exported to ONNX yet."),
    };
}
