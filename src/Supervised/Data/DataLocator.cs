using RLArena.Core.Errors;

namespace RLArena.Supervised.Data;

/// <summary>
/// Finds a dataset's four IDX files, in this order: <c>--data DIR</c> (the files in DIR itself, or in
/// DIR/&lt;MNIST|FashionMNIST&gt;/raw as torchvision keeps them); else <c>./data</c> the same way (the tutorial's
/// <c>root='./data'</c>); else a system folder a package installed (Debian's dataset-fashion-mnist); else it
/// downloads the missing files into (DIR or ./data)/&lt;MNIST|FashionMNIST&gt;/raw unless downloading is forbidden.
/// In each folder a file is taken unzipped (as torchvision extracts it) or as the published .gz.
/// </summary>
public sealed class DataLocator
{
    private readonly string _workingDirectory;
    private readonly Func<DatasetSpec, IReadOnlyList<string>> _systemFolders;

    /// <summary>Finds datasets from <paramref name="workingDirectory"/> (./data there) and the system folders.</summary>
    /// <param name="workingDirectory">The folder ./data is looked for in; the current one when null.</param>
    /// <param name="systemFolders">The system folders to look in for a dataset (tests pass their own); the dataset's own when null.</param>
    public DataLocator(string? workingDirectory = null, Func<DatasetSpec, IReadOnlyList<string>>? systemFolders = null)
    {
        _workingDirectory = workingDirectory ?? Directory.GetCurrentDirectory();
        _systemFolders = systemFolders ?? (spec => spec.SystemFolders);
    }

    /// <summary>The folders searched, in order, each with the name of where it comes from.</summary>
    public IReadOnlyList<(string Folder, string Source)> Candidates(DatasetSpec spec, string? dataDirectory)
    {
        var result = new List<(string, string)>();
        if (!string.IsNullOrWhiteSpace(dataDirectory))
        {
            var root = Path.GetFullPath(dataDirectory, _workingDirectory);
            result.Add((root, "--data"));
            result.Add((Path.Combine(root, spec.TorchvisionFolder, "raw"), "--data"));
            return result;
        }
        var local = Path.Combine(_workingDirectory, "data");
        result.Add((local, "./data"));
        result.Add((Path.Combine(local, spec.TorchvisionFolder, "raw"), "./data"));
        foreach (var folder in _systemFolders(spec)) result.Add((folder, "installed package"));
        return result;
    }

    /// <summary>Where a download goes: (DIR or ./data)/&lt;MNIST|FashionMNIST&gt;/raw, as torchvision does.</summary>
    public string DownloadFolder(DatasetSpec spec, string? dataDirectory)
    {
        var root = string.IsNullOrWhiteSpace(dataDirectory)
            ? Path.Combine(_workingDirectory, "data")
            : Path.GetFullPath(dataDirectory, _workingDirectory);
        return Path.Combine(root, spec.TorchvisionFolder, "raw");
    }

    /// <summary>The first folder holding all four files, or null.</summary>
    public DataLocation? FindExisting(DatasetSpec spec, string? dataDirectory)
    {
        foreach (var (folder, source) in Candidates(spec, dataDirectory))
        {
            var location = InFolder(spec, folder, source);
            if (location is not null) return location;
        }
        return null;
    }

    /// <summary>
    /// Finds the files or downloads them. <paramref name="downloader"/> null means downloading is forbidden
    /// (<c>--no-download</c>), and a missing dataset is an error that says how to supply the files.
    /// </summary>
    public DataLocation Locate(DatasetSpec spec, string? dataDirectory, DatasetDownloader? downloader,
        Action<DownloadProgress>? progress = null)
    {
        var found = FindExisting(spec, dataDirectory);
        if (found is not null) return found;

        var target = DownloadFolder(spec, dataDirectory);
        var names = string.Join(", ", spec.Resources.Select(r => r.FileName));
        if (downloader is null)
        {
            var partial = Partial(spec, dataDirectory);
            if (partial is not null) throw new UserFacingException(partial);
            var looked = string.Join(", ", Candidates(spec, dataDirectory).Select(c => c.Folder).Distinct());
            throw new UserFacingException(
                $"{spec.DisplayName} was not found (looked in {looked}) and --no-download forbids fetching it. " +
                $"Put the four IDX files ({names}, gzipped or not) in {target}, or pass --data DIR" +
                (spec.SystemFolders.Count > 0 ? ", or install Debian's dataset-fashion-mnist package." : "."));
        }

        Directory.CreateDirectory(target);
        foreach (var resource in spec.Resources)
        {
            if (FindFile(target, resource) is null) downloader.Download(spec, resource, target, progress);
        }
        return InFolder(spec, target, "downloaded")
               ?? throw new UserFacingException($"{spec.DisplayName}: the download into {target} did not leave the four files {names}.");
    }

    /// <summary>
    /// When a searched folder holds some of the four files but not all, a message saying which are missing there;
    /// else null.
    /// </summary>
    public string? Partial(DatasetSpec spec, string? dataDirectory)
    {
        foreach (var (folder, _) in Candidates(spec, dataDirectory))
        {
            if (!Directory.Exists(folder)) continue;
            var missing = spec.Resources.Where(r => FindFile(folder, r) is null).Select(r => r.FileName).ToList();
            if (missing.Count == 0 || missing.Count == spec.Resources.Count) continue;
            return $"{spec.DisplayName} in {folder} is incomplete: {string.Join(", ", missing)} " +
                   $"{(missing.Count == 1 ? "is" : "are")} missing (gzipped or not). Add {(missing.Count == 1 ? "it" : "them")} there, " +
                   $"or drop --no-download to download the dataset into {DownloadFolder(spec, dataDirectory)}.";
        }
        return null;
    }

    /// <summary>The dataset's four IDX files in <paramref name="folder"/> itself or in its torchvision layout (<c>folder/MNIST/raw</c>), or null.</summary>
    /// <param name="spec">The dataset.</param>
    /// <param name="folder">The folder to look in.</param>
    /// <param name="source">What the folder is, for messages ("--data", "./data").</param>
    public static DataLocation? InFolder(DatasetSpec spec, string folder, string source)
    {
        if (!Directory.Exists(folder)) return null;
        var paths = spec.Resources.Select(r => FindFile(folder, r)).ToArray();
        if (paths.Any(p => p is null)) return null;
        return new DataLocation(spec, folder, source, paths[0]!, paths[1]!, paths[2]!, paths[3]!);
    }

    /// <summary>The unzipped file (as torchvision leaves it) or the .gz, whichever exists, unzipped first.</summary>
    public static string? FindFile(string folder, IdxResource resource)
    {
        var gz = Path.Combine(folder, resource.FileName);
        var raw = gz.EndsWith(".gz", StringComparison.Ordinal) ? gz[..^3] : gz;
        if (File.Exists(raw)) return raw;
        return File.Exists(gz) ? gz : null;
    }
}
