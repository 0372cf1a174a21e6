using RLArena.Core.Errors;
using RLArena.Engine.Devices;

namespace RLArena.Engine.Interop;

/// <summary>Reads and writes a <see cref="StateDict"/> in either <see cref="StateDictFormat"/>, telling them apart by content.</summary>
public static class StateDictFile
{
    /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/> in <paramref name="format"/>, creating its folder.</summary>
    /// <param name="path">The file to write (replaced when it exists).</param>
    /// <param name="tensors">The named tensors.</param>
    /// <param name="format">PyTorch's <c>torch.save</c> format or safetensors.</param>
    public static void Write(string path, StateDict tensors, StateDictFormat format)
    {
        TorchRuntime.EnsureLoaded();
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        if (format == StateDictFormat.PyTorch) PyTorchStateDictFile.Write(path, tensors);
        else SafetensorsFile.Write(path, tensors);
    }

    /// <summary>Reads the state dict at <paramref name="path"/>, PyTorch's format or safetensors, whichever it is.</summary>
    /// <param name="path">The file.</param>
    public static StateDict Read(string path)
    {
        TorchRuntime.EnsureLoaded();
        if (!File.Exists(path))
            throw new UserFacingException($"'{path}' does not exist; pass a .pt file saved with torch.save(model.state_dict(), path) or a .safetensors file.");
        return StateDictFormats.Detect(path) switch
        {
            StateDictFormat.PyTorch => PyTorchStateDictFile.Read(path),
            StateDictFormat.Safetensors => SafetensorsFile.Read(path),
            _ => throw new UserFacingException(
                $"'{path}' is neither a PyTorch state dict (a zip archive written by torch.save) nor a safetensors file. " +
                "Save it with torch.save(model.state_dict(), path) in PyTorch 1.6 or later, or with safetensors."),
        };
    }
}
