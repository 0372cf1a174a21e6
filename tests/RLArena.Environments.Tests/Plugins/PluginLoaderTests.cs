using RLArena.Core.Errors;
using RLArena.Environments.Authoring;
using RLArena.Environments.Plugins;

namespace RLArena.Environments.Tests.Plugins;

public class PluginLoaderTests
{
    private string _scratch = "";

    [OneTimeSetUp]
    public void MakeScratch()
    {
        _scratch = Path.Combine(Path.GetTempPath(), "rlarena-plugin-errors-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_scratch);
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        Directory.Delete(_scratch, recursive: true);
        PluginBuild.CleanUp();
    }

    private static UserFacingException Fails(Action action)
    {
        var error = Assert.Catch<UserFacingException>(() => action())!;
        Assert.That(error.Message, Does.Not.Contain('\n'), "one line");
        return error;
    }

    [Test]
    public void A_built_plugin_registers_its_games_and_they_make_and_step()
    {
        var build = PluginBuild.Get();
        var loaded = PluginLoader.Load(build.GoodDll).Single();
        Assert.That(loaded.AssemblyName, Is.EqualTo("CoinPlugin"));
        Assert.That(loaded.Version, Is.EqualTo(new Version(1, 2, 0, 0)));
        Assert.That(loaded.Path, Is.EqualTo(build.GoodDll));
        Assert.That(loaded.Environments, Is.EqualTo(new[] { "plugin-coin", "plugin-coin-long" }), "the attributed game, then the entry point's registration");
        Assert.That(PluginLoader.Loaded, Does.Contain(loaded));
        Assert.That(EnvRegistry.Find("plugin-coin")!.Origin, Is.EqualTo("plugin CoinPlugin.dll 1.2.0.0"));

        var env = EnvRegistry.Make("plugin-coin");
        Assert.That(env, Is.InstanceOf<AgentEnvironment>(), "the plugin's game is the host's GameAgent type");
        Assert.That(((ITimeLimited)env).MaxEpisodeSteps, Is.EqualTo(12));
        var obs = new float[2];
        env.Reset(5, obs);
        Assert.That(obs[0], Is.Zero);
        var coin = (int)obs[1];
        StepOutcome outcome = default;
        for (var t = 0; t < coin; t++) outcome = env.Step(1, obs);
        Assert.That(outcome.Terminated, Is.True);
        Assert.That(outcome.Reward, Is.EqualTo(1.04).Within(1e-12), "the reward comes from the plugin's own dependency, Dep.dll, loaded from the plugin's folder");

        var longer = EnvRegistry.Make("plugin-coin-long");
        Assert.That(((ITimeLimited)longer).MaxEpisodeSteps, Is.EqualTo(30));
        var report = Checking.EnvChecker.Run(() => EnvRegistry.Make("plugin-coin"));
        Assert.That(report.Problems, Is.Empty, report.ToString());
    }

    [Test]
    public void Loading_the_same_file_or_its_folder_again_is_a_no_op()
    {
        var build = PluginBuild.Get();
        var first = PluginLoader.Load(build.GoodDll).Single();
        var names = EnvRegistry.Names.Count;
        Assert.That(PluginLoader.Load(build.GoodDll).Single(), Is.SameAs(first));
        var fromFolder = PluginLoader.Load(build.Good);
        Assert.That(fromFolder, Is.EqualTo(new[] { first }), "the folder's only plugin is CoinPlugin.dll; Dep.dll does not reference RLArena.Environments");
        Assert.That(EnvRegistry.Names.Count, Is.EqualTo(names));
        Assert.That(PluginLoader.LoadAll([build.GoodDll, Path.Combine(build.Good, "..", "net10.0", "CoinPlugin.dll")]), Is.EqualTo(new[] { first, first }));
    }

    [Test]
    public void A_missing_path_is_a_usage_error()
    {
        var missing = Path.Combine(_scratch, "nowhere", "Game.dll");
        var e = Assert.Throws<UsageException>(() => PluginLoader.Load(missing))!;
        Assert.That(e.Message, Is.EqualTo($"plugin '{missing}' does not exist ({missing}); pass a plugin .dll or a folder of them."));
        Assert.That(e.ExitCode, Is.EqualTo(2));
        Assert.Throws<UsageException>(() => PluginLoader.Load(" "));
    }

    [Test]
    public void A_file_that_is_not_a_dotnet_assembly_is_refused()
    {
        var text = Path.Combine(_scratch, "notes.dll");
        File.WriteAllText(text, "this is a text file, renamed");
        Assert.That(Fails(() => PluginLoader.Load(text)).Message,
            Is.EqualTo($"plugin {text} is not a .NET assembly; pass the .dll that 'dotnet build' made for the plugin project."));

        var native = Path.Combine(_scratch, "native.dll");
        File.WriteAllBytes(native, [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        Assert.That(Fails(() => PluginLoader.Load(native)).Message, Does.Contain("is not a .NET assembly"));
    }

    [Test]
    public void An_assembly_built_against_another_major_version_is_refused_before_loading()
    {
        var path = Path.Combine(_scratch, "FromTheFuture.dll");
        MetadataOnlyAssembly.Write(path, "FromTheFuture", ("RLArena.Environments", new Version(99, 0, 0, 0)));
        var e = Fails(() => PluginLoader.Load(path));
        Assert.That(e.Message, Is.EqualTo($"plugin {path} was built against RLArena.Environments 99.0.0.0, which this RLArena ({PluginLoader.HostVersion}) cannot load; rebuild the plugin against {PluginLoader.HostVersion}."));
        Assert.That(PluginLoader.Loaded.Select(p => p.AssemblyName), Does.Not.Contain("FromTheFuture"));
    }

    [Test]
    public void An_assembly_that_declares_no_environment_is_refused()
    {
        var unrelated = Path.Combine(_scratch, "Unrelated.dll");
        MetadataOnlyAssembly.Write(unrelated, "Unrelated");
        Assert.That(Fails(() => PluginLoader.Load(unrelated)).Message, Does.Contain("declares no environment: it does not reference RLArena.Environments"));

        var build = PluginBuild.Get();
        Assert.That(Fails(() => PluginLoader.Load(build.EmptyDll)).Message,
            Is.EqualTo($"plugin {build.EmptyDll} declares no environment; mark a GameAgent class with [RLArenaEnvironment(\"name\", \"description\")] or add a public class implementing IRLArenaPlugin."));

        var emptyFolder = Path.Combine(_scratch, "empty-folder");
        Directory.CreateDirectory(emptyFolder);
        File.Copy(unrelated, Path.Combine(emptyFolder, "Unrelated.dll"));
        Assert.That(Fails(() => PluginLoader.Load(emptyFolder)).Message, Does.Contain("has no .dll that references RLArena.Environments"));
    }

    [Test]
    public void A_throwing_constructor_is_reported_with_its_message_and_nothing_is_registered()
    {
        var build = PluginBuild.Get();
        var e = Fails(() => PluginLoader.Load(build.ThrowingDll));
        Assert.That(e.Message, Is.EqualTo($"plugin {build.ThrowingDll}: environment 'plugin-broken': the constructor of BrokenGame threw FileNotFoundException: levels/level1.txt was not found next to the plugin"));
        Assert.That(EnvRegistry.IsRegistered("plugin-broken"), Is.False);

        var entry = Fails(() => PluginLoader.Load(build.ThrowingEntryDll));
        Assert.That(entry.Message, Is.EqualTo($"plugin {build.ThrowingEntryDll}: Entry threw InvalidOperationException while registering: config.json is not valid JSON"));
    }

    [Test]
    public void A_name_that_is_already_registered_is_refused_naming_the_plugin()
    {
        var build = PluginBuild.Get();
        Assert.That(File.Exists(Path.Combine(build.Clash, "RLArena.Environments.dll")), Is.True, "this plugin carries its own copy");
        var e = Fails(() => PluginLoader.Load(build.ClashDll));
        // Reaching the name check means its game was recognised as a GameAgent: the host's copy was shared.
        Assert.That(e.Message, Is.EqualTo($"plugin {build.ClashDll}: environment name 'cartpole' is already registered by built-in ('cartpole'); rename it in the plugin."));
        Assert.That(EnvRegistry.Find("cartpole")!.Origin, Is.EqualTo("built-in"));
        Assert.That(AppDomain.CurrentDomain.GetAssemblies().Count(a => a.GetName().Name == "RLArena.Environments"), Is.EqualTo(1));
    }
}
