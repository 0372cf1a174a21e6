using System.Runtime.InteropServices;
using RLArena.Core.Errors;

namespace RLArena.Viewer.Raylib;

/// <summary>One place the locator looks, in order, and what it found there.</summary>
public sealed record RaylibCandidate(string Source, string Path, bool Exists);

/// <summary>
/// Finds libraylib at run time, in this order: the explicit option (<c>--raylib PATH</c>), the
/// <c>RLARENA_RAYLIB</c> environment variable, the app folder, the folders on <c>LD_LIBRARY_PATH</c>, and the usual
/// system folders. In each folder it takes <c>libraylib.so</c>, else the newest <c>libraylib.so.N</c>. An explicit
/// setting that points at nothing is an error of its own (never silently skipped).
/// </summary>
public sealed class RaylibLocator
{
    /// <summary>The environment variable that names the library: RLARENA_RAYLIB.</summary>
    public const string EnvironmentVariable = "RLARENA_RAYLIB";
    /// <summary>The command-line option that names the library: --raylib.</summary>
    public const string Option = "--raylib";

    private readonly string? _explicitPath;
    private readonly string? _environmentPath;
    private readonly string _appFolder;
    private readonly IReadOnlyList<string> _libraryPathFolders;
    private readonly IReadOnlyList<string> _systemFolders;

    /// <summary>A locator with every place to look given (tests pass their own).</summary>
    /// <param name="explicitPath">--raylib PATH, or null.</param>
    /// <param name="environmentPath">RLARENA_RAYLIB, or null.</param>
    /// <param name="appFolder">The folder of the rlarena executable.</param>
    /// <param name="libraryPathFolders">The folders on LD_LIBRARY_PATH.</param>
    /// <param name="systemFolders">The system folders, in order.</param>
    public RaylibLocator(string? explicitPath, string? environmentPath, string appFolder,
        IReadOnlyList<string> libraryPathFolders, IReadOnlyList<string> systemFolders)
    {
        _explicitPath = string.IsNullOrWhiteSpace(explicitPath) ? null : explicitPath;
        _environmentPath = string.IsNullOrWhiteSpace(environmentPath) ? null : environmentPath;
        _appFolder = appFolder;
        _libraryPathFolders = libraryPathFolders;
        _systemFolders = systemFolders;
    }

    /// <summary>The locator for this process: its environment, its app folder and this OS's system folders.</summary>
    public static RaylibLocator ForThisProcess(string? explicitPath) => new(
        explicitPath,
        Environment.GetEnvironmentVariable(EnvironmentVariable),
        AppContext.BaseDirectory,
        (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries),
        DefaultSystemFolders());

    /// <summary>/usr/local/lib, /usr/local/lib64, /usr/lib/x86_64-linux-gnu, /usr/lib, /usr/lib64, /lib/x86_64-linux-gnu and /lib.</summary>
    public static IReadOnlyList<string> DefaultSystemFolders()
    {
        var triplet = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.Arm64 => "aarch64-linux-gnu",
            _ => "x86_64-linux-gnu",
        };
        return ["/usr/local/lib", "/usr/local/lib64", $"/usr/lib/{triplet}", "/usr/lib", "/usr/lib64", $"/lib/{triplet}", "/lib"];
    }

    /// <summary>Every place looked at, in order, with what is there.</summary>
    public IReadOnlyList<RaylibCandidate> Candidates()
    {
        var list = new List<RaylibCandidate>();
        if (_explicitPath is not null) list.Add(Explicit(Option, _explicitPath));
        if (_environmentPath is not null) list.Add(Explicit(EnvironmentVariable, _environmentPath));
        list.Add(InFolder("app folder", _appFolder));
        foreach (var folder in _libraryPathFolders) list.Add(InFolder("LD_LIBRARY_PATH", folder));
        foreach (var folder in _systemFolders) list.Add(InFolder("system", folder));
        return list;
    }

    /// <summary>The library to load, or a <see cref="UserFacingException"/> naming where it looked and what to do.</summary>
    public RaylibCandidate Locate()
    {
        var candidates = Candidates();
        foreach (var candidate in candidates)
        {
            if (candidate.Exists) return candidate;
            if (candidate.Source is Option or EnvironmentVariable)
                throw new UserFacingException(
                    $"{(candidate.Source == Option ? Option + " " : candidate.Source + "=")}{candidate.Path} does not point at a libraylib shared library " +
                    $"(no such file, and no libraylib.so in that folder). {Hint}");
        }
        throw new UserFacingException(NotFoundMessage(candidates));
    }

    /// <summary>How to point at a libraylib, for messages.</summary>
    public const string Hint =
        "Point at one with --raylib /path/to/libraylib.so or RLARENA_RAYLIB=/path/to/libraylib.so " +
        "(raylib 5.x or 6.x built as a shared library: cmake -DBUILD_SHARED_LIBS=ON), " +
        "or copy it next to the rlarena executable. --record out.gif|out.mp4|frames/ works without raylib and without a display (on watch, eval and train).";

    /// <summary>The one-line error when no libraylib was found: where it looked, how to point at one, and that --record works without it.</summary>
    /// <param name="candidates">The places looked in.</param>
    public static string NotFoundMessage(IReadOnlyList<RaylibCandidate> candidates)
    {
        var folders = candidates.Select(c => c.Source == "system" || c.Source == "LD_LIBRARY_PATH" ? c.Path : $"{c.Source} ({c.Path})").Distinct();
        var settings = candidates.Any(c => c.Source == EnvironmentVariable) ? "" : $"{Option} not given, {EnvironmentVariable} not set; ";
        return $"libraylib was not found. Looked in: {settings}{string.Join(", ", folders)}. {Hint}";
    }

    private static RaylibCandidate Explicit(string source, string path)
    {
        if (File.Exists(path)) return new RaylibCandidate(source, path, true);
        if (Directory.Exists(path))
        {
            var inside = FindIn(path);
            return inside is null ? new RaylibCandidate(source, path, false) : new RaylibCandidate(source, inside, true);
        }
        return new RaylibCandidate(source, path, false);
    }

    private static RaylibCandidate InFolder(string source, string folder)
    {
        var found = FindIn(folder);
        return found is null ? new RaylibCandidate(source, folder, false) : new RaylibCandidate(source, found, true);
    }

    /// <summary><c>libraylib.so</c> (or this OS's name) in <paramref name="folder"/>, else the newest versioned file.</summary>
    public static string? FindIn(string folder)
    {
        if (!Directory.Exists(folder)) return null;
        foreach (var name in PlainNames())
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path)) return path;
        }
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            return Directory.EnumerateFiles(folder, "libraylib.so.*")
                .Select(p => (Path: p, Version: VersionOf(Path.GetFileName(p))))
                .Where(x => x.Version is not null)
                .OrderByDescending(x => x.Version)
                .Select(x => x.Path)
                .FirstOrDefault();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<string> PlainNames()
    {
        if (OperatingSystem.IsWindows()) return ["raylib.dll"];
        if (OperatingSystem.IsMacOS()) return ["libraylib.dylib"];
        return ["libraylib.so"];
    }

    /// <summary>The version of a file named libraylib.so.6.0.0 or libraylib.so.600 (raylib's soname), comparable.</summary>
    internal static Version? VersionOf(string fileName)
    {
        const string prefix = "libraylib.so.";
        if (!fileName.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var rest = fileName[prefix.Length..];
        var parts = rest.Split('.');
        if (parts.Any(p => p.Length == 0 || !p.All(char.IsAsciiDigit))) return null;
        if (parts.Length == 1)
        {
            // raylib's soname packs the version as major*100 + minor*10 + patch (550 = 5.5.0, 600 = 6.0.0).
            var n = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            return n >= 100 ? new Version(n / 100, n / 10 % 10, n % 10) : new Version(n, 0);
        }
        var numbers = parts.Take(4).Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return numbers.Length switch
        {
            2 => new Version(numbers[0], numbers[1]),
            3 => new Version(numbers[0], numbers[1], numbers[2]),
            _ => new Version(numbers[0], numbers[1], numbers[2], numbers[3]),
        };
    }
}
