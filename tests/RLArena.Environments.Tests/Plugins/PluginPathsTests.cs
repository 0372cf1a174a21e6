using RLArena.Core.Errors;
using RLArena.Environments.Plugins;

namespace RLArena.Environments.Tests.Plugins;

public class PluginPathsTests
{
    private const string Cwd = "/work/here";

    [Test]
    public void Environment_then_config_then_command_line_each_once_as_full_paths()
    {
        var paths = PluginPaths.Resolve(
            commandLine: ["games/Catch.dll", "/opt/shared/Pong.dll"],
            config: ["plugins", "../common/Maze.dll"],
            configDirectory: "/work/configs",
            environmentValue: "/opt/shared/Pong.dll::/opt/rlarena-plugins: ",
            currentDirectory: Cwd,
            separator: ':');
        Assert.That(paths, Is.EqualTo(new[]
        {
            "/opt/shared/Pong.dll",
            "/opt/rlarena-plugins",
            "/work/configs/plugins",
            "/work/common/Maze.dll",
            "/work/here/games/Catch.dll",
        }));
    }

    [Test]
    public void Nothing_given_is_an_empty_list()
    {
        Assert.That(PluginPaths.Resolve(null, null, null, null, Cwd, ':'), Is.Empty);
        Assert.That(PluginPaths.Resolve([], [], "/cfg", "", Cwd, ':'), Is.Empty);
    }

    [Test]
    public void The_separator_is_the_platforms_and_home_is_expanded()
    {
        var paths = PluginPaths.Resolve(["~/games/A.dll"], null, null, "/x/B.dll;/y/C.dll", Cwd, ';', homeDirectory: "/home/ana");
        Assert.That(paths, Is.EqualTo(new[] { "/x/B.dll", "/y/C.dll", "/home/ana/games/A.dll" }));
    }

    [Test]
    public void Config_paths_without_a_config_folder_are_relative_to_the_current_folder()
    {
        Assert.That(PluginPaths.Resolve(null, ["p/Game.dll"], null, null, Cwd, ':'), Is.EqualTo(new[] { "/work/here/p/Game.dll" }));
    }

    [Test]
    public void Empty_values_on_the_command_line_or_in_the_config_are_usage_errors()
    {
        var cli = Assert.Throws<UsageException>(() => PluginPaths.Resolve(["a.dll", " "], null, null, null, Cwd, ':'))!;
        Assert.That(cli.Message, Is.EqualTo("--plugin needs a path to a plugin .dll or a folder of them."));
        var config = Assert.Throws<UsageException>(() => PluginPaths.Resolve(null, ["a.dll", ""], "/cfg", null, Cwd, ':'))!;
        Assert.That(config.Message, Is.EqualTo("plugins: entry 2 of the config file is empty; give a plugin .dll or folder."));
    }

    [Test]
    public void The_process_overload_reads_RLARENA_PLUGINS()
    {
        var before = Environment.GetEnvironmentVariable(PluginPaths.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(PluginPaths.EnvironmentVariable, $"/a/One.dll{Path.PathSeparator}/b/Two.dll");
            Assert.That(PluginPaths.Resolve(["/c/Three.dll"], null, null), Is.EqualTo(new[] { "/a/One.dll", "/b/Two.dll", "/c/Three.dll" }));
        }
        finally
        {
            Environment.SetEnvironmentVariable(PluginPaths.EnvironmentVariable, before);
        }
    }
}
