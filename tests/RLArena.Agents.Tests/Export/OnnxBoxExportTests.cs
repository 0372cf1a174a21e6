using RLArena.Agents.Deployment;
using RLArena.Agents.Evaluation;
using RLArena.Agents.Export;
using RLArena.Agents.Networks;
using RLArena.Agents.Ppo;
using RLArena.Agents.Sac;
using RLArena.Agents.Training;
using RLArena.Core.Reproducibility;
using RLArena.Environments;
using RLArena.Environments.Vector;
using RLArena.Environments.Wrappers;
using RLArena.Onnx;
using TorchSharp;

namespace RLArena.Agents.Tests.Export;

/// <summary>
/// Box-action policies exported to ONNX act, through ONNX Runtime, as the TorchSharp policy they came from: for
/// 10,000 raw observations (random within the space and from real episodes) the deterministic actions agree within
/// 1e-5 for Gaussian PPO, gSDE PPO, SAC and gSDE SAC on pendulum, with and without normalize_observation (the statistics are
/// baked into the graph, so the file takes raw observations); a 100-episode deterministic evaluation gives the
/// checkpoint's returns; the file has ML-Agents' continuous inputs and outputs.
/// </summary>
[NonParallelizable]
public class OnnxBoxExportTests
{
    private const int Observations = 10_000;
    private const float Tolerance = 1e-5f;
    private static string _root = "";
    private static readonly Dictionary<string, string> Checkpoints = new();

    private static readonly (string Name, Func<AgentConfig> Config)[] Runs =
    [
        ("ppo-pendulum", () => new PpoConfig { Env = "pendulum", TotalTimesteps = 2_048, Seed = 1 }),
        ("ppo-pendulum-gsde", () => new PpoConfig { Env = "pendulum", TotalTimesteps = 2_048, Seed = 2, UseSde = true, SdeSampleFreq = 4 }),
        ("sac-pendulum", () => new SacConfig { Env = "pendulum", TotalTimesteps = 1_200, LearningStarts = 400, Hidden = [64, 64], BatchSize = 64, Seed = 3 }),
        ("ppo-pendulum-normalized", () => new PpoConfig { Env = "pendulum", TotalTimesteps = 2_048, Seed = 4, NormalizeObservation = true }),
        ("sac-pendulum-gsde", () => new SacConfig
        {
            Env = "pendulum", TotalTimesteps = 1_200, LearningStarts = 400, Hidden = [64, 64], BatchSize = 64, Seed = 6, UseSde = true, LogStdInit = -2,
        }),
        ("sac-pendulum-normalized", () => new SacConfig
        {
            Env = "pendulum", TotalTimesteps = 1_200, LearningStarts = 400, Hidden = [64, 64], BatchSize = 64, Seed = 5, NormalizeObservation = true,
        }),
    ];

    private static IEnumerable<string> RunNames => Runs.Select(r => r.Name);

    [OneTimeSetUp]
    public void TrainSmallAgents()
    {
        (_root, var checkpoints) = SmallTrainedRuns.Train("rlarena-onnx-box-", Runs);
        foreach (var (name, path) in checkpoints) Checkpoints[name] = path;
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_root, recursive: true);

    [TestCaseSource(nameof(RunNames))]
    public void OnnxRuntimeGivesTheTorchSharpPolicysDeterministicActionsOnRawObservations(string name)
    {
        using var trained = TrainedPolicy.Load(Checkpoints[name], torch.CPU);
        var file = Path.Combine(_root, name + ".onnx");
        PolicyOnnxExporter.Export(trained, file);
        using var onnx = OnnxPolicy.Load(file);
        var policyEnv = trained.MakeEnvironment();
        var normalizer = policyEnv as NormalizeObservation;
        Assert.That(normalizer is not null, Is.EqualTo(trained.Config.NormalizeObservation), "normalised runs act on normalised observations");
        Assert.That(onnx.Metadata[PolicyMetadataKeys.Normalized], Is.EqualTo(normalizer is null ? "false" : "true"));
        var raw = EnvironmentSession.MakeEnvironment(trained.EnvironmentId);
        var size = raw.ObservationSpace.Size;
        var box = raw.ContinuousActionSpace!;
        Assert.That(onnx.IsContinuous && onnx.ActionSize == box.Size && onnx.ActionCount == 0);
        var observations = Sample(raw);

        var exported = onnx.EvaluateContinuous(observations, Observations);

        // The checkpoint's policy as rlarena eval runs it: the environment's normalisation (if any), then one observation at a time.
        var seen = new float[Observations * size];
        var reference = new float[Observations * box.Size];
        for (var i = 0; i < Observations; i++)
        {
            var row = seen.AsSpan(i * size, size);
            observations.AsSpan(i * size, size).CopyTo(row);
            normalizer?.Statistics.Normalize(row, row, normalizer.Epsilon);
            trained.ActContinuous(row, deterministic: true, reference.AsSpan(i * box.Size, box.Size));
        }
        Assert.That(MaxDifference(exported.DeterministicActions, reference), Is.LessThanOrEqualTo(Tolerance), "deterministic actions");
        if (normalizer is not null) Assert.That(MaxDifference(seen, observations), Is.GreaterThan(0.1f), "the normalisation changes the observations");

        // Sampled actions lie within the bounds and differ from the mode.
        var differ = 0;
        for (var i = 0; i < exported.SampledActions.Length; i++)
        {
            var j = i % box.Size;
            Assert.That(exported.SampledActions[i], Is.InRange(box.Low[j], box.High[j]), "a sampled action is within the bounds");
            Assert.That(exported.DeterministicActions[i], Is.InRange(box.Low[j], box.High[j]), "a deterministic action is within the bounds");
            if (exported.SampledActions[i] != exported.DeterministicActions[i]) differ++;
        }
        Assert.That(differ, Is.GreaterThan(exported.SampledActions.Length / 2), "continuous_actions are sampled, not the mode");

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = torch.tensor(seen, [Observations, size]);
        if (trained.Network is GaussianActorCritic gaussian)
            Assert.That(MaxDifference(exported.Values!, gaussian.Values(input).data<float>().ToArray()), Is.LessThanOrEqualTo(Tolerance), "values");
        else
            Assert.That(exported.Values, Is.Null, "SAC has no state-value critic");
    }

    [TestCase("ppo-pendulum")]
    [TestCase("ppo-pendulum-gsde")]
    [TestCase("sac-pendulum")]
    [TestCase("sac-pendulum-gsde")]
    [TestCase("ppo-pendulum-normalized")]
    public void AHundredEpisodeDeterministicEvaluationThroughOnnxGivesTheCheckpointsReturns(string name)
    {
        using var trained = TrainedPolicy.Load(Checkpoints[name], torch.CPU);
        var file = Path.Combine(_root, name + "-eval.onnx");
        PolicyOnnxExporter.Export(trained, file);
        using var onnx = OnnxActingPolicy.Load(file);
        Assert.That(onnx.IsContinuous, Is.True);

        var fromCheckpoint = Evaluator.Run(trained, 100, deterministic: true, seed: 7);
        var fromOnnx = Evaluator.Run(onnx, new VectorEnv([onnx.MakeEnvironment("pendulum")]), 100, deterministic: true, seed: 7);

        Assert.That(fromCheckpoint.Returns, Has.Count.EqualTo(100));
        Assert.That(fromOnnx.Lengths, Is.EqualTo(fromCheckpoint.Lengths));
        var largest = fromOnnx.Returns.Zip(fromCheckpoint.Returns, (a, b) => Math.Abs(a - b)).Max();
        TestContext.Out.WriteLine($"largest return difference {largest:E2}; mean return {fromCheckpoint.MeanReturn:F3}");
        Assert.That(largest, Is.LessThanOrEqualTo(1e-3), "per-episode returns (float rounding of the actions only)");
        Assert.That(fromOnnx.Returns.Distinct().Count(), Is.GreaterThan(50), "the episodes differ, so the comparison means something");
    }

    [Test]
    public void TheFileHasUnityMlAgentsContinuousNamesShapesAndConstants()
    {
        foreach (var (name, value) in new[] { ("ppo-pendulum-gsde", true), ("sac-pendulum", false) })
        {
            using var trained = TrainedPolicy.Load(Checkpoints[name], torch.CPU);
            var model = PolicyOnnxExporter.Build(trained);
            var summary = OnnxModelSummary.Of(model, trained.CheckpointPath);
            Assert.That(summary.Inputs.Select(i => i.ToString()), Is.EqualTo(new[] { "obs_0  float [batch, 3]" }), "no action_masks without discrete actions");
            var outputs = new List<string>
            {
                "version_number  float [1]", "memory_size  float [1]", "continuous_actions  float [batch, 1]",
                "continuous_action_output_shape  float [1]", "deterministic_continuous_actions  float [batch, 1]",
            };
            if (value) outputs.Add("value_estimate  float [batch, 1]");
            Assert.That(summary.Outputs.Select(o => o.ToString()), Is.EqualTo(outputs));
            Assert.That(OnnxModelCheck.Problems(model), Is.Empty);

            var file = Path.Combine(_root, name + "-unity.onnx");
            OnnxModelSummary.Write(model, file);
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(file);
            using var results = session.Run(
            [
                Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor("obs_0",
                    new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(new[] { 1f, 0f, 0.5f, 0f, 1f, -2f }, [2, 3])),
            ]);
            var byName = results.ToDictionary(r => r.Name);
            Assert.That(byName["version_number"].AsEnumerable<float>().ToArray(), Is.EqualTo(new[] { 3f }));
            Assert.That(byName["memory_size"].AsEnumerable<float>().ToArray(), Is.EqualTo(new[] { 0f }));
            Assert.That(byName["continuous_action_output_shape"].AsEnumerable<float>().ToArray(), Is.EqualTo(new[] { 1f }));
            Assert.That(byName["deterministic_continuous_actions"].AsEnumerable<float>().ToArray(), Has.Length.EqualTo(2));
        }
    }

    [Test]
    public void AnOnnxPolicyForBoxActionsRefusesAnEnvironmentOfOtherShapesInOneLine()
    {
        using var trained = TrainedPolicy.Load(Checkpoints["sac-pendulum"], torch.CPU);
        var file = Path.Combine(_root, "sac-shapes.onnx");
        PolicyOnnxExporter.Export(trained, file);
        using var onnx = OnnxActingPolicy.Load(file);
        var error = Assert.Throws<Core.Errors.UserFacingException>(() => onnx.MakeEnvironment("mountaincar-continuous"))!;
        Assert.That(error.Message, Does.Contain("expects 3 observation values and 1-dimensional Box actions").And.Contain("mountaincar-continuous").And.Not.Contain("\n"));
    }

    [Test]
    public void TheFilePassesOnnxsOwnChecker()
    {
        const string python = "/usr/bin/python3";
        if (Run(python, "-c \"import onnx\"") != 0)
            Assert.Ignore("python3-onnx is not installed (apt-get install python3-onnx), so ONNX's own checker cannot run.");
        foreach (var name in new[] { "ppo-pendulum-gsde", "sac-pendulum-normalized", "sac-pendulum-gsde" })
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

    /// <summary>Half random observations within the space (a wide range where it is unbounded), half from real episodes with random actions.</summary>
    private static float[] Sample(IEnvironment env)
    {
        var size = env.ObservationSpace.Size;
        var box = env.ContinuousActionSpace!;
        var observations = new float[Observations * size];
        var random = new Rng(2026);
        var (low, high) = (env.ObservationSpace.Low, env.ObservationSpace.High);
        const int randomRows = Observations / 2;
        for (var i = 0; i < randomRows * size; i++)
        {
            var (lo, hi) = (low[i % size], high[i % size]);
            if (!(Math.Abs(lo) < 1e6 && Math.Abs(hi) < 1e6)) (lo, hi) = (-3f, 3f);
            observations[i] = lo + (float)random.NextDouble() * (hi - lo);
        }
        var action = new float[box.Size];
        var seed = 100;
        env.Reset(seed++, observations.AsSpan(randomRows * size, size));
        for (var i = randomRows; i + 1 < Observations; i++)
        {
            for (var j = 0; j < box.Size; j++) action[j] = box.Low[j] + (float)random.NextDouble() * (box.High[j] - box.Low[j]);
            var next = observations.AsSpan((i + 1) * size, size);
            if (env.Step(action, next).Done) env.Reset(seed++, next);
        }
        return observations;
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
