using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RLArena.Core.Errors;

namespace RLArena.Onnx;

/// <summary>The outputs of one batched <see cref="OnnxPolicy.Evaluate"/> call.</summary>
/// <param name="DeterministicActions">The most likely (PPO) or greedy (DQN) allowed action per row.</param>
/// <param name="Scores">Per row and action: probabilities (PPO) or Q-values (DQN), [batch × actions].</param>
/// <param name="Values">The value estimate per row (PPO), or null without a critic.</param>
public sealed record PolicyOutputs(long[] DeterministicActions, float[] Scores, float[]? Values);

/// <summary>The outputs of one batched <see cref="OnnxPolicy.EvaluateContinuous"/> call (a Box-action policy).</summary>
/// <param name="DeterministicActions">The distribution's mode within the bounds, [batch × action size].</param>
/// <param name="SampledActions">An action sampled by ONNX Runtime within the bounds, [batch × action size].</param>
/// <param name="Values">The value estimate per row (PPO), or null without a state-value critic (SAC).</param>
public sealed record ContinuousPolicyOutputs(float[] DeterministicActions, float[] SampledActions, float[]? Values);

/// <summary>
/// A policy exported by <c>rlarena export --format onnx</c>, run by ONNX Runtime with no TorchSharp: how a game or a
/// service runs a trained agent, and what <c>rlarena eval --policy</c> and <c>rlarena watch --policy</c> use.
/// <code>
/// using var policy = OnnxPolicy.Load("cartpole.onnx");
/// var outputs = policy.Evaluate(observation, batch: 1, mask: null);
/// long action = outputs.DeterministicActions[0];
/// </code>
/// A file that is missing, not ONNX, or not a policy with RLArena's (ML-Agents') inputs is a one-line
/// <see cref="UserFacingException"/>.
/// </summary>
public sealed class OnnxPolicy : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _scoreOutput;
    private readonly string[] _outputs;
    private readonly int _observationSize;

    private OnnxPolicy(InferenceSession session, string path, int[] observationShape, int actionCount, int actionSize, string scoreOutput, bool hasValue,
        IReadOnlyDictionary<string, string> metadata)
    {
        ActionSize = actionSize;
        _session = session;
        Path = path;
        ObservationShape = observationShape;
        _observationSize = observationShape.Aggregate(1, (a, b) => a * b);
        ActionCount = actionCount;
        _scoreOutput = scoreOutput;
        HasValue = hasValue;
        Metadata = metadata;
        string[] actionOutputs = actionSize > 0
            ? [UnityPolicyGraph.DeterministicContinuousActions, UnityPolicyGraph.ContinuousActions]
            : [UnityPolicyGraph.DeterministicDiscreteActions, scoreOutput];
        _outputs = hasValue ? [.. actionOutputs, UnityPolicyGraph.ValueEstimate] : actionOutputs;
    }

    /// <summary>The file it was loaded from.</summary>
    public string Path { get; }

    /// <summary>One observation's shape, without the batch dimension.</summary>
    public int[] ObservationShape { get; }

    /// <summary>The number of elements in one observation.</summary>
    public int ObservationSize => _observationSize;

    /// <summary>The number of discrete actions (0 for a Box-action policy).</summary>
    public int ActionCount { get; }

    /// <summary>The length of the action vector of a Box-action policy (0 for a discrete one).</summary>
    public int ActionSize { get; }

    /// <summary>True for a Box-action policy (<see cref="EvaluateContinuous"/>), false for a discrete one (<see cref="Evaluate"/>).</summary>
    public bool IsContinuous => ActionSize > 0;

    /// <summary>True when the file has a critic's <c>value_estimate</c>.</summary>
    public bool HasValue { get; }

    /// <summary>"probability" when the scores are action probabilities (an actor), "Q-value" for a Q-network.</summary>
    public string ScoreLabel => IsContinuous ? "action" : _scoreOutput == UnityPolicyGraph.ActionProbabilities ? "probability" : "Q-value";

    /// <summary>The metadata stored in the file (see <see cref="PolicyMetadataKeys"/>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The algorithm the file records ("ppo", "dqn"), or "onnx" when it records none.</summary>
    public string Algorithm => Metadata.GetValueOrDefault(PolicyMetadataKeys.Algorithm, "onnx");

    /// <summary>The environment spec the file records, or null.</summary>
    public string? EnvironmentId => Metadata.GetValueOrDefault(PolicyMetadataKeys.Environment);

    /// <summary>The exploration epsilon the file records for epsilon-greedy acting (DQN), else 0.</summary>
    public double Epsilon =>
        Metadata.TryGetValue(PolicyMetadataKeys.Epsilon, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var e) ? e : 0;

    /// <summary>Loads an exported policy into an ONNX Runtime session (CPU).</summary>
    /// <param name="path">The .onnx file.</param>
    /// <returns>The policy.</returns>
    public static OnnxPolicy Load(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new UsageException("--policy needs a path to an .onnx file written by 'rlarena export'.");
        if (Directory.Exists(path)) throw new UserFacingException($"--policy {path}: is a folder; pass the .onnx file written by 'rlarena export --format onnx'.");
        if (!File.Exists(path)) throw new UserFacingException($"--policy {path}: no such file; export one with 'rlarena export --checkpoint RUN --format onnx'.");
        InferenceSession session;
        try
        {
            using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, IntraOpNumThreads = 1 };
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            var reason = e.Message.ReplaceLineEndings(" ").Trim();
            throw new UserFacingException($"{path}: ONNX Runtime cannot load it, so it is not a valid ONNX model ({reason}); pass a file written by 'rlarena export --format onnx'.");
        }
        try
        {
            return FromSession(session, path);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static OnnxPolicy FromSession(InferenceSession session, string path)
    {
        var inputs = session.InputMetadata;
        var outputs = session.OutputMetadata;
        var metadata = session.ModelMetadata.CustomMetadataMap.ToDictionary(kv => kv.Key, kv => kv.Value);
        var hasValue = outputs.ContainsKey(UnityPolicyGraph.ValueEstimate);
        if (outputs.TryGetValue(UnityPolicyGraph.DeterministicContinuousActions, out var continuous))
        {
            if (!inputs.TryGetValue(UnityPolicyGraph.ObservationInput, out var input) || input.Dimensions.Length != 2 || input.Dimensions[1] <= 0)
                throw new UserFacingException(
                    $"{path}: a Box-action policy needs an input '{UnityPolicyGraph.ObservationInput}' of shape [batch, size] (it has {string.Join(", ", inputs.Keys)}); pass a file written by 'rlarena export'.");
            if (!outputs.ContainsKey(UnityPolicyGraph.ContinuousActions) || continuous.Dimensions.Length != 2 || continuous.Dimensions[1] <= 0)
                throw new UserFacingException(
                    $"{path}: needs outputs '{UnityPolicyGraph.ContinuousActions}' and '{UnityPolicyGraph.DeterministicContinuousActions}' of shape [batch, actions]; only files written by 'rlarena export' can be run here.");
            return new OnnxPolicy(session, path, [input.Dimensions[1]], 0, continuous.Dimensions[1], "", hasValue, metadata);
        }
        if (!inputs.TryGetValue(UnityPolicyGraph.ObservationInput, out var observation) || !inputs.ContainsKey(UnityPolicyGraph.ActionMasksInput))
            throw new UserFacingException(
                $"{path}: is an ONNX model but not a policy: it has no '{UnityPolicyGraph.ObservationInput}' and '{UnityPolicyGraph.ActionMasksInput}' inputs (it has {string.Join(", ", inputs.Keys)}); pass a file written by 'rlarena export'.");
        var score = outputs.ContainsKey(UnityPolicyGraph.ActionProbabilities) ? UnityPolicyGraph.ActionProbabilities
            : outputs.ContainsKey(UnityPolicyGraph.QValues) ? UnityPolicyGraph.QValues
            : throw new UserFacingException(
                $"{path}: has no '{UnityPolicyGraph.ActionProbabilities}' or '{UnityPolicyGraph.QValues}' output (it has {string.Join(", ", outputs.Keys)}); only files written by 'rlarena export' can be run here.");
        if (!outputs.ContainsKey(UnityPolicyGraph.DeterministicDiscreteActions))
            throw new UserFacingException($"{path}: has no '{UnityPolicyGraph.DeterministicDiscreteActions}' output; only files written by 'rlarena export' can be run here.");
        var shape = observation.Dimensions.Skip(1).ToArray();
        if (shape.Length == 0 || shape.Any(d => d <= 0))
            throw new UserFacingException($"{path}: input '{UnityPolicyGraph.ObservationInput}' has shape [{string.Join(", ", observation.Dimensions)}]; expected [batch, size] or [batch, C, H, W] with fixed sizes.");
        var actions = session.InputMetadata[UnityPolicyGraph.ActionMasksInput].Dimensions[^1];
        return new OnnxPolicy(session, path, shape, actions, 0, score, hasValue, metadata);
    }

    /// <summary>
    /// Runs the graph on <paramref name="batch"/> observations (flat, one after the other) with their action masks
    /// (true = allowed; null = every action allowed).
    /// </summary>
    /// <param name="observations">batch × <see cref="ObservationSize"/> values.</param>
    /// <param name="batch">The number of observations.</param>
    /// <param name="mask">batch × <see cref="ActionCount"/> flags, or null.</param>
    /// <returns>The deterministic actions, the scores and the values.</returns>
    public PolicyOutputs Evaluate(ReadOnlySpan<float> observations, int batch, ReadOnlySpan<bool> mask)
    {
        if (IsContinuous) throw new InvalidOperationException($"{Path} is a Box-action policy; call EvaluateContinuous.");
        CheckBatch(observations, batch);
        var maskValues = new float[batch * ActionCount];
        if (mask.IsEmpty) Array.Fill(maskValues, 1f);
        else
        {
            if (mask.Length < maskValues.Length) throw new ArgumentException($"the mask needs {maskValues.Length} flags, got {mask.Length}.", nameof(mask));
            for (var i = 0; i < maskValues.Length; i++) maskValues[i] = mask[i] ? 1f : 0f;
        }
        var observationDims = new[] { batch }.Concat(ObservationShape).ToArray();
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor(UnityPolicyGraph.ObservationInput,
                new DenseTensor<float>(observations[..(batch * _observationSize)].ToArray(), observationDims)),
            NamedOnnxValue.CreateFromTensor(UnityPolicyGraph.ActionMasksInput, new DenseTensor<float>(maskValues, [batch, ActionCount])),
        };
        using var results = _session.Run(inputs, _outputs);
        var byName = results.ToDictionary(r => r.Name);
        var actions = byName[UnityPolicyGraph.DeterministicDiscreteActions].AsEnumerable<long>().ToArray();
        var scores = byName[_scoreOutput].AsEnumerable<float>().ToArray();
        var values = HasValue ? byName[UnityPolicyGraph.ValueEstimate].AsEnumerable<float>().ToArray() : null;
        return new PolicyOutputs(actions, scores, values);
    }

    /// <summary>Runs a Box-action policy on <paramref name="batch"/> observations (flat, one after the other).</summary>
    /// <param name="observations">batch × <see cref="ObservationSize"/> raw values (normalisation, if any, is in the graph).</param>
    /// <param name="batch">The number of observations.</param>
    /// <returns>The deterministic and sampled actions and the values.</returns>
    public ContinuousPolicyOutputs EvaluateContinuous(ReadOnlySpan<float> observations, int batch)
    {
        if (!IsContinuous) throw new InvalidOperationException($"{Path} is a discrete-action policy; call Evaluate.");
        CheckBatch(observations, batch);
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor(UnityPolicyGraph.ObservationInput,
                new DenseTensor<float>(observations[..(batch * _observationSize)].ToArray(), [batch, _observationSize])),
        };
        using var results = _session.Run(inputs, _outputs);
        var byName = results.ToDictionary(r => r.Name);
        return new ContinuousPolicyOutputs(
            byName[UnityPolicyGraph.DeterministicContinuousActions].AsEnumerable<float>().ToArray(),
            byName[UnityPolicyGraph.ContinuousActions].AsEnumerable<float>().ToArray(),
            HasValue ? byName[UnityPolicyGraph.ValueEstimate].AsEnumerable<float>().ToArray() : null);
    }

    private void CheckBatch(ReadOnlySpan<float> observations, int batch)
    {
        if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch), "at least one observation");
        if (observations.Length < (long)batch * _observationSize)
            throw new ArgumentException($"{batch} observations need {(long)batch * _observationSize} values, got {observations.Length}.", nameof(observations));
    }

    /// <summary>Checks that an environment's observation size and action count are this policy's; a mismatch is a one-line error.</summary>
    /// <param name="environmentId">The environment's spec, for the message.</param>
    /// <param name="observationSize">Its flat observation size.</param>
    /// <param name="actionCount">Its number of discrete actions (0 for Box actions).</param>
    /// <param name="actionSize">Its action vector length (0 for discrete actions).</param>
    public void CheckFits(string environmentId, int observationSize, int actionCount, int actionSize = 0)
    {
        if (IsContinuous && (observationSize != _observationSize || actionSize != ActionSize))
            throw new UserFacingException(
                $"{Path} expects {_observationSize} observation values and {ActionSize}-dimensional Box actions, " +
                $"but {environmentId} has {observationSize} values and {(actionSize > 0 ? $"{actionSize}-dimensional Box actions" : $"{actionCount} discrete actions")}; pass the environment it was trained on" +
                (EnvironmentId is { } trained ? $" ({trained})." : "."));
        if (!IsContinuous && (observationSize != _observationSize || actionCount != ActionCount))
            throw new UserFacingException(
                $"{Path} expects observations of shape [{string.Join(", ", ObservationShape)}] ({_observationSize} values) and {ActionCount} actions, " +
                $"but {environmentId} has {observationSize} values and {actionCount} actions; pass the environment it was trained on" +
                (EnvironmentId is { } env ? $" ({env})." : "."));
    }

    /// <summary>Closes the ONNX Runtime session.</summary>
    public void Dispose() => _session.Dispose();
}
