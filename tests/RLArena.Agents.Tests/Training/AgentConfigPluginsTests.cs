using RLArena.Agents.Ppo;
using RLArena.Agents.Training;
using RLArena.Core.Errors;

namespace RLArena.Agents.Tests.Training;

/// <summary>A config file's <c>plugins:</c> list: read before binding, resolved from the file's folder, never bound as a setting.</summary>
public class AgentConfigPluginsTests
{
    private string _root = "";

    [SetUp]
    public void Folder() => Directory.CreateDirectory(_root = Path.Combine(Path.GetTempPath(), "rlarena-config-plugins-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void Clean() => Directory.Delete(_root, recursive: true);

    private string Write(string text)
    {
        var folder = Path.Combine(_root, "configs");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "run.yaml");
        File.WriteAllText(file, text);
        return file;
    }

    [Test]
    public void An_empty_plugins_list_is_accepted_and_the_other_keys_bind_strictly()
    {
        var file = Write("plugins: []\nlearning_rate: 0.002\n");
        var config = (PpoConfig)AgentConfigs.Build("ppo", "cartpole", file, [], []);
        Assert.That(config.LearningRate, Is.EqualTo(0.002).Within(1e-12));

        file = Write("plugins: []\nlearning_rat: 0.002\n");
        var e = Assert.Throws<UsageException>(() => AgentConfigs.Build("ppo", "cartpole", file, [], []))!;
        Assert.That(e.Message, Does.Contain("unknown setting 'learning_rat'; did you mean 'learning_rate'?"));
    }

    [Test]
    public void A_listed_plugin_is_resolved_from_the_config_files_folder()
    {
        var file = Write("plugins: [../games/Missing.dll]\n");
        var e = Assert.Throws<UsageException>(() => AgentConfigs.Build("ppo", "cartpole", file, [], []))!;
        Assert.That(e.Message, Does.Contain(Path.Combine(_root, "games", "Missing.dll")).And.Contain("does not exist"));
    }

    [Test]
    public void A_misspelled_plugins_key_suggests_plugins()
    {
        var file = Write("plugin: [Catch.dll]\n");
        var e = Assert.Throws<UsageException>(() => AgentConfigs.Build("ppo", "cartpole", file, [], []))!;
        Assert.That(e.Message, Does.StartWith($"{file}: unknown setting 'plugin'; did you mean 'plugins'?"));
    }

    [Test]
    public void A_built_in_environment_records_no_plugin()
    {
        Assert.That(EnvironmentPlugins.Record("cartpole"), Is.Null);
        Assert.That(EnvironmentPlugins.Paths("gridworld:size=6"), Is.Empty);
        Assert.That(EnvironmentPlugins.Providing("no-such-env"), Is.Null);
    }
}
