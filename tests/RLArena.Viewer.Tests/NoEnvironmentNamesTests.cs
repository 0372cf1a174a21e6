namespace RLArena.Viewer.Tests;

/// <summary>
/// The viewer must work for any environment, so nothing in src/Viewer may know a built-in one by name: what it needs
/// (action names, pace, play keys) comes from the environment's metadata.
/// </summary>
public class NoEnvironmentNamesTests
{
    private static readonly string[] Forbidden = ["cartpole", "gridworld", "mountaincar", "acrobot", "pendulum"];

    [Test]
    public void No_viewer_source_file_names_a_built_in_environment()
    {
        var viewer = Path.Combine(RepositoryRoot(), "src", "Viewer");
        var sources = Directory.EnumerateFiles(viewer, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .ToArray();
        Assert.That(sources, Has.Length.GreaterThan(20), $"the viewer's sources were found under {viewer}");
        var offenders = new List<string>();
        foreach (var file in sources)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (Forbidden.Any(name => lines[i].Contains(name, StringComparison.OrdinalIgnoreCase)))
                    offenders.Add($"{Path.GetRelativePath(viewer, file)}:{i + 1}: {lines[i].Trim()}");
            }
        }
        Assert.That(offenders, Is.Empty, "read names, speeds and keys from IEnvironment.Metadata instead");
    }

    [Test]
    public void The_viewer_does_not_reference_the_torch_engine()
    {
        var project = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Viewer", "RLArena.Viewer.csproj"));
        Assert.That(project, Does.Contain("Core/RLArena.Core.csproj"));
        Assert.That(project, Does.Not.Contain("Engine"));
    }

    /// <summary>The folder holding RLArena.sln, found by walking up from the test's base directory.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RLArena.sln"))) return dir.FullName;
        }
        Assert.Fail($"RLArena.sln was not found above {AppContext.BaseDirectory}");
        return "";
    }
}
