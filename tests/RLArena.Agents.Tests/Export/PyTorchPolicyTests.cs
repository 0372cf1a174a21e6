using System.Runtime.InteropServices;
using RLArena.Agents.Dqn;
using RLArena.Agents.Export;
using RLArena.Agents.Networks;
using RLArena.Agents.Ppo;
using RLArena.Agents.Training;
using RLArena.Core.Errors;
using RLArena.Core.Reproducibility;
using RLArena.Engine.Checkpoints;
using RLArena.Engine.Interop;
using RLArena.Tests.Shared;
using TorchSharp;

namespace RLArena.Agents.Tests.Export;

/// <summary>
/// Policies leave as the PyTorch modules of docs/pytorch/rlarena_modules.py and come back, checked by Debian's
/// PyTorch (python3-torch; skipped with its name when absent) on 1,000 observations: half from real episodes, half
/// random.
/// </summary>
public class PyTorchPolicyTests
{
    private const int Observations = 1000;
    private string _dir = "";

    [SetUp]
    public void MakeFolder() => _dir = Directory.CreateTempSubdirectory("rlarena-pt-policy-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private static string ModulesFolder => Path.Combine(TestContext.CurrentContext.TestDirectory, "pytorch");

    /// <summary>A short seeded run of <paramref name="algorithm"/>: enough to have trained weights and a checkpoint.</summary>
    private string Train(string algorithm, string env)
    {
        AgentConfig config = algorithm == "ppo"
            ? new PpoConfig { Env = env, TotalTimesteps = 512, Seed = 3 }
            : new DqnConfig { Env = env, TotalTimesteps = 600, LearningStarts = 100, Seed = 3 };
        using var run = TrainingRun.Start(config, Path.Combine(_dir, "runs"), torch.CPU);
        return run.Run().CheckpointPath;
    }

    /// <summary>Observations from episodes with random actions, then uniformly random ones in [-2, 2] (vectors) or [0, 1] (images).</summary>
    private static float[] MakeObservations(string checkpoint)
    {
        using var policy = TrainedPolicy.Load(checkpoint);
        var env = policy.MakeEnvironment();
        var size = env.ObservationSpace.Size;
        var isImage = env.ObservationSpace.Shape.Length == 3;
        var result = new float[Observations * size];
        var rng = new Rng(11);
        var observation = new float[size];
        env.Reset(seed: 5, observation);
        for (var i = 0; i < Observations / 2; i++)
        {
            observation.CopyTo(result, i * size);
            var outcome = env.Step(rng.NextInt(env.ActionSpace.N), observation);
            if (outcome.Terminated || outcome.Truncated) env.Reset(seed: 5 + i, observation);
        }
        for (var i = Observations / 2 * size; i < result.Length; i++)
            result[i] = isImage ? (float)rng.NextDouble() : (float)(4 * rng.NextDouble() - 2);
        return result;
    }

    /// <summary>Our network's outputs: PPO logits then values, or DQN Q-values; rows of <paramref name="columns"/>.</summary>
    private static float[] OurOutputs(string checkpointPath, float[] observations, out int columns)
    {
        var checkpoint = Checkpoint.Read(checkpointPath);
        var (_, config) = TrainingRun.ConfigFromCheckpoint(checkpoint);
        var env = EnvironmentSession.MakeEnvironment(checkpoint.Metadata.Environment);
        var shape = env.ObservationSpace.Shape;
        var actions = env.ActionSpace.N;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = torch.tensor(observations, [Observations, env.ObservationSpace.Size]);
        torch.Tensor output;
        if (config is PpoConfig ppo)
        {
            using var network = new ActorCritic(shape, actions, ppo.Hidden, ppo.Activation);
            checkpoint.LoadModel(network, network.Architecture);
            var (logits, values) = network.Forward(input);
            output = torch.cat([logits, values.unsqueeze(1)], 1);
        }
        else
        {
            var dqn = (DqnConfig)config;
            using var network = new QNetwork(shape, actions, dqn.Hidden);
            checkpoint.LoadModel(network, network.Architecture);
            output = network.forward(input);
        }
        columns = (int)output.shape[1];
        return output.contiguous().data<float>().ToArray();
    }

    private static float[] ReadFloats(string path) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();

    private const string PythonHeader = """
        import json, struct, sys
        import numpy as np, torch
        sys.path.insert(0, sys.argv[1])
        from rlarena_modules import Agent, QNetwork

        def read_safetensors(path):
            raw = open(path, "rb").read()
            n = struct.unpack("<Q", raw[:8])[0]
            header = json.loads(raw[8:8 + n])
            data = raw[8 + n:]
            return {name: torch.from_numpy(np.frombuffer(data[e["data_offsets"][0]:e["data_offsets"][1]], dtype=np.float32).reshape(e["shape"]).copy())
                    for name, e in header.items() if name != "__metadata__"}

        def outputs(model, x):
            with torch.no_grad():
                if isinstance(model, Agent):
                    logits, values = model(x)
                    return torch.cat([logits, values.unsqueeze(1)], 1), model.get_action(x), torch.softmax(logits, 1)
                q = model(x)
                return q, model.get_action(x), q
        """;

    [TestCase("ppo", "cartpole", "pt")]
    [TestCase("dqn", "cartpole", "safetensors")]
    [TestCase("ppo", "gridworld:obs=visual", "safetensors")]
    [TestCase("dqn", "gridworld:obs=visual", "pt")]
    public void ExportLoadsIntoTheDocumentedModuleAndPyTorchsWeightsComeBack(string algorithm, string env, string formatName)
    {
        PythonTorch.Require();
        var format = StateDictFormats.Parse(formatName);
        var checkpoint = Train(algorithm, env);
        var observations = MakeObservations(checkpoint);
        var observationFile = Path.Combine(_dir, "observations.f32");
        File.WriteAllBytes(observationFile, MemoryMarshal.AsBytes(observations.AsSpan()).ToArray());
        var exported = Path.Combine(_dir, "policy" + StateDictFormats.Extension(format));
        var file = PolicyWeights.Export(checkpoint, exported, format);
        var ours = OurOutputs(checkpoint, observations, out var columns);

        // Export: PyTorch builds the module with the constructor call we print, loads the file, computes the outputs.
        // Import: a freshly initialised module of the same shape (weights unlike ours), saved by torch.save.
        var pytorchSave = Path.Combine(_dir, "from_pytorch.pt");
        PythonTorch.Run(_dir, PythonHeader + """

            model = eval(sys.argv[2])
            path = sys.argv[3]
            model.load_state_dict(torch.load(path) if path.endswith(".pt") else read_safetensors(path))
            x = torch.from_numpy(np.fromfile(sys.argv[4], dtype=np.float32)).reshape(1000, -1)
            out, actions, _ = outputs(model, x)
            out.numpy().astype(np.float32).tofile("pytorch_outputs.f32")
            actions.numpy().astype(np.int64).tofile("pytorch_actions.i64")

            torch.manual_seed(5)
            fresh = eval(sys.argv[2])
            torch.save(fresh.state_dict(), sys.argv[5])
            _, actions, scores = outputs(fresh, x)
            actions.numpy().astype(np.int64).tofile("fresh_actions.i64")
            scores.numpy().astype(np.float32).tofile("fresh_scores.f32")
            """, ModulesFolder, file.PyTorchModule, exported, observationFile, pytorchSave);

        var theirs = ReadFloats(Path.Combine(_dir, "pytorch_outputs.f32"));
        Assert.That(theirs, Has.Length.EqualTo(ours.Length));
        var worst = ours.Zip(theirs, (a, b) => Math.Abs(a - b)).Max();
        Assert.That(worst, Is.LessThanOrEqualTo(1e-6), $"largest difference over {Observations} observations × {columns} outputs");
        var actions = MemoryMarshal.Cast<byte, long>(File.ReadAllBytes(Path.Combine(_dir, "pytorch_actions.i64"))).ToArray();
        var actionCount = algorithm == "ppo" ? columns - 1 : columns;
        for (var i = 0; i < Observations; i++)
        {
            var row = ours.AsSpan(i * columns, actionCount);
            Assert.That(actions[i], Is.EqualTo(row.IndexOf(row.ToArray().Max())), $"observation {i}: the same greedy action");
        }

        var imported = Path.Combine(_dir, "imported.ckpt");
        PolicyWeights.Import(checkpoint, pytorchSave, imported);
        using var policy = TrainedPolicy.Load(imported);
        var freshActions = MemoryMarshal.Cast<byte, long>(File.ReadAllBytes(Path.Combine(_dir, "fresh_actions.i64"))).ToArray();
        var freshScores = ReadFloats(Path.Combine(_dir, "fresh_scores.f32"));
        var size = observations.Length / Observations;
        var scores = new float[policy.ActionCount];
        var differentFromTemplate = 0;
        for (var i = 0; i < Observations; i++)
        {
            var action = policy.Act(observations.AsSpan(i * size, size), [], deterministic: true, scores);
            Assert.That(action, Is.EqualTo(freshActions[i]), $"observation {i}: the imported policy acts as PyTorch's");
            for (var a = 0; a < scores.Length; a++)
                Assert.That(scores[a], Is.EqualTo(freshScores[i * scores.Length + a]).Within(1e-5), $"observation {i}, action {a}: {policy.ScoreLabel}");
            if (action != actions[i]) differentFromTemplate++;
        }
        Assert.That(differentFromTemplate, Is.GreaterThan(0), "the imported weights replaced the template's");
        Assert.That(Checkpoint.Read(imported).Metadata.Extra["imported_from"], Is.EqualTo(Path.GetFullPath(pytorchSave)));
        TestContext.Out.WriteLine($"{algorithm} {env}: max |ours - PyTorch| = {worst:E2}; imported policy differs from the template on {differentFromTemplate} of {Observations}");
    }

    [Test]
    public void AStateDictOfAnotherNetworkIsRefusedNamingTheTensors()
    {
        var checkpoint = Train("ppo", "cartpole");
        using var tensors = new StateDict();
        tensors.Add("actor.0.weight", torch.zeros(32, 4));
        tensors.Add("actor.0.bias", torch.zeros(64));
        tensors.Add("pi.weight", torch.zeros(2, 64));
        var path = Path.Combine(_dir, "other.safetensors");
        StateDictFile.Write(path, tensors, StateDictFormat.Safetensors);
        var e = Assert.Throws<UserFacingException>(() => PolicyWeights.Import(checkpoint, path, Path.Combine(_dir, "out.ckpt")))!;
        Assert.That(e.Message, Does.StartWith($"'{path}' does not fit Agent((4,), 2, hidden=(64, 64), activation=\"tanh\"): missing actor.2.weight, actor.2.bias, " +
                                              "actor.4.weight, actor.4.bias, critic.0.weight, critic.0.bias, critic.2.weight, critic.2.bias, critic.4.weight, critic.4.bias; " +
                                              "unexpected pi.weight; actor.0.weight is [32, 4], expected [64, 4]."));
        Assert.That(File.Exists(Path.Combine(_dir, "out.ckpt")), Is.False, "nothing is written");

        var same = Assert.Throws<UsageException>(() => PolicyWeights.Import(checkpoint, path, checkpoint))!;
        Assert.That(same.Message, Does.Contain("is the template checkpoint itself"));
    }
}
