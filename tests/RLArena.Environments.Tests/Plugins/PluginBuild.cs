using System.Diagnostics;
using RLArena.Tests.Shared;

namespace RLArena.Environments.Tests.Plugins;

/// <summary>
/// Writes small plugin projects into a temporary folder and builds them all with ONE real <c>dotnet build</c>
/// (about 10-20 s), once per test run. They reference the RLArena.Environments.dll and RLArena.Core.dll these
/// tests run against, by HintPath and without copying them (Private=false), as a game developer's project does.
/// </summary>
internal static class PluginBuild
{
    private static readonly Lazy<Outputs> Built = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folders the projects were built into (each holding its .dll, .deps.json and dependencies).</summary>
    public sealed record Outputs(string Root, string Good, string Throwing, string ThrowingEntry, string Clash, string Empty)
    {
        public string ThrowingEntryDll => Path.Combine(ThrowingEntry, "ThrowingEntryPlugin.dll");
        public string GoodDll => Path.Combine(Good, "CoinPlugin.dll");
        public string ThrowingDll => Path.Combine(Throwing, "ThrowingPlugin.dll");
        public string ClashDll => Path.Combine(Clash, "ClashPlugin.dll");
        public string EmptyDll => Path.Combine(Empty, "EmptyPlugin.dll");
    }

    /// <summary>Whether <c>dotnet</c> can be started (it is here and in CI).</summary>
    public static bool DotnetAvailable()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            probe!.WaitForExit(60_000);
            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>Deletes the temporary folder if the projects were built.</summary>
    public static void CleanUp()
    {
        if (Built.IsValueCreated && Directory.Exists(Built.Value.Root)) Directory.Delete(Built.Value.Root, recursive: true);
    }

    public static Outputs Get()
    {
        if (!DotnetAvailable()) Assert.Ignore("'dotnet' is not on PATH, so the plugin projects cannot be built.");
        return Built.Value;
    }

    private static Outputs Build()
    {
        var root = Path.Combine(Path.GetTempPath(), "rlarena-plugin-tests-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var environments = typeof(IEnvironment).Assembly.Location;
        var core = typeof(Core.Errors.UserFacingException).Assembly.Location;

        Project(root, "Dep", references: "", code: """
            namespace Dep;
            public static class Scoring
            {
                public static double CoinValue(int length) => 1.0 + length / 100.0;
            }
            """);
        Project(root, "CoinPlugin", references: RLArena(environments, core) + """<ItemGroup><ProjectReference Include="../Dep/Dep.csproj" /></ItemGroup>""", code: """
            using RLArena.Environments;
            using RLArena.Environments.Authoring;
            using RLArena.Environments.Plugins;
            namespace CoinPlugin;

            [RLArenaEnvironment("plugin-coin", "a coin on a line, from a plugin")]
            public sealed class CoinGame : GameAgent
            {
                private readonly int _length;
                private int _walker, _coin;
                public CoinGame() : this(4) { }
                public CoinGame(int length) => _length = length;
                public override ObservationShape ObservationShape => ObservationShape.Vector(2, 0, 64);
                public override int ActionCount => 2;
                public override int MaxStep => 3 * _length;
                public override void OnEpisodeBegin() { _walker = 0; _coin = 1 + Random.NextInt(_length - 1); }
                public override void CollectObservations(VectorSensor sensor) { sensor.AddObservation(_walker); sensor.AddObservation(_coin); }
                public override void OnActionReceived(ActionBuffers actions)
                {
                    _walker = System.Math.Clamp(_walker + (actions.DiscreteActions[0] == 1 ? 1 : -1), 0, _length - 1);
                    if (_walker == _coin) { SetReward(Dep.Scoring.CoinValue(_length)); EndEpisode(); }
                }
            }

            public sealed class LongCoin : IRLArenaPlugin
            {
                public void Register(PluginContext context) =>
                    context.Register(new EnvRegistration("plugin-coin-long", "the same coin game on 10 cells",
                        _ => AgentEnvironment.Create(new CoinGame(10), "plugin-coin-long")));
            }
            """);
        Project(root, "ThrowingPlugin", references: RLArena(environments, core), code: """
            using RLArena.Environments.Authoring;
            namespace ThrowingPlugin;
            [RLArenaEnvironment("plugin-broken", "its constructor throws")]
            public sealed class BrokenGame : GameAgent
            {
                public BrokenGame() => throw new System.IO.FileNotFoundException("levels/level1.txt was not found next to the plugin");
                public override ObservationShape ObservationShape => ObservationShape.Vector(1);
                public override int ActionCount => 2;
                public override void CollectObservations(VectorSensor sensor) => sensor.AddObservation(0);
                public override void OnActionReceived(ActionBuffers actions) { }
            }
            """);
        Project(root, "ThrowingEntryPlugin", references: RLArena(environments, core), code: """
            using RLArena.Environments.Plugins;
            namespace ThrowingEntryPlugin;
            public sealed class Entry : IRLArenaPlugin
            {
                public Entry() => throw new System.InvalidOperationException("config.json is not valid JSON");
                public void Register(PluginContext context) { }
            }
            """);
        // Built the way a developer might by mistake: with its own copies of RLArena's assemblies beside it (and in
        // its .deps.json). The loader must still give it the host's copies, or the types would not match.
        Project(root, "ClashPlugin", references: RLArena(environments, core, copy: true), code: """
            using RLArena.Environments.Authoring;
            namespace ClashPlugin;
            [RLArenaEnvironment("cartpole", "takes a built-in name")]
            public sealed class NotCartPole : GameAgent
            {
                public override ObservationShape ObservationShape => ObservationShape.Vector(1);
                public override int ActionCount => 2;
                public override void CollectObservations(VectorSensor sensor) => sensor.AddObservation(0);
                public override void OnActionReceived(ActionBuffers actions) { }
            }
            """);
        Project(root, "EmptyPlugin", references: RLArena(environments, core), code: """
            namespace EmptyPlugin;
            public static class Helper
            {
                public static int Count(RLArena.Environments.Spaces.DiscreteSpace space) => space.N;
            }
            """);
        File.WriteAllText(Path.Combine(root, "plugins.slnx"), """
            <Solution>
              <Project Path="Dep/Dep.csproj" />
              <Project Path="CoinPlugin/CoinPlugin.csproj" />
              <Project Path="ThrowingPlugin/ThrowingPlugin.csproj" />
              <Project Path="ThrowingEntryPlugin/ThrowingEntryPlugin.csproj" />
              <Project Path="ClashPlugin/ClashPlugin.csproj" />
              <Project Path="EmptyPlugin/EmptyPlugin.csproj" />
            </Solution>
            """);

        DotnetBuild.Run(root, "plugins.slnx");

        string Bin(string project) => Path.Combine(root, project, "bin", "Release", "net10.0");
        return new Outputs(root, Bin("CoinPlugin"), Bin("ThrowingPlugin"), Bin("ThrowingEntryPlugin"), Bin("ClashPlugin"), Bin("EmptyPlugin"));
    }

    private static string RLArena(string environments, string core, bool copy = false) => $"""
        <ItemGroup>
          <Reference Include="RLArena.Environments"><HintPath>{environments}</HintPath><Private>{(copy ? "true" : "false")}</Private></Reference>
          <Reference Include="RLArena.Core"><HintPath>{core}</HintPath><Private>{(copy ? "true" : "false")}</Private></Reference>
        </ItemGroup>
        """;

    private static void Project(string root, string name, string references, string code)
    {
        var folder = Path.Combine(root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <Version>1.2.0</Version>
              </PropertyGroup>
              {references}
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, name + ".cs"), code);
    }
}
