using System.Text.RegularExpressions;
using RLArena.Agents.Training;
using RLArena.Engine.Checkpoints;
using RLArena.Environments.Plugins;

namespace RLArena.Cli.Tests.Plugins;

/// <summary>
/// <c>--plugin</c>, RLARENA_PLUGINS and a config's <c>plugins:</c> list through the real <c>rlarena</c>, with one
/// plugin project built once for the whole fixture. Each command runs in its own process, so what it loads is what
/// it found by itself.
/// </summary>
[NonParallelizable]
public class PluginCommandTests
{
    private const string Env = CatchPluginBuild.Environment;
    private string _root = "";

    [OneTimeSetUp]
    public void BuildPlugin()
    {
        if (!PluginBuildAvailable()) Assert.Ignore("'dotnet' is not on PATH, so the plugin project cannot be built.");
        _ = CatchPluginBuild.Folder;
    }

    [OneTimeTearDown]
    public void RemovePlugin() => CatchPluginBuild.CleanUp();

    [SetUp]
    public void Folder() => Directory.CreateDirectory(_root = Path.Combine(Path.GetTempPath(), "rlarena-cli-plugins-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void Clean() => Directory.Delete(_root, recursive: true);

    private (int Code, string Output) Rlarena(params string[] args) => RlarenaProcess.Run(_root, null, args);

    /// <summary>A copy of the built plugin folder that a test may delete.</summary>
    private string CopyOfPlugin()
    {
        var folder = Path.Combine(_root, "catch-copy");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(CatchPluginBuild.Folder)) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        return Path.Combine(folder, CatchPluginBuild.AssemblyName + ".dll");
    }

    [Test]
    public void Train_records_the_plugin_and_eval_and_resume_reload_it_until_the_file_is_gone()
    {
        var dll = CopyOfPlugin();
        var runs = Path.Combine(_root, "runs");
        var (code, output) = Rlarena("train", "--plugin", dll, "--env", Env, "--steps", "2048", "--eval-episodes", "2", "--runs", runs);
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain($"Training PPO on {Env} for 2,048 steps"));
        Assert.That(output, Does.Contain("Evaluation (2 deterministic episodes): return "));
        var run = Directory.GetDirectories(runs).Single();

        var extra = Checkpoint.Read(Path.Combine(run, TrainingRun.CheckpointFileName)).Metadata.Extra;
        Assert.That(extra.ContainsKey(EnvironmentPlugins.ExtraKey), Is.True, "the checkpoint records its plugin");
        var recorded = EnvironmentPlugins.Parse(extra[EnvironmentPlugins.ExtraKey], "test").Single();
        Assert.That(recorded, Is.EqualTo(new RecordedPlugin(CatchPluginBuild.AssemblyName, "1.0.0", dll)));
        Assert.That(File.ReadAllText(Path.Combine(run, "config.yaml")), Does.Contain($"plugins: {dll}"), "config.yaml records the full path");

        (code, output) = Rlarena("eval", "--checkpoint", run, "--episodes", "2");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain($"PPO on {Env}"));
        Assert.That(output, Does.Not.Contain("warning"));

        (code, output) = Rlarena("train", "--resume", run, "--steps", "4096", "--eval-episodes", "0");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("Resuming ").And.Contain("Done: 4,096 steps"));

        File.Delete(dll);
        (code, output) = Rlarena("eval", "--checkpoint", run, "--episodes", "2");
        Assert.That(code, Is.EqualTo(1), output);
        AssertOneErrorLine(output);
        Assert.That(output, Does.Contain($"plugin {CatchPluginBuild.AssemblyName} 1.0.0, but {dll} is gone; pass --plugin PATH"));

        (code, output) = Rlarena("eval", "--checkpoint", run, "--episodes", "2", "--plugin", CatchPluginBuild.Folder);
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain($"PPO on {Env}"));
    }

    [Test]
    public void A_plugin_whose_version_changed_since_training_loads_with_one_warning_line()
    {
        var dll = CopyOfPlugin();
        var runs = Path.Combine(_root, "runs");
        var (code, output) = Rlarena("train", "--plugin", dll, "--env", Env, "--steps", "256", "--set", "num_steps=64", "--eval-episodes", "0", "--runs", runs);
        Assert.That(code, Is.EqualTo(0), output);
        var run = Directory.GetDirectories(runs).Single();

        File.Copy(CatchPluginBuild.NewerDll, dll, overwrite: true);
        (code, output) = Rlarena("eval", "--checkpoint", run, "--episodes", "2");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain($"PPO on {Env}"));
        var warnings = output.Split('\n').Where(l => l.Contains("warning", StringComparison.Ordinal)).ToArray();
        Assert.That(warnings, Is.EqualTo(new[] { $"rlarena: warning: plugin {CatchPluginBuild.AssemblyName} is version 1.1.0 ({dll}), but the checkpoint was trained with 1.0.0; results may differ." }));
    }

    [Test]
    public void A_config_files_plugins_list_is_relative_to_the_file()
    {
        var configFolder = Path.Combine(_root, "configs");
        Directory.CreateDirectory(configFolder);
        var relative = Path.GetRelativePath(configFolder, CatchPluginBuild.Dll);
        var config = Path.Combine(configFolder, "catch.yaml");
        File.WriteAllText(config, $"plugins: [{relative}]\nenv: {Env}\nnum_steps: 64\n");
        var (code, output) = Rlarena("train", "--config", config, "--steps", "256", "--eval-episodes", "0", "--runs", Path.Combine(_root, "runs"));
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain($"Training PPO on {Env} for 256 steps"));

        File.WriteAllText(config, $"plugin: [{relative}]\nenv: {Env}\n");
        (code, output) = Rlarena("train", "--config", config, "--steps", "256", "--runs", Path.Combine(_root, "runs"));
        Assert.That(code, Is.EqualTo(2), output);
        AssertOneErrorLine(output);
        Assert.That(output, Does.Contain("unknown setting 'plugin'; did you mean 'plugins'?"));
    }

    [Test]
    public void The_RLARENA_PLUGINS_variable_loads_plugins_for_check_env()
    {
        var (code, output) = RlarenaProcess.Run(_root, CatchPluginBuild.Dll, "check-env", Env, "--episodes", "2");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain($"{Env} follows the environment contract."));

        (code, output) = Rlarena("check-env", Env, "--episodes", "2");
        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain($"unknown environment '{Env}'"), "without the variable or --plugin it is not there");
    }

    [Test]
    public void Envs_and_check_env_take_a_plugin_folder_or_dll()
    {
        var (code, output) = Rlarena("envs", "--plugin", CatchPluginBuild.Folder);
        Assert.That(code, Is.EqualTo(0), output);
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToArray();
        Assert.That(lines, Has.Some.EqualTo($"{Env}  [plugin {CatchPluginBuild.AssemblyName} 1.0.0 ({CatchPluginBuild.Dll})]"));
        Assert.That(lines, Has.Some.EqualTo("  catch the falling ball, from a plugin"));
        Assert.That(lines, Has.Some.EqualTo("cartpole  (alias: cartpole-v1)  [built-in]"));

        (code, output) = Rlarena("check-env", Env, "--plugin", CatchPluginBuild.Dll, "--episodes", "2");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("0 failed"));
    }

    [Test]
    public void Watch_records_a_plugin_game_and_play_finds_it()
    {
        var frames = Path.Combine(_root, "frames");
        var (code, output) = Rlarena("watch", "--random", "--env", Env, "--plugin", CatchPluginBuild.Dll, "--record", frames + "/", "--episodes", "1");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("Recorded 1 episode(s)"));
        Assert.That(Directory.GetFiles(frames, "*.png"), Is.Not.Empty);

        // No window here: a bad --size ends play after the environment was made from the plugin.
        (code, output) = Rlarena("play", "--env", Env, "--plugin", CatchPluginBuild.Dll, "--size", "huge");
        Assert.That(code, Is.EqualTo(2), output);
        AssertOneErrorLine(output);
        Assert.That(output, Does.Contain("--size huge: expected WIDTHxHEIGHT"));
    }

    [TestCase("envs")]
    [TestCase("check-env", "cartpole")]
    [TestCase("train", "--steps", "64")]
    [TestCase("eval", "--checkpoint", "nothing.ckpt")]
    [TestCase("watch", "--random", "--env", "cartpole", "--record", "frames/")]
    [TestCase("play", "--env", "cartpole")]
    public void Every_command_reports_a_bad_plugin_in_one_line(params string[] args)
    {
        var missing = Path.Combine(_root, "Missing.dll");
        var (code, output) = RecordingCli.Run(300, [.. args, "--plugin", missing]);
        Assert.That(code, Is.EqualTo(2), output);
        AssertOneErrorLine(output);
        Assert.That(output, Does.Contain($"plugin '{missing}' does not exist"));

        var text = Path.Combine(_root, "Text.dll");
        File.WriteAllText(text, "not an assembly");
        (code, output) = RecordingCli.Run(300, [.. args, "--plugin", text]);
        Assert.That(code, Is.EqualTo(1), output);
        AssertOneErrorLine(output);
        Assert.That(output, Does.Contain($"plugin {text} is not a .NET assembly"));
    }

    [Test]
    public void A_changed_plugin_version_is_one_warning_line()
    {
        var loaded = new LoadedPlugin("Catch", new Version(1, 1, 0, 0), "/p/Catch.dll", ["catch"]);
        Assert.That(EnvironmentPlugins.VersionWarning(new RecordedPlugin("Catch", "1.1.0", "/p/Catch.dll"), loaded), Is.Null);
        var warning = EnvironmentPlugins.VersionWarning(new RecordedPlugin("Catch", "1.0.0", "/old/Catch.dll"), loaded);
        Assert.That(warning, Is.EqualTo("rlarena: warning: plugin Catch is version 1.1.0 (/p/Catch.dll), but the checkpoint was trained with 1.0.0; results may differ."));
        Assert.That(EnvironmentPlugins.Origin(loaded), Is.EqualTo("plugin Catch 1.1.0 (/p/Catch.dll)"));
        Assert.That(EnvironmentPlugins.FormatVersion(new Version(2, 0, 1, 3)), Is.EqualTo("2.0.1.3"));
    }

    [Test]
    public void A_damaged_plugins_entry_is_one_line_naming_the_fix()
    {
        var e = Assert.Throws<Core.Errors.UserFacingException>(() => EnvironmentPlugins.Parse("Catch|1.0|/x", "checkpoint 'c.ckpt'"))!;
        Assert.That(e.Message, Is.EqualTo("checkpoint 'c.ckpt': its 'plugins' entry is damaged; pass --plugin PATH with the plugin of its environment."));
        Assert.That(EnvironmentPlugins.Parse("""[{"AssemblyName":"Catch","Version":"1.0.0","Path":"/x/Catch.dll"}]""", "c"),
            Is.EqualTo(new[] { new RecordedPlugin("Catch", "1.0.0", "/x/Catch.dll") }));
    }

    private static void AssertOneErrorLine(string output)
    {
        Assert.That(Regex.Matches(output, "rlarena: error:").Count, Is.EqualTo(1), output);
        var line = output.Split('\n').Single(l => l.Contains("rlarena: error:"));
        Assert.That(line.Length, Is.LessThan(1000));
        Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
    }

    private static bool PluginBuildAvailable()
    {
        try
        {
            using var probe = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet", "--version")
                { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            probe!.WaitForExit(60_000);
            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
