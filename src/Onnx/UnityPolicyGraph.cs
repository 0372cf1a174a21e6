using Onnx;

namespace RLArena.Onnx;

/// <summary>What a policy network's last layer gives per action: PPO's logits or DQN's Q-values.</summary>
public enum PolicyScores
{
    /// <summary>Unnormalised log-probabilities (an actor); the graph adds softmax and sampling.</summary>
    Logits,

    /// <summary>Action values (a Q-network); the graph acts greedily.</summary>
    QValues,
}

/// <summary>
/// Observation normalisation baked into the graph in front of the network: <c>clip((x - mean) / std, -clip, clip)</c>
/// element by element (what a running-mean normaliser does at acting time). Runs trained with
/// <c>normalize_observation</c> pass their checkpoint's statistics here (Std = sqrt(variance + epsilon), Gymnasium's
/// NormalizeObservation; it does not clip, so Clip is positive infinity), and the file then takes raw observations.
/// </summary>
/// <param name="Mean">The per-element mean, one value per observation element.</param>
/// <param name="Std">The per-element standard deviation (already including any epsilon), all positive.</param>
/// <param name="Clip">The bound after normalising (for example 10); positive infinity for none.</param>
public sealed record ObservationNormalization(float[] Mean, float[] Std, float Clip);

/// <summary>The network part of a policy graph, as written by an exporter: the scores and, for an actor-critic, the value.</summary>
/// <param name="Scores">The name of the [batch, actions] scores value.</param>
/// <param name="Value">The name of the [batch, 1] value estimate, or null without a critic.</param>
public sealed record PolicyBody(string Scores, string? Value);

/// <summary>
/// The network part of a Box-action policy graph, as written by an exporter: the actions already within the bounds.
/// </summary>
/// <param name="DeterministicActions">The name of the [batch, A] deterministic action (the distribution's mode, bounded).</param>
/// <param name="SampledActions">The name of the [batch, A] action sampled in the graph (bounded).</param>
/// <param name="Value">The name of the [batch, 1] value estimate, or null without a state-value critic.</param>
public sealed record ContinuousPolicyBody(string DeterministicActions, string SampledActions, string? Value);

/// <summary>Everything <see cref="UnityPolicyGraph.BuildContinuous"/> needs besides the network itself.</summary>
/// <param name="ObservationShape">One observation's shape: [size].</param>
/// <param name="ActionSize">The length of the action vector.</param>
/// <param name="Normalization">Observation normalisation to bake in, or null.</param>
/// <param name="Metadata">Key-value pairs stored in the file (see <see cref="PolicyMetadataKeys"/>).</param>
/// <param name="Description">A one-line description stored in the file.</param>
public sealed record ContinuousPolicyGraphSpec(
    int[] ObservationShape,
    int ActionSize,
    ObservationNormalization? Normalization,
    IReadOnlyDictionary<string, string> Metadata,
    string Description);

/// <summary>Everything <see cref="UnityPolicyGraph.Build"/> needs besides the network itself.</summary>
/// <param name="ObservationShape">One observation's shape: [size] for vectors, [channels, height, width] for images.</param>
/// <param name="ActionCount">The number of discrete actions (one branch).</param>
/// <param name="Scores">What the network's output is.</param>
/// <param name="Normalization">Observation normalisation to bake in, or null.</param>
/// <param name="Metadata">Key-value pairs stored in the file (see <see cref="PolicyMetadataKeys"/>).</param>
/// <param name="Description">A one-line description stored in the file.</param>
public sealed record PolicyGraphSpec(
    int[] ObservationShape,
    int ActionCount,
    PolicyScores Scores,
    ObservationNormalization? Normalization,
    IReadOnlyDictionary<string, string> Metadata,
    string Description);

/// <summary>
/// Builds a policy graph with the interface of Unity ML-Agents' own exporter (model API version 3, ML-Agents 2.x and
/// later with Sentis), so the file can be assigned to an agent's Behavior Parameters: input <c>obs_0</c> ([batch, size]
/// or [batch, C, H, W]) and <c>action_masks</c> ([batch, actions], 1 = allowed); outputs <c>version_number</c> (3),
/// <c>memory_size</c> (0), <c>discrete_actions</c> (sampled for an actor, greedy for a Q-network; int64 [batch, 1]),
/// <c>discrete_action_output_shape</c> ([1, 1] holding the action count) and <c>deterministic_discrete_actions</c>
/// (the most likely or greedy allowed action). RLArena adds <c>action_probabilities</c> (masked actions 0) and
/// <c>value_estimate</c> for an actor-critic, or <c>q_values</c> for a Q-network.
/// A Box-action policy (<see cref="BuildContinuous"/>) has, as ML-Agents writes a continuous-only policy, no
/// <c>action_masks</c> input and the outputs <c>continuous_actions</c> (sampled in the graph), <c>continuous_action_output_shape</c>
/// ([1] holding the action size) and <c>deterministic_continuous_actions</c>, plus <c>value_estimate</c> where there is a critic.
/// </summary>
public static class UnityPolicyGraph
{
    /// <summary>The ML-Agents model API version written into <c>version_number</c> (MLAgents2_0 = 3).</summary>
    public const int ModelApiVersion = 3;

    /// <summary>The observation input (ML-Agents names observation i "obs_i"; RLArena environments have one).</summary>
    public const string ObservationInput = "obs_0";

    /// <summary>The action-mask input: 1 for an allowed action, 0 for a masked one.</summary>
    public const string ActionMasksInput = "action_masks";

    /// <summary>Constant output: the model API version.</summary>
    public const string VersionNumber = "version_number";

    /// <summary>Constant output: the recurrent memory size (0: no memory).</summary>
    public const string MemorySize = "memory_size";

    /// <summary>The action Unity takes by default (sampled for PPO, greedy for DQN), int64 [batch, 1].</summary>
    public const string DiscreteActions = "discrete_actions";

    /// <summary>Constant output: the size of each discrete branch, [1, branches].</summary>
    public const string DiscreteActionOutputShape = "discrete_action_output_shape";

    /// <summary>The most likely (PPO) or greedy (DQN) allowed action, int64 [batch, 1]; Unity's "Deterministic Inference".</summary>
    public const string DeterministicDiscreteActions = "deterministic_discrete_actions";

    /// <summary>PPO: the action probabilities, [batch, actions]; masked actions are exactly 0.</summary>
    public const string ActionProbabilities = "action_probabilities";

    /// <summary>DQN: the Q-values as the network computes them (unmasked), [batch, actions].</summary>
    public const string QValues = "q_values";

    /// <summary>PPO: the critic's value of the observation, [batch, 1].</summary>
    public const string ValueEstimate = "value_estimate";

    /// <summary>Box actions: an action sampled from the policy's distribution in the graph, float [batch, A], within the bounds.</summary>
    public const string ContinuousActions = "continuous_actions";

    /// <summary>Constant output: the length of the continuous action vector, [1].</summary>
    public const string ContinuousActionOutputShape = "continuous_action_output_shape";

    /// <summary>Box actions: the distribution's mode within the bounds, float [batch, A]; Unity's "Deterministic Inference".</summary>
    public const string DeterministicContinuousActions = "deterministic_continuous_actions";

    /// <summary>The score given to masked actions before softmax, sampling and argmax (exp of it is 0).</summary>
    public const float MaskedScore = float.MinValue;

    /// <summary>
    /// Builds the model: the inputs, the optional normalisation, the network written by <paramref name="writeBody"/>
    /// from the (normalised) observation, and the Unity-style outputs.
    /// </summary>
    /// <param name="spec">Shapes, kind of scores, normalisation and metadata.</param>
    /// <param name="writeBody">Writes the network into the builder, from the observation value's name.</param>
    /// <returns>The checked model.</returns>
    public static ModelProto Build(PolicyGraphSpec spec, Func<OnnxGraphBuilder, string, PolicyBody> writeBody)
    {
        if (spec.ObservationShape.Length is not (1 or 3) || spec.ObservationShape.Any(d => d <= 0))
            throw new ArgumentException($"observation shape [{string.Join(", ", spec.ObservationShape)}]: expected [size] or [channels, height, width].", nameof(spec));
        if (spec.ActionCount <= 0) throw new ArgumentException("a policy needs at least one action.", nameof(spec));

        var g = new OnnxGraphBuilder("rlarena_policy");
        var observationDims = new long?[] { null }.Concat(spec.ObservationShape.Select(d => (long?)d)).ToArray();
        var observation = g.Input(ObservationInput, observationDims);
        var masks = g.Input(ActionMasksInput, null, spec.ActionCount);

        var x = spec.Normalization is { } n ? Normalize(g, observation, n, spec.ObservationShape) : observation;
        var body = writeBody(g, x);

        var threshold = g.Weights("mask_threshold", [0.5f], 1);
        var allowed = g.Node("Greater", [masks, threshold]);
        var maskedScore = g.Weights("masked_score", [MaskedScore], 1);
        var masked = g.Node("Where", [allowed, body.Scores, maskedScore]);

        g.Constant(VersionNumber, [ModelApiVersion], 1);
        g.Constant(MemorySize, [0f], 1);
        g.Constant(DiscreteActionOutputShape, [spec.ActionCount], 1, 1);
        g.NamedNode("ArgMax", [masked], DeterministicDiscreteActions,
            OnnxGraphBuilder.Attribute("axis", 1L), OnnxGraphBuilder.Attribute("keepdims", 1L));
        const TensorProto.Types.DataType int64 = TensorProto.Types.DataType.Int64;
        const TensorProto.Types.DataType float32 = TensorProto.Types.DataType.Float;

        if (spec.Scores == PolicyScores.Logits)
        {
            g.NamedNode("Multinomial", [masked], DiscreteActions,
                OnnxGraphBuilder.Attribute("dtype", (long)int64), OnnxGraphBuilder.Attribute("sample_size", 1L));
            g.NamedNode("Softmax", [masked], ActionProbabilities, OnnxGraphBuilder.Attribute("axis", 1L));
        }
        else
        {
            g.NamedNode("Identity", [DeterministicDiscreteActions], DiscreteActions);
            g.NamedNode("Identity", [body.Scores], QValues);
        }
        if (body.Value is { } value) g.NamedNode("Identity", [value], ValueEstimate);

        g.Output(VersionNumber, float32, 1);
        g.Output(MemorySize, float32, 1);
        g.Output(DiscreteActions, int64, null, 1);
        g.Output(DiscreteActionOutputShape, float32, 1, 1);
        g.Output(DeterministicDiscreteActions, int64, null, 1);
        if (spec.Scores == PolicyScores.Logits) g.Output(ActionProbabilities, float32, null, spec.ActionCount);
        else g.Output(QValues, float32, null, spec.ActionCount);
        if (body.Value is not null) g.Output(ValueEstimate, float32, null, 1);
        return g.Build(spec.Metadata, spec.Description);
    }

    /// <summary>
    /// Builds a Box-action policy model: the observation input, the optional normalisation, the network written by
    /// <paramref name="writeBody"/> and the Unity-style continuous outputs.
    /// </summary>
    /// <param name="spec">Shapes, normalisation and metadata.</param>
    /// <param name="writeBody">Writes the network and its bounded actions into the builder, from the observation value's name.</param>
    /// <returns>The checked model.</returns>
    public static ModelProto BuildContinuous(ContinuousPolicyGraphSpec spec, Func<OnnxGraphBuilder, string, ContinuousPolicyBody> writeBody)
    {
        if (spec.ObservationShape.Length != 1 || spec.ObservationShape[0] <= 0)
            throw new ArgumentException($"observation shape [{string.Join(", ", spec.ObservationShape)}]: Box-action policies take [size].", nameof(spec));
        if (spec.ActionSize <= 0) throw new ArgumentException("a Box-action policy needs at least one action dimension.", nameof(spec));

        var g = new OnnxGraphBuilder("rlarena_policy");
        var observation = g.Input(ObservationInput, null, spec.ObservationShape[0]);
        var x = spec.Normalization is { } n ? Normalize(g, observation, n, spec.ObservationShape) : observation;
        var body = writeBody(g, x);

        g.Constant(VersionNumber, [ModelApiVersion], 1);
        g.Constant(MemorySize, [0f], 1);
        g.Constant(ContinuousActionOutputShape, [spec.ActionSize], 1);
        g.NamedNode("Identity", [body.SampledActions], ContinuousActions);
        g.NamedNode("Identity", [body.DeterministicActions], DeterministicContinuousActions);
        if (body.Value is { } value) g.NamedNode("Identity", [value], ValueEstimate);

        const TensorProto.Types.DataType float32 = TensorProto.Types.DataType.Float;
        g.Output(VersionNumber, float32, 1);
        g.Output(MemorySize, float32, 1);
        g.Output(ContinuousActions, float32, null, spec.ActionSize);
        g.Output(ContinuousActionOutputShape, float32, 1);
        g.Output(DeterministicContinuousActions, float32, null, spec.ActionSize);
        if (body.Value is not null) g.Output(ValueEstimate, float32, null, 1);
        return g.Build(spec.Metadata, spec.Description);
    }

    private static string Normalize(OnnxGraphBuilder g, string observation, ObservationNormalization n, int[] shape)
    {
        var size = shape.Aggregate(1, (a, b) => a * b);
        if (n.Mean.Length != size || n.Std.Length != size)
            throw new ArgumentException($"normalisation statistics have {n.Mean.Length} means and {n.Std.Length} deviations for {size} observation elements.", nameof(n));
        if (n.Std.Any(s => !(s > 0)) || !(n.Clip > 0))
            throw new ArgumentException("normalisation needs positive deviations and a positive clip bound.", nameof(n));
        var dims = shape.Select(d => (long)d).ToArray();
        var centred = g.Node("Sub", [observation, g.Weights("obs_mean", n.Mean, dims)]);
        var scaled = g.Node("Div", [centred, g.Weights("obs_std", n.Std, dims)]);
        if (float.IsPositiveInfinity(n.Clip)) return scaled;
        return g.Node("Clip", [scaled, g.Weights("obs_clip_min", [-n.Clip]), g.Weights("obs_clip_max", [n.Clip])]);
    }
}
