namespace RLArena.Docs.Tests;

/// <summary>Paths in the repository the tests run from (found by walking up to RLArena.sln).</summary>
internal static class Repository
{
    /// <summary>The repository root.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>docs/_site: where docs/build.sh puts the built site.</summary>
    public static string Site => Path.Combine(Root, "docs", "_site");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "RLArena.sln"))) return folder.FullName;
        throw new InvalidOperationException($"RLArena.sln not found above {AppContext.BaseDirectory}");
    }
}
