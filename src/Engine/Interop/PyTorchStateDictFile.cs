using System.Collections;
using RLArena.Core.Errors;
using TorchSharp;
using TorchSharp.PyBridge;

namespace RLArena.Engine.Interop;

/// <summary>
/// Reads and writes PyTorch's own state-dict files, the zip archives <c>torch.save(model.state_dict(), path)</c>
/// writes and <c>torch.load(path)</c> reads, through TorchSharp.PyBridge's pickler and unpickler.
/// </summary>
public static class PyTorchStateDictFile
{
    /// <summary>Writes the tensors of <paramref name="tensors"/> to <paramref name="path"/> (its metadata is not kept: the format has no place for it).</summary>
    /// <param name="path">The file to write (replaced when it exists).</param>
    /// <param name="tensors">The named tensors, written in their order.</param>
    public static void Write(string path, StateDict tensors)
    {
        var entries = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors.Entries) entries.Add(name, tensor);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        PyTorchPickler.PickleStateDict(stream, entries);
    }

    /// <summary>Reads every tensor of the state-dict file at <paramref name="path"/>.</summary>
    /// <param name="path">An existing file written by <c>torch.save</c> (the zip format, PyTorch 1.6 and later).</param>
    public static StateDict Read(string path)
    {
        var result = new StateDict();
        try
        {
            Hashtable table;
            using (var stream = File.OpenRead(path)) table = PyTorchUnpickler.UnpickleStateDict(stream);
            foreach (DictionaryEntry entry in table)
            {
                if (entry.Key is not string name || entry.Value is not torch.Tensor tensor)
                    throw new InvalidDataException($"entry '{entry.Key}' is not a named tensor");
                result.Add(name, tensor);
            }
            return result;
        }
        catch (Exception e) when (e is not UserFacingException)
        {
            result.Dispose();
            throw new UserFacingException(
                $"'{path}' cannot be read as a PyTorch state dict ({e.Message.ReplaceLineEndings(" ").Trim()}). " +
                "Save the weights with torch.save(model.state_dict(), path), not the whole model.", 1, e);
        }
    }
}
