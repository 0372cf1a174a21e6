using TorchSharp;

namespace RLArena.Engine.Interop;

/// <summary>
/// Named tensors in a fixed order, as a PyTorch <c>state_dict</c> holds them, with optional text metadata (kept by
/// the safetensors format, dropped by the PyTorch format). The tensors live on the CPU and belong to this object:
/// <see cref="Dispose"/> frees them.
/// </summary>
public sealed class StateDict : IDisposable
{
    private readonly List<KeyValuePair<string, torch.Tensor>> _entries = [];
    private readonly Dictionary<string, torch.Tensor> _byName = new(StringComparer.Ordinal);

    /// <summary>Text pairs stored beside the tensors (the safetensors header's <c>__metadata__</c>).</summary>
    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>The tensor names, in file order.</summary>
    public IReadOnlyList<string> Names => _entries.Select(e => e.Key).ToList();

    /// <summary>The named tensors, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, torch.Tensor>> Entries => _entries;

    /// <summary>How many tensors it holds.</summary>
    public int Count => _entries.Count;

    /// <summary>The tensor called <paramref name="name"/>; a <see cref="KeyNotFoundException"/> when there is none.</summary>
    /// <param name="name">The tensor's name, for example <c>fc1.weight</c>.</param>
    public torch.Tensor this[string name] => _byName[name];

    /// <summary>Whether a tensor called <paramref name="name"/> is present.</summary>
    /// <param name="name">The tensor's name.</param>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Adds a tensor, which this object then owns (moved to the CPU and made contiguous when it is not).</summary>
    /// <param name="name">Its name; must not be taken already.</param>
    /// <param name="tensor">The tensor; it is detached from any dispose scope.</param>
    public void Add(string name, torch.Tensor tensor)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("a tensor needs a name", nameof(name));
        if (_byName.ContainsKey(name)) throw new ArgumentException($"a tensor named '{name}' is already present", nameof(name));
        var owned = tensor;
        if (owned.device_type != DeviceType.CPU || !owned.is_contiguous())
        {
            owned = owned.cpu().contiguous();
            tensor.Dispose();
        }
        owned.DetachFromDisposeScope();
        _entries.Add(new(name, owned));
        _byName[name] = owned;
    }

    /// <summary>"[64, 4]": a shape as the error messages and summaries print it.</summary>
    /// <param name="shape">The shape.</param>
    public static string FormatShape(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";

    /// <summary>Frees every tensor.</summary>
    public void Dispose()
    {
        foreach (var (_, tensor) in _entries) tensor.Dispose();
        _entries.Clear();
        _byName.Clear();
    }
}
