using System.Runtime.InteropServices;
using RLArena.Agents.Export;
using RLArena.Agents.Ppo;
using RLArena.Agents.Sac;
using RLArena.Agents.Training;
using RLArena.Core.Errors;
using RLArena.Core.Reproducibility;
using RLArena.Engine.Checkpoints;
using RLArena.Engine.Interop;
using RLArena.Tests.Shared;
using TorchSharp;

namespace RLArena.Agents.Tests.Export;

/// <summary>
/// Box-action policies (Gaussian PPO, gSDE PPO, SAC) leave as docs/pytorch/rlarena_modules.py's ContinuousAgent and
/// SacActor (CleanRL's names) and come back: Debian's PyTorch (python3-torch; skipped with its name when absent)
/// gives our deterministic actions on 1,000 pendulum observations, and a fresh PyTorch module saved by torch.save
/// and imported acts here as it does in PyTorch.
/// </summary>
public class PyTorchBoxPolicyTests
{
    private const int Observations = 1000;
    private string _dir = "";

    [SetUp]
    public void MakeFolder() => _dir = Directory.CreateTempSubdirectory("rlarena-pt-box-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private static string ModulesFolder => Path.Combine(TestContext.CurrentContext.TestDirectory, "pytorch");

    private string Train(string kind)
    {
        AgentConfig config = kind switch
        {
            "sac-normalized" => new SacConfig
            {
                Env = "pendulum", TotalTimesteps = 500, LearningStarts = 300, Hidden = [32, 32], BatchSize = 32, Seed = 3, NormalizeObservation = true,
            },
            "ppo" => new PpoConfig { Env = "pendulum", TotalTimesteps = 512, Seed = 3 },
            "ppo-gsde" => new PpoConfig { Env = "pendulum", TotalTimesteps = 512, Seed = 3, UseSde = true, SdeSampleFreq = 4 },
            "sac-gsde" => new SacConfig { Env = "pendulum", TotalTimesteps = 400, LearningStarts = 300, Hidden = [32, 32], BatchSize = 32, Seed = 3, UseSde = true },
            _ => new SacConfig { Env = "pendulum", TotalTimesteps = 500, LearningStarts = 300, Hidden = [32, 32], BatchSize = 32, Seed = 3 },
        };
        using var run = TrainingRun.Start(config, Path.Combine(_dir, "runs"), torch.CPU);
        return run.Run().CheckpointPath;
    }

    /// <summary>Half from episodes with random actions, half uniformly random in a box around the observation space.</summary>
    private static float[] MakeObservations(TrainedPolicy policy)
    {
        var env = policy.MakeEnvironment();
        var box = env.ContinuousActionSpace!;
        var result = new float[Observations * 3];
        var rng = new Rng(11);
        var observation = new float[3];
        var action = new float[box.Size];
        env.Reset(seed: 5, observation);
        for (var i = 0; i < Observations / 2; i++)
        {
            observation.CopyTo(result, i * 3);
            action[0] = box.Low[0] + (float)rng.NextDouble() * (box.High[0] - box.Low[0]);
            if (env.Step(action, observation).Done) env.Reset(seed: 5 + i, observation);
        }
        for (var i = Observations / 2 * 3; i < result.Length; i++) result[i] = (float)(16 * rng.NextDouble() - 8);
        return result;
    }

    private static float[] Deterministic(TrainedPolicy policy, float[] observations)
    {
        var actions = new float[Observations];
        for (var i = 0; i < Observations; i++) policy.ActContinuous(observations.AsSpan(i * 3, 3), deterministic: true, actions.AsSpan(i, 1));
        return actions;
    }

    private static float[] ReadFloats(string path) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();

    [TestCase("ppo", "pt")]
    [TestCase("ppo-gsde", "safetensors")]
    [TestCase("sac", "pt")]
    [TestCase("sac", "safetensors")]
    public void ExportLoadsIntoTheDocumentedModuleAndPyTorchsWeightsComeBack(string kind, string formatName)
    {
        PythonTorch.Require();
        var format = StateDictFormats.Parse(formatName);
        var checkpoint = Train(kind);
        using var trained = TrainedPolicy.Load(checkpoint);
        var observations = MakeObservations(trained);
        var observationFile = Path.Combine(_dir, "observations.f32");
        File.WriteAllBytes(observationFile, MemoryMarshal.AsBytes(observations.AsSpan()).ToArray());
        var exported = Path.Combine(_dir, "policy" + StateDictFormats.Extension(format));
        var file = PolicyWeights.Export(checkpoint, exported, format);
        var names = file.Tensors.Select(t => t.Name).ToList();
        if (kind == "sac")
        {
            Assert.That(file.PyTorchModule, Does.StartWith("SacActor((3,), 1, hidden=(32, 32), low=[-2.0], high=[2.0]"));
            Assert.That(names, Is.EquivalentTo(new[]
            {
                "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc_mean.weight", "fc_mean.bias", "fc_logstd.weight", "fc_logstd.bias",
                "action_scale", "action_bias",
            }));
        }
        else
        {
            Assert.That(file.PyTorchModule, Does.StartWith("ContinuousAgent((3,), 1, hidden=(64, 64)")
                .And.Contain(kind == "ppo-gsde" ? "sde=True, low=[-2.0], high=[2.0]" : "sde=False, low=[-2.0], high=[2.0]"));
            Assert.That(file.Tensors.Single(t => t.Name == "actor_logstd").Shape, Is.EqualTo(kind == "ppo-gsde" ? new long[] { 64, 1 } : new long[] { 1, 1 }));
            Assert.That(names, Does.Contain("actor_mean.4.weight").And.Contain("critic.4.bias").And.Contain("actor_logstd"));
        }

        var pytorchSave = Path.Combine(_dir, "from_pytorch.pt");
        PythonTorch.Run(_dir, """
            import json, struct, sys
            import numpy as np, torch
            sys.path.insert(0, sys.argv[1])
            from rlarena_modules import ContinuousAgent, SacActor

            def read_safetensors(path):
                raw = open(path, "rb").read()
                n = struct.unpack("<Q", raw[:8])[0]
                header = json.loads(raw[8:8 + n])
                data = raw[8 + n:]
                return {name: torch.from_numpy(np.frombuffer(data[e["data_offsets"][0]:e["data_offsets"][1]], dtype=np.float32).reshape(e["shape"]).copy())
                        for name, e in header.items() if name != "__metadata__"}

            model = eval(sys.argv[2])
            path = sys.argv[3]
            model.load_state_dict(torch.load(path) if path.endswith(".pt") else read_safetensors(path))
            x = torch.from_numpy(np.fromfile(sys.argv[4], dtype=np.float32)).reshape(1000, -1)
            with torch.no_grad():
                model.get_action(x).numpy().astype(np.float32).tofile("pytorch_actions.f32")
                # model.to(device) must move everything get_action uses (a CUDA user's first step): the meta
                # device stands in for CUDA here and fails the same way on a tensor left behind on the CPU.
                moved = eval(sys.argv[2]).to("meta")
                assert moved.get_action(x.to("meta")).shape == (1000, 1)
                torch.manual_seed(5)
                fresh = eval(sys.argv[2])
                torch.save(fresh.state_dict(), sys.argv[5])
                fresh.get_action(x).numpy().astype(np.float32).tofile("fresh_actions.f32")
            """, ModulesFolder, file.PyTorchModule, exported, observationFile, pytorchSave);

        var ours = Deterministic(trained, observations);
        var theirs = ReadFloats(Path.Combine(_dir, "pytorch_actions.f32"));
        Assert.That(theirs, Has.Length.EqualTo(Observations));
        var worst = ours.Zip(theirs, (a, b) => Math.Abs(a - b)).Max();
        Assert.That(worst, Is.LessThanOrEqualTo(1e-5), "PyTorch's deterministic actions from our export");

        var imported = Path.Combine(_dir, "imported.ckpt");
        PolicyWeights.Import(checkpoint, pytorchSave, imported);
        using var policy = TrainedPolicy.Load(imported);
        var fresh = ReadFloats(Path.Combine(_dir, "fresh_actions.f32"));
        var back = Deterministic(policy, observations);
        var worstBack = fresh.Zip(back, (a, b) => Math.Abs(a - b)).Max();
        Assert.That(worstBack, Is.LessThanOrEqualTo(1e-5), "the imported policy acts as PyTorch's module");
        Assert.That(back.Zip(ours, (a, b) => Math.Abs(a - b)).Max(), Is.GreaterThan(1e-3), "the imported weights replaced the template's");
        Assert.That(Checkpoint.Read(imported).Metadata.Extra["imported_from"], Is.EqualTo(Path.GetFullPath(pytorchSave)));
        TestContext.Out.WriteLine($"{kind}: max |ours - PyTorch| = {worst:E2}; after import {worstBack:E2}");
    }

    [Test]
    public void AnImportKeepsTheTemplatesObservationNormalisation()
    {
        var checkpoint = Train("sac-normalized");
        var exported = Path.Combine(_dir, "policy.safetensors");
        PolicyWeights.Export(checkpoint, exported, StateDictFormat.Safetensors);
        var imported = Path.Combine(_dir, "imported.ckpt");
        PolicyWeights.Import(checkpoint, exported, imported);
        using var original = TrainedPolicy.Load(checkpoint);
        using var back = TrainedPolicy.Load(imported);
        var raw = MakeObservations(original);
        var normalizedBy = (Environments.Wrappers.NormalizeObservation)original.MakeEnvironment();
        var reloaded = (Environments.Wrappers.NormalizeObservation)back.MakeEnvironment();
        Assert.That(reloaded.Statistics.Mean, Is.EqualTo(normalizedBy.Statistics.Mean));
        Assert.That(reloaded.Statistics.Variance, Is.EqualTo(normalizedBy.Statistics.Variance));
        Assert.That(Deterministic(back, raw), Is.EqualTo(Deterministic(original, raw)), "the same weights act the same");
    }

    [Test]
    public void SacWeightsForOtherActionBoundsAreRefusedInOneLine()
    {
        var checkpoint = Train("sac");
        var exported = Path.Combine(_dir, "policy.safetensors");
        PolicyWeights.Export(checkpoint, exported, StateDictFormat.Safetensors);
        using var file = StateDictFile.Read(exported);
        using var changed = new StateDict();
        foreach (var (name, tensor) in file.Entries) changed.Add(name, name == "action_scale" ? torch.tensor(new[] { 1f }) : tensor.clone());
        var other = Path.Combine(_dir, "other.safetensors");
        StateDictFile.Write(other, changed, StateDictFormat.Safetensors);
        var error = Assert.Throws<UserFacingException>(() => PolicyWeights.Import(checkpoint, other, Path.Combine(_dir, "x.ckpt")))!;
        Assert.That(error.Message, Does.Contain("action_scale is [1], but pendulum's action bounds give [2]").And.Not.Contain("\n"));
    }

    [Test]
    public void SacWithGsdeIsRefusedInOneLineThatNamesOnnx()
    {
        var checkpoint = Train("sac-gsde");
        var error = Assert.Throws<UserFacingException>(() => PolicyWeights.Export(checkpoint, Path.Combine(_dir, "p.pt"), StateDictFormat.PyTorch))!;
        Assert.That(error.Message, Does.Contain("use_sde").And.Contain("--format onnx").And.Not.Contain("\n"));
    }
}
