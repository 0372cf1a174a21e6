using System.Globalization;
using Onnx;
using RLArena.Agents.Dqn;
using RLArena.Agents.Networks;
using RLArena.Engine.Onnx;
using RLArena.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RLArena.Agents.Export;

/// <summary>
/// Exports a trained agent to ONNX with Unity ML-Agents' input and output names (<see cref="UnityPolicyGraph"/>):
/// PPO's actor-critic (action probabilities, sampled and most likely action, value) and DQN's Q-network (Q-values,
/// greedy action), with MLP or convolutional encoders and action masks. Observation normalisation, when a run used
/// it, is passed in as <see cref="ObservationNormalization"/> and baked into the graph.
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
    /// <param name="normalization">Observation normalisation to bake in, or null when the run used none.</param>
    /// <returns>What was written.</returns>
    public static OnnxModelSummary Export(TrainedPolicy policy, string path, ObservationNormalization? normalization = null) =>
        OnnxModelSummary.Write(Build(policy, normalization), path);

    /// <summary>The ONNX model of <paramref name="policy"/>, checked, without writing it.</summary>
    /// <param name="policy">The loaded agent.</param>
    /// <param name="normalization">Observation normalisation to bake in, or null.</param>
    /// <returns>The model.</returns>
    public static ModelProto Build(TrainedPolicy policy, ObservationNormalization? normalization = null)
    {
        var environment = policy.MakeEnvironment();
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

    // The image encoder reads obs_0 as [batch, C, H, W] directly (ML-Agents' NCHW layout), so its flat-to-image view is not needed.
    private static string WriteEncoder(OnnxGraphBuilder graph, nn.Module<Tensor, Tensor> encoder, string observation) => encoder switch
    {
        ConvEncoder conv => OnnxLayerWriter.Write(graph, conv.Layers, observation, "encoder"),
        Identity => observation,
        _ => throw new NotSupportedException($"a {encoder.GetType().Name} encoder cannot be exported to ONNX yet."),
    };
}
