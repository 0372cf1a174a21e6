namespace RLArena.Agents.Export;

/// <summary>
/// docs/pytorch/rlarena_modules.py, carried inside this assembly: the PyTorch modules (<c>Agent</c>, <c>QNetwork</c>,
/// <c>Net</c>) whose state dicts match <see cref="PolicyWeights"/>' files, so a user of the installed tool gets them
/// beside an export without a clone of the repository.
/// </summary>
public static class PyTorchModules
{
    /// <summary>The file's name; Python imports it as <c>rlarena_modules</c>.</summary>
    public const string FileName = "rlarena_modules.py";

    /// <summary>The Python source.</summary>
    public static string Source
    {
        get
        {
            using var stream = typeof(PyTorchModules).Assembly.GetManifestResourceStream(FileName)
                               ?? throw new InvalidOperationException($"{FileName} is not embedded in {typeof(PyTorchModules).Assembly.GetName().Name}");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>Writes <see cref="FileName"/> into the folder of <paramref name="file"/> unless one is there already.</summary>
    /// <param name="file">A file whose folder receives the modules (the exported state dict).</param>
    /// <returns>The path written, or null when the folder already had the file (it is left unchanged).</returns>
    public static string? WriteBeside(string file)
    {
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, FileName);
        if (File.Exists(path)) return null;
        File.WriteAllText(path, Source);
        return path;
    }
}
