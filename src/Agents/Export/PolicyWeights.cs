using System.Globalization;
using System.Text.RegularExpressions;
using RLArena.Agents.Dqn;
using RLArena.Agents.Networks;
using RLArena.Agents.Ppo;
using RLArena.Agents.Sac;
using RLArena.Agents.Training;
using RLArena.Core.Errors;
using RLArena.Engine.Checkpoints;
using RLArena.Engine.Devices;
using RLArena.Engine.Interop;
using TorchSharp;

namespace RLArena.Agents.Export;

/// <summary>What <see cref="PolicyWeights.Export"/> or <see cref="PolicyWeights.Import"/> wrote.</summary>
/// <param name="Path">The file written.</param>
/// <param name="Format">The format of the file written (for an import: the format read).</param>
/// <param name="Algorithm">"ppo" or "dqn".</param>
/// <param name="EnvironmentId">The environment the policy was trained on.</param>
/// <param name="Architecture">Our description of the network.</param>
/// <param name="PyTorchModule">The Python call that builds the matching module from docs/pytorch/rlarena_modules.py.</param>
/// <param name="Tensors">Each tensor's PyTorch name and shape, in file order.</param>
/// <param name="Bytes">The file's size.</param>
public sealed record PolicyFile(
    string Path, StateDictFormat Format, string Algorithm, string EnvironmentId, string Architecture, string PyTorchModule,
    IReadOnlyList<(string Name, long[] Shape)> Tensors, long Bytes);

/// <summary>
/// A trained policy's weights in the files PyTorch users share, both ways. The tensor names are those of the
/// equivalent PyTorch modules in docs/pytorch/rlarena_modules.py, which follow CleanRL: PPO's actor-critic is
/// CleanRL's <c>Agent</c> (<c>actor.0.weight</c>, <c>actor.2.weight</c>, ..., <c>critic.0.weight</c>, ...: an
/// <c>nn.Sequential</c> of Linear and activation layers), DQN's Q-network is CleanRL's <c>QNetwork</c>
/// (<c>network.0.weight</c>, ...); with image observations the convolutional features are <c>network.0</c>
/// (conv1), <c>network.2</c> (conv2) and <c>network.5</c> (the linear layer after the flatten). Box-action PPO is
/// CleanRL's <c>ppo_continuous_action.py</c> <c>Agent</c> (<c>actor_mean.0</c>, ..., <c>critic.0</c>, ...,
/// <c>actor_logstd</c>; <c>ContinuousAgent</c> in the modules file) and SAC's policy is CleanRL's
/// <c>sac_continuous_action.py</c> <c>Actor</c> (<c>fc1</c>, <c>fc2</c>, ..., <c>fc_mean</c>, <c>fc_logstd</c> and the
/// <c>action_scale</c>/<c>action_bias</c> buffers; the critics stay in the checkpoint).
/// <see cref="Export"/> writes a checkpoint's network as a <c>.pt</c> or <c>.safetensors</c> file;
/// <see cref="Import"/> writes a new checkpoint whose network holds the weights of such a file (trained in PyTorch,
/// say) and whose environment and settings are those of the checkpoint given as template.
/// </summary>
public static partial class PolicyWeights
{
    /// <summary>
    /// Our tensor names and PyTorch's for <paramref name="network"/> (an <see cref="ActorCritic"/> or a <see cref="QNetwork"/>).
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="description">The PyTorch module, for messages.</param>
    public static PyTorchLayout Layout(torch.nn.Module network, string description)
    {
        if (network is GaussianActorCritic gaussian) return GaussianLayout(gaussian, description);
        if (network is SacActor actor) return SacActorLayout(actor, description);
        var names = new List<(string, string)>();
        var isQ = network is QNetwork;
        foreach (var ours in network.state_dict().Keys)
        {
            string pytorch;
            if (MlpLayer().Match(ours) is { Success: true } mlp)
            {
                var block = mlp.Groups["block"].Value;
                var index = 2 * (int.Parse(mlp.Groups["k"].Value, CultureInfo.InvariantCulture) - 1);
                pytorch = $"{(block == "head" ? "network" : block)}.{index}.{mlp.Groups["what"].Value}";
            }
            else if (ConvLayer().Match(ours) is { Success: true } conv)
            {
                var index = conv.Groups["layer"].Value switch { "conv1" => 0, "conv2" => 2, _ => 5 };
                pytorch = $"network.{index}.{conv.Groups["what"].Value}";
            }
            else if (isQ && ours.StartsWith("head.", StringComparison.Ordinal))
            {
                pytorch = "network.7." + ours["head.".Length..];
            }
            else if (!isQ && (ours.StartsWith("actor.", StringComparison.Ordinal) || ours.StartsWith("critic.", StringComparison.Ordinal)))
            {
                pytorch = ours;
            }
            else
            {
                throw new InvalidOperationException($"no PyTorch name for the tensor '{ours}' of {network.GetType().Name}");
            }
            names.Add((ours, pytorch));
        }
        return new PyTorchLayout(names, description);
    }

    /// <summary>Writes the network of a trained agent's checkpoint to <paramref name="outPath"/>.</summary>
    /// <param name="checkpointPath">A checkpoint from <c>rlarena train</c>, or its run folder.</param>
    /// <param name="outPath">The file to write.</param>
    /// <param name="format">PyTorch (<c>.pt</c>) or safetensors.</param>
    public static PolicyFile Export(string checkpointPath, string outPath, StateDictFormat format)
    {
        using var policy = PolicyNetwork.Load(checkpointPath);
        using var tensors = Layout(policy.Weights, policy.PyTorchModule).Export(policy.Weights);
        foreach (var (name, values) in policy.Buffers) tensors.Add(name, torch.tensor(values));
        var metadata = policy.Checkpoint.Metadata;
        tensors.Metadata["rlarena_model"] = "policy";
        tensors.Metadata["algorithm"] = metadata.Algorithm;
        tensors.Metadata["environment"] = metadata.Environment;
        tensors.Metadata["architecture"] = metadata.Architecture;
        tensors.Metadata["pytorch_module"] = policy.PyTorchModule;
        StateDictFile.Write(outPath, tensors, format);
        return new PolicyFile(outPath, format, metadata.Algorithm, metadata.Environment, metadata.Architecture, policy.PyTorchModule,
            tensors.Entries.Select(e => (e.Key, e.Value.shape)).ToList(), new FileInfo(outPath).Length);
    }

    /// <summary>
    /// Writes to <paramref name="outPath"/> a copy of the checkpoint <paramref name="templatePath"/> whose network
    /// holds the weights of <paramref name="weightsPath"/> (a <c>.pt</c> or <c>.safetensors</c> state dict of the
    /// same PyTorch module). The copy has no optimizer state, so it evaluates and plays but does not resume training;
    /// it keeps the template's observation-normalisation statistics, if any.
    /// </summary>
    /// <param name="templatePath">A checkpoint (or run folder) of the same algorithm, environment and network sizes.</param>
    /// <param name="weightsPath">The state dict to import.</param>
    /// <param name="outPath">The checkpoint to write; must not be the template.</param>
    public static PolicyFile Import(string templatePath, string weightsPath, string outPath)
    {
        using var policy = PolicyNetwork.Load(templatePath);
        if (Path.GetFullPath(outPath) == Path.GetFullPath(policy.Checkpoint.Path))
            throw new UsageException($"--out '{outPath}' is the template checkpoint itself; write the imported policy to a new file.");
        using var read = StateDictFile.Read(weightsPath);
        using var file = WithoutBuffers(read, policy, weightsPath);
        var layout = Layout(policy.Weights, policy.PyTorchModule);
        layout.Import(file, policy.Weights, weightsPath);
        var metadata = policy.Checkpoint.Metadata;
        metadata.Extra = new Dictionary<string, string>(metadata.Extra) { ["imported_from"] = Path.GetFullPath(weightsPath) };
        // The template's observation normalisation goes with it: the imported network acts on the observations it normalises.
        var sections = policy.Checkpoint.HasSection(TrainerState.NormalizationSection)
            ? new Dictionary<string, byte[]> { [TrainerState.NormalizationSection] = policy.Checkpoint.GetSection(TrainerState.NormalizationSection) }
            : null;
        Checkpoint.Save(outPath, policy.Network, null, metadata, sections);
        return new PolicyFile(outPath, StateDictFormats.Detect(weightsPath)!.Value, metadata.Algorithm, metadata.Environment, metadata.Architecture, policy.PyTorchModule,
            layout.PyTorchNames.Select(n => (n, file[n].shape)).Concat(policy.Buffers.Select(b => (b.Name, new long[] { b.Values.Length }))).ToList(), new FileInfo(outPath).Length);
    }

    // SAC's action_scale/action_bias are buffers of CleanRL's Actor, not weights: on import they must equal the
    // template environment's bounds (a policy for other bounds would act wrongly), and are then left out.
    private static StateDict WithoutBuffers(StateDict file, PolicyNetwork policy, string source)
    {
        var result = new StateDict();
        var buffers = policy.Buffers.ToDictionary(b => b.Name, b => b.Values);
        foreach (var (name, expected) in buffers)
        {
            if (!file.Contains(name)) continue;
            var have = OnnxLayerWriterFloats(file[name]);
            if (have.Length != expected.Length || have.Zip(expected, (a, b) => Math.Abs(a - b)).Any(d => d > 1e-5))
                throw new UserFacingException(
                    $"'{source}': {name} is [{string.Join(", ", have)}], but {policy.Checkpoint.Metadata.Environment}'s action bounds give [{string.Join(", ", expected)}]; import weights trained for the same action space.");
        }
        foreach (var (name, tensor) in file.Entries)
            if (!buffers.ContainsKey(name)) result.Add(name, tensor.detach().clone());
        return result;
    }

    private static float[] OnnxLayerWriterFloats(torch.Tensor tensor) => Engine.Onnx.OnnxLayerWriter.Floats(tensor);

    // CleanRL's ppo_continuous_action.py Agent: actor_mean = Sequential(Linear, act, ..., Linear(hidden, A)), critic the same to 1.
    private static PyTorchLayout GaussianLayout(GaussianActorCritic network, string description)
    {
        var names = new List<(string, string)>();
        var trunkLayers = network.ActorTrunk.parameters().Count() / 2;
        foreach (var ours in network.state_dict().Keys)
        {
            string pytorch;
            if (TrunkLayer().Match(ours) is { Success: true } trunk)
                pytorch = $"actor_mean.{2 * (int.Parse(trunk.Groups["k"].Value, CultureInfo.InvariantCulture) - 1)}.{trunk.Groups["what"].Value}";
            else if (ours.StartsWith("actor_mean.", StringComparison.Ordinal))
                pytorch = $"actor_mean.{2 * trunkLayers}.{ours["actor_mean.".Length..]}";
            else if (MlpLayer().Match(ours) is { Success: true } critic && critic.Groups["block"].Value == "critic")
                pytorch = $"critic.{2 * (int.Parse(critic.Groups["k"].Value, CultureInfo.InvariantCulture) - 1)}.{critic.Groups["what"].Value}";
            else if (ours == "actor_logstd")
                pytorch = ours;
            else
                throw new InvalidOperationException($"no PyTorch name for the tensor '{ours}' of {network.GetType().Name}");
            names.Add((ours, pytorch));
        }
        return new PyTorchLayout(names, description);
    }

    // CleanRL's sac_continuous_action.py Actor: fc1, fc2, ... (the trunk), fc_mean, fc_logstd.
    private static PyTorchLayout SacActorLayout(SacActor actor, string description)
    {
        var names = new List<(string, string)>();
        foreach (var ours in actor.state_dict().Keys)
        {
            var pytorch = TrunkLayer().Match(ours) is { Success: true } trunk ? $"fc{trunk.Groups["k"].Value}.{trunk.Groups["what"].Value}"
                : ours.StartsWith("fc_mean.", StringComparison.Ordinal) || ours.StartsWith("fc_logstd.", StringComparison.Ordinal) ? ours
                : throw new InvalidOperationException($"no PyTorch name for the tensor '{ours}' of {actor.GetType().Name}");
            names.Add((ours, pytorch));
        }
        return new PyTorchLayout(names, description);
    }

    [GeneratedRegex(@"^(actor_)?trunk\.mlp\.fc(?<k>\d+)\.(?<what>weight|bias)$")]
    private static partial Regex TrunkLayer();

    [GeneratedRegex(@"^(?<block>actor|critic|head)\.fc(?<k>\d+)\.(?<what>weight|bias)$")]
    private static partial Regex MlpLayer();

    [GeneratedRegex(@"^encoder\.layers\.(?<layer>conv1|conv2|fc)\.(?<what>weight|bias)$")]
    private static partial Regex ConvLayer();

    /// <summary>A checkpoint's network on the CPU, with the Python call that builds its PyTorch twin.</summary>
    private sealed class PolicyNetwork(Checkpoint checkpoint, torch.nn.Module network, string pytorchModule) : IDisposable
    {
        public Checkpoint Checkpoint { get; } = checkpoint;
        public torch.nn.Module Network { get; } = network;
        public string PyTorchModule { get; } = pytorchModule;

        // The module whose tensors the file holds: the network, or SAC's actor (its critics stay in the checkpoint).
        public torch.nn.Module Weights { get; set; } = network;

        // Constant tensors the PyTorch module has as buffers but ours computes from the environment (SAC's action scaling).
        public IReadOnlyList<(string Name, float[] Values)> Buffers { get; set; } = [];

        public static PolicyNetwork Load(string checkpointPath)
        {
            TorchRuntime.EnsureLoaded();
            var path = Directory.Exists(checkpointPath) ? Path.Combine(checkpointPath, TrainingRun.CheckpointFileName) : checkpointPath;
            var checkpoint = Checkpoint.Read(path);
            var (algorithm, config) = TrainingRun.ConfigFromCheckpoint(checkpoint);
            var environment = EnvironmentSession.MakeEnvironment(checkpoint.Metadata.Environment);
            var loaded = algorithm.LoadPolicy(checkpoint, config, environment, torch.CPU);
            var shape = "(" + string.Join(", ", environment.ObservationSpace.Shape) + (environment.ObservationSpace.Shape.Length == 1 ? ",)" : ")");
            var actions = environment.ActionSpace.N;
            var hidden = (int[] h) => $"({string.Join(", ", h)}{(h.Length == 1 ? "," : "")})";
            var box = environment.ContinuousActionSpace;
            var bounds = box is null ? "" : $", low={PythonList(box.Low)}, high={PythonList(box.High)}";
            var module = (loaded.Module, config) switch
            {
                (GaussianActorCritic gaussian, PpoConfig ppo) => $"ContinuousAgent({shape}, {box!.Size}, hidden={hidden(ppo.Hidden)}, activation=\"{Engine.Networks.ActivationNames.Name(ppo.Activation)}\", sde={(gaussian.StateDependentExploration ? "True" : "False")}{bounds})",
                (SacNetworks, SacConfig sac) when !sac.UseSde => $"SacActor({shape}, {box!.Size}, hidden={hidden(sac.Hidden)}{bounds}, log_std_min={PythonFloat(sac.LogStdMin)}, log_std_max={PythonFloat(sac.LogStdMax)})",
                (ActorCritic, PpoConfig ppo) when environment.ObservationSpace.Shape.Length == 3 => $"Agent({shape}, {actions})",
                (ActorCritic, PpoConfig ppo) => $"Agent({shape}, {actions}, hidden=({string.Join(", ", ppo.Hidden)}{(ppo.Hidden.Length == 1 ? "," : "")}), activation=\"{Engine.Networks.ActivationNames.Name(ppo.Activation)}\")",
                (QNetwork, DqnConfig) when environment.ObservationSpace.Shape.Length == 3 => $"QNetwork({shape}, {actions})",
                (QNetwork, DqnConfig dqn) => $"QNetwork({shape}, {actions}, hidden=({string.Join(", ", dqn.Hidden)}{(dqn.Hidden.Length == 1 ? "," : "")}))",
                _ => null,
            };
            if (module is null && config is SacConfig { UseSde: true })
            {
                loaded.Module.Dispose();
                throw new UserFacingException($"'{path}': SAC trained with use_sde (gSDE) has no PyTorch module in RLArena yet; export it with --format onnx instead.");
            }
            if (module is null)
            {
                loaded.Module.Dispose();
                throw new UserFacingException($"'{path}': the {checkpoint.Metadata.Algorithm} network ({loaded.Module.GetType().Name}) has no PyTorch equivalent in RLArena yet.");
            }
            var network = new PolicyNetwork(checkpoint, loaded.Module, module);
            if (loaded.Module is SacNetworks && box is not null)
            {
                network.Weights = ((SacNetworks)loaded.Module).Actor;
                network.Buffers =
                [
                    ("action_scale", box.Low.Zip(box.High, (l, h) => (h - l) / 2f).ToArray()),
                    ("action_bias", box.Low.Zip(box.High, (l, h) => (h + l) / 2f).ToArray()),
                ];
            }
            return network;
        }

        private static string PythonFloat(double value) => value.ToString("0.0###########", CultureInfo.InvariantCulture);

        private static string PythonList(float[] values) => "[" + string.Join(", ", values.Select(v => PythonFloat(v))) + "]";

        public void Dispose() => Network.Dispose();
    }
}
