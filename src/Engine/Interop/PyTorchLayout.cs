using RLArena.Core.Errors;
using TorchSharp;

namespace RLArena.Engine.Interop;

/// <summary>
/// How the tensors of one of our modules are named in the equivalent PyTorch module: for each tensor of the
/// TorchSharp module's state dict, the name a PyTorch user's module gives it (<c>actor.fc1.weight</c> ↔
/// <c>actor.0.weight</c>, say). <see cref="Export"/> copies a module's tensors out under those names and
/// <see cref="Import"/> copies a state dict's tensors in, refusing one with missing, extra or mis-shaped tensors
/// in one line that names them.
/// </summary>
public sealed class PyTorchLayout
{
    private readonly IReadOnlyList<(string Ours, string PyTorch)> _names;

    /// <summary>A layout from explicit name pairs.</summary>
    /// <param name="names">For every tensor of our module: its name here and its name in PyTorch.</param>
    /// <param name="description">The PyTorch module, for messages: "the tutorial's Net (fc1-fc3)".</param>
    public PyTorchLayout(IEnumerable<(string Ours, string PyTorch)> names, string description)
    {
        _names = names.ToList();
        Description = description;
    }

    /// <summary>The PyTorch module this layout matches, as messages name it.</summary>
    public string Description { get; }

    /// <summary>The PyTorch names, in our module's order.</summary>
    public IReadOnlyList<string> PyTorchNames => _names.Select(n => n.PyTorch).ToList();

    /// <summary>A layout where PyTorch uses our names unchanged.</summary>
    /// <param name="module">Our module.</param>
    /// <param name="description">The PyTorch module, for messages.</param>
    public static PyTorchLayout SameNames(torch.nn.Module module, string description) =>
        new(module.state_dict().Keys.Select(k => (k, k)), description);

    /// <summary>Copies <paramref name="module"/>'s tensors (to the CPU) under their PyTorch names.</summary>
    /// <param name="module">Our module; its state dict must hold exactly the tensors this layout names.</param>
    public StateDict Export(torch.nn.Module module)
    {
        var own = module.state_dict();
        var unnamed = own.Keys.Except(_names.Select(n => n.Ours)).ToList();
        if (unnamed.Count > 0) throw new InvalidOperationException($"the layout has no PyTorch name for {string.Join(", ", unnamed)}");
        var result = new StateDict();
        using var noGrad = torch.no_grad();
        foreach (var (ours, pytorch) in _names) result.Add(pytorch, own[ours].detach().cpu().clone());
        return result;
    }

    /// <summary>
    /// Copies the tensors of <paramref name="file"/> into <paramref name="module"/> after checking that it holds
    /// exactly the tensors this layout names, each with the module's shape (the element type is converted).
    /// </summary>
    /// <param name="file">The state dict read from a file.</param>
    /// <param name="module">Our module, which receives the weights.</param>
    /// <param name="source">The file's path, for messages.</param>
    public void Import(StateDict file, torch.nn.Module module, string source)
    {
        var own = module.state_dict();
        var problems = new List<string>();
        var missing = _names.Where(n => !file.Contains(n.PyTorch)).Select(n => n.PyTorch).ToList();
        if (missing.Count > 0) problems.Add("missing " + string.Join(", ", missing));
        var expected = _names.Select(n => n.PyTorch).ToHashSet(StringComparer.Ordinal);
        var extra = file.Names.Where(n => !expected.Contains(n)).Order(StringComparer.Ordinal).ToList();
        if (extra.Count > 0) problems.Add("unexpected " + string.Join(", ", extra));
        foreach (var (ours, pytorch) in _names)
        {
            if (!file.Contains(pytorch)) continue;
            var have = file[pytorch];
            var want = own[ours];
            if (!have.shape.SequenceEqual(want.shape))
                problems.Add($"{pytorch} is {StateDict.FormatShape(have.shape)}, expected {StateDict.FormatShape(want.shape)}");
            else if (!have.is_floating_point())
                problems.Add($"{pytorch} holds {have.dtype} values, expected floating point");
        }
        if (problems.Count > 0)
        {
            throw new UserFacingException(
                $"'{source}' does not fit {Description}: {string.Join("; ", problems)}. " +
                "Save the state dict of a module with the same layer names and sizes (see docs/guides/export-pytorch.md).");
        }
        using var noGrad = torch.no_grad();
        foreach (var (ours, pytorch) in _names) own[ours].copy_(file[pytorch]);
    }
}
