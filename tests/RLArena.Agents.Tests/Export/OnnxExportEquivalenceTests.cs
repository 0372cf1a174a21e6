using RLArena.Agents.Deployment;
using RLArena.Agents.Dqn;
using RLArena.Agents.Evaluation;
using RLArena.Agents.Export;
using RLArena.Agents.Networks;
using RLArena.Agents.Policies;
using RLArena.Agents.Ppo;
using RLArena.Agents.Training;
using RLArena.Core.Reproducibility;
using RLArena.Environments;
using RLArena.Environments.Vector;
using RLArena.Onnx;
using TorchSharp;

namespace RLArena.Agents.Tests.Export;

/// <summary>
/// Exported policies give, through ONNX Runtime, the outputs of the TorchSharp policy they came from: for 10,000
/// observations (random within the space and from real episodes, with and without masks) the probabilities or
/// Q-values and values agree within 1e-5 and the chosen actions are identical; a 100-episode evaluation gives the
/// same returns. PPO and DQN, MLP and convolutional encoders, masked and unmasked environments.
/// </summary>
[NonParallelizable]
public class OnnxExportEquivalenceTests
{
    private const int Observations = 10_000;
    private const float Tolerance = 1e-5f;
    private static string _root = "";
    private static readonly Dictionary<string, string> Checkpoints = new();

    private static readonly (string Name, Func<AgentConfig> Config)[] Runs =
    [
        ("ppo-cartpole-mlp", () => new PpoConfig { Env = "cartpole", TotalTimesteps = 4_096, Seed = 1 }),
        ("dqn-cartpole-mlp", () => new DqnConfig { Env = "cartpole", TotalTimesteps = 3_000, LearningStarts = 500, Seed = 1 }),
        ("ppo-gridworld-mlp-masked", () => new PpoConfig { Env = "gridworld", TotalTimesteps = 2_048, Seed = 2 }),
        ("ppo-gridworld-conv-masked", () => new PpoConfig { Env = "gridworld:obs=visual", TotalTimesteps = 1_024, Seed = 3 }),
        ("dqn-gridworld-conv-masked", () => new DqnConfig { Env = "gridworld:obs=visual", TotalTimesteps = 1_500, LearningStarts = 300, Seed = 4 }),
    ];

    private static IEnumerable<string> RunNames => Runs.Select(r => r.Name);

    [OneTimeSetUp]
    public void TrainSmallAgents()
    {
        (_root, var checkpoints) = SmallTrainedRuns.Train("rlarena-onnx-", Runs);
        foreach (var (name, path) in checkpoints) Checkpoints[name] = path;
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_root, recursive: true);

    [TestCaseSource(nameof(RunNames))]
    public void OnnxRuntimeGivesTheTorchSharpPolicysOutputsAndActions(string name)
    {
        using var trained = TrainedPolicy.Load(Checkpoints[name], torch.CPU);
        var file = Path.Combine(_root, name + ".onnx");
        PolicyOnnxExporter.Export(trained, file);
        using var onnx = OnnxPolicy.Load(file);
        var env = trained.MakeEnvironment();
        var (size, actions) = (env.ObservationSpace.Size, env.ActionSpace.N);
        var (observations, masks) = Sample(trained, env);

        var exported = onnx.Evaluate(observations, Observations, masks);

        // The checkpoint's policy, as rlarena eval runs it, one observation at a time.
        var scores = new float[actions];
        var reference = new float[Observations * actions];
        var sameAction = 0;
        for (var i = 0; i < Observations; i++)
        {
            var action = trained.Act(observations.AsSpan(i * size, size), masks.AsSpan(i * actions, actions), deterministic: true, scores);
            scores.CopyTo(reference, i * actions);
            if (action == exported.DeterministicActions[i]) sameAction++;
        }
        Assert.That(sameAction, Is.EqualTo(Observations), "the same deterministic action for every observation");
        Assert.That(MaxDifference(exported.Scores, reference), Is.LessThanOrEqualTo(Tolerance), $"{trained.ScoreLabel}s");

        // The torch module's own forward pass (batched), including the critic's values.
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = torch.tensor(observations, [Observations, size]);
        if (trained.Network is ActorCritic actorCritic)
        {
            var (logits, values) = actorCritic.Forward(input);
            var logitRows = logits.data<float>().ToArray();
            var probabilities = new float[Observations * actions];
            for (var i = 0; i < Observations; i++)
                ActionSampler.SampleCategorical(logitRows.AsSpan(i * actions, actions), masks.AsSpan(i * actions, actions), null, true,
                    probabilities.AsSpan(i * actions, actions), out _);
            Assert.That(MaxDifference(exported.Scores, probabilities), Is.LessThanOrEqualTo(Tolerance), "probabilities from torch's forward");
            Assert.That(MaxDifference(exported.Values!, values.data<float>().ToArray()), Is.LessThanOrEqualTo(Tolerance), "values");
            for (var i = 0; i < Observations * actions; i++)
                if (!masks[i]) Assert.That(exported.Scores[i], Is.EqualTo(0f), "a masked action has probability exactly 0");
        }
        else
        {
            var q = ((QNetwork)trained.Network).forward(input).data<float>().ToArray();
            Assert.That(MaxDifference(exported.Scores, q), Is.LessThanOrEqualTo(Tolerance), "Q-values from torch's forward");
            Assert.That(exported.Values, Is.Null, "a Q-network has no critic");
        }
    }

    [TestCase("ppo-cartpole-mlp")]
    [TestCase("dqn-gridworld-conv-masked")]
    [TestCase("ppo-gridworld-mlp-masked")]
    public void AHundredEpisodeEvaluationThroughOnnxGivesTheCheckpointsReturns(string name)
    {
        using var trained = TrainedPolicy.Load(Checkpoints[name], torch.CPU);
        var file = Path.Combine(_root, name + "-eval.onnx");
        PolicyOnnxExporter.Export(trained, file);
        using var onnx = OnnxActingPolicy.Load(file);

        var fromCheckpoint = Evaluator.Run(trained, 100, deterministic: true, seed: 7);
        onnx.Reseed(7);
        var fromOnnx = Evaluator.Run(onnx, new VectorEnv([onnx.MakeEnvironment(null)]), 100, deterministic: true, seed: 7);

        Assert.That(fromOnnx.Returns, Is.EqualTo(fromCheckpoint.Returns));
        Assert.That(fromOnnx.Lengths, Is.EqualTo(fromCheckpoint.Lengths));
        Assert.That(fromCheckpoint.Returns, Has.Count.EqualTo(100));
    }

    [Test]
    public void TheFileHasUnityMlAgentsNamesShapesAndConstants()
    {
        using var trained = TrainedPolicy.Load(Checkpoints["ppo-gridworld-conv-masked"], torch.CPU);
        var model = PolicyOnnxExporter.Build(trained);
        var env = trained.MakeEnvironment();
        var shape = env.ObservationSpace.Shape;
        var inputs = OnnxModelSummary.Of(model, trained.CheckpointPath).Inputs.Select(i => i.ToString());
        Assert.That(inputs, Is.EqualTo(new[]
        {
            $"obs_0  float [batch, {shape[0]}, {shape[1]}, {shape[2]}]",
            $"action_masks  float [batch, {env.ActionSpace.N}]",
        }));
        var outputs = model.Graph.Output.Select(o => o.Name);
        Assert.That(outputs, Is.EqualTo(new[]
        {
            "version_number", "memory_size", "discrete_actions", "discrete_action_output_shape", "deterministic_discrete_actions",
            "action_probabilities", "value_estimate",
        }));
        Assert.That(model.OpsetImport.Single().Version, Is.EqualTo(15));
        Assert.That(model.IrVersion, Is.EqualTo(8));
        Assert.That(OnnxModelCheck.Problems(model), Is.Empty);

        // The constants Unity reads (SentisModelInfo): version 3 (MLAgents2_0), memory 0, one branch of N actions.
        var file = Path.Combine(_root, "unity.onnx");
        OnnxModelSummary.Write(model, file);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(file);
        var size = env.ObservationSpace.Size;
        var n = env.ActionSpace.N;
        const int rows = 2_000;
        var random = new Rng(5);
        var observations = Enumerable.Range(0, rows * size).Select(_ => (float)random.NextDouble()).ToArray();
        var masks = new float[rows * n];
        for (var r = 0; r < rows; r++)
        {
            for (var a = 0; a < n; a++) masks[r * n + a] = random.NextDouble() < 0.5 ? 1 : 0;
            masks[r * n + random.NextInt(n)] = 1;
        }
        using var results = session.Run(
        [
            Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor("obs_0",
                new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(observations, [rows, shape[0], shape[1], shape[2]])),
            Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor("action_masks",
                new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(masks, [rows, n])),
        ]);
        var byName = results.ToDictionary(r => r.Name);
        Assert.That(byName["version_number"].AsEnumerable<float>().ToArray(), Is.EqualTo(new[] { 3f }));
        Assert.That(byName["memory_size"].AsEnumerable<float>().ToArray(), Is.EqualTo(new[] { 0f }));
        Assert.That(byName["discrete_action_output_shape"].AsEnumerable<float>().ToArray(), Is.EqualTo(new[] { (float)n }));
        var sampled = byName["discrete_actions"].AsEnumerable<long>().ToArray();
        var greedy = byName["deterministic_discrete_actions"].AsEnumerable<long>().ToArray();
        Assert.That(sampled, Has.Length.EqualTo(rows));
        for (var r = 0; r < rows; r++)
        {
            Assert.That(masks[r * n + sampled[r]], Is.EqualTo(1f), $"row {r}: the sampled action is allowed");
            Assert.That(masks[r * n + greedy[r]], Is.EqualTo(1f), $"row {r}: the deterministic action is allowed");
        }
    }

    [Test]
    public void ObservationNormalisationIsBakedIntoTheGraph()
    {
        using var trained = TrainedPolicy.Load(Checkpoints["ppo-cartpole-mlp"], torch.CPU);
        var mean = new[] { 0.1f, -0.2f, 0.05f, 0.3f };
        var std = new[] { 0.5f, 2f, 0.1f, 1.5f };
        var plain = Path.Combine(_root, "plain.onnx");
        var normalised = Path.Combine(_root, "normalised.onnx");
        PolicyOnnxExporter.Export(trained, plain);
        PolicyOnnxExporter.Export(trained, normalised, new ObservationNormalization(mean, std, 5f));
        using var withNorm = OnnxPolicy.Load(normalised);
        using var without = OnnxPolicy.Load(plain);
        Assert.That(withNorm.Metadata[PolicyMetadataKeys.Normalized], Is.EqualTo("true"));

        var random = new Rng(11);
        const int rows = 1_000;
        var raw = Enumerable.Range(0, rows * 4).Select(_ => (float)(random.NextDouble() * 8 - 4)).ToArray();
        var byHand = new float[raw.Length];
        for (var i = 0; i < raw.Length; i++) byHand[i] = Math.Clamp((raw[i] - mean[i % 4]) / std[i % 4], -5f, 5f);
        var a = withNorm.Evaluate(raw, rows, ReadOnlySpan<bool>.Empty);
        var b = without.Evaluate(byHand, rows, ReadOnlySpan<bool>.Empty);
        Assert.That(MaxDifference(a.Scores, b.Scores), Is.LessThanOrEqualTo(1e-6f));
        Assert.That(a.DeterministicActions, Is.EqualTo(b.DeterministicActions));
        Assert.That(byHand.Count(v => Math.Abs(v) == 5f), Is.GreaterThan(0), "some inputs were clipped");
    }

    [Test]
    public void TheFilePassesOnnxsOwnChecker()
    {
        const string python = "/usr/bin/python3";
        var probe = Run(python, "-c \"import onnx\"");
        if (probe != 0) Assert.Ignore("python3-onnx is not installed (apt-get install python3-onnx), so ONNX's own checker cannot run.");
        foreach (var name in new[] { "ppo-gridworld-conv-masked", "dqn-cartpole-mlp" })
        {
            using var trained = TrainedPolicy.Load(Checkpoints[name], torch.CPU);
            var file = Path.Combine(_root, name + "-checked.onnx");
            PolicyOnnxExporter.Export(trained, file);
            var code = Run(python, $"-c \"import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True)\" \"{file}\"");
            Assert.That(code, Is.EqualTo(0), $"onnx.checker.check_model(full_check=True) on {name}");
        }
    }

    private static int Run(string program, string arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(program, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) TestContext.Out.WriteLine(error);
        return process.ExitCode;
    }

    /// <summary>Half random observations within the space (half of those with random masks), half from real episodes with the environment's masks.</summary>
    private static (float[] Observations, bool[] Masks) Sample(TrainedPolicy policy, IEnvironment env)
    {
        var (size, actions) = (env.ObservationSpace.Size, env.ActionSpace.N);
        var observations = new float[Observations * size];
        var masks = new bool[Observations * actions];
        var random = new Rng(2026);
        var low = env.ObservationSpace.Low;
        var high = env.ObservationSpace.High;
        const int randomRows = Observations / 2;
        for (var i = 0; i < randomRows; i++)
        {
            for (var j = 0; j < size; j++)
            {
                var (lo, hi) = (low[j], high[j]);
                if (!(Math.Abs(lo) < 1e6 && Math.Abs(hi) < 1e6)) (lo, hi) = (-3f, 3f); // unbounded: a wide range around 0
                observations[i * size + j] = lo + (float)random.NextDouble() * (hi - lo);
            }
            var row = masks.AsSpan(i * actions, actions);
            if (i % 2 == 0) row.Fill(true);
            else
            {
                for (var a = 0; a < actions; a++) row[a] = random.NextDouble() < 0.5;
                row[random.NextInt(actions)] = true;
            }
        }
        policy.Reseed(99);
        var scores = new float[actions];
        var seed = 100;
        env.Reset(seed++, observations.AsSpan(randomRows * size, size));
        for (var i = randomRows; i < Observations; i++)
        {
            var observation = observations.AsSpan(i * size, size);
            var mask = masks.AsSpan(i * actions, actions);
            env.WriteActionMask(mask);
            if (i + 1 == Observations) break;
            var action = policy.Act(observation, mask, deterministic: false, scores);
            var next = observations.AsSpan((i + 1) * size, size);
            var outcome = env.Step(action, next);
            if (outcome.Done) env.Reset(seed++, next);
        }
        return (observations, masks);
    }

    private static float MaxDifference(float[] a, float[] b)
    {
        Assert.That(a, Has.Length.EqualTo(b.Length));
        var max = 0f;
        for (var i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
        TestContext.Out.WriteLine($"largest difference {max:E2} over {a.Length} values");
        return max;
    }
}
