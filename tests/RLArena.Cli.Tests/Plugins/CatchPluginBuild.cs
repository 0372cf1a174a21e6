using RLArena.Tests.Shared;
using RLArena.Environments;

namespace RLArena.Cli.Tests.Plugins;

/// <summary>
/// Writes one small game plugin project ("CatchPlugin", version 1.0.0, environment <see cref="Environment"/>) into a
/// temporary folder and builds it with ONE real <c>dotnet build</c>, once per test run (and, only for the test that
/// needs it, once more as version 1.1.0 in a folder of its own), against the
/// RLArena.Environments.dll and RLArena.Core.dll these tests run with (by HintPath, not copied), as a game
/// developer's project does.
/// </summary>
internal static class CatchPluginBuild
{
    /// <summary>The environment name the plugin registers.</summary>
    public const string Environment = "plugin-catch";

    /// <summary>The plugin's assembly name.</summary>
    public const string AssemblyName = "CatchPlugin";

    private static readonly Lazy<string> Built = new(() => Build("1.0.0"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> BuiltNewer = new(() => Build("1.1.0"), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder the plugin was built into (its .dll and .deps.json).</summary>
    public static string Folder => Built.Value;

    /// <summary>The plugin's .dll.</summary>
    public static string Dll => Path.Combine(Folder, AssemblyName + ".dll");

    /// <summary>The same plugin built as version 1.1.0 (a second build, made on first use).</summary>
    public static string NewerDll => Path.Combine(BuiltNewer.Value, AssemblyName + ".dll");

    /// <summary>Deletes the temporary project folders that were built.</summary>
    public static void CleanUp()
    {
        foreach (var built in new[] { Built, BuiltNewer }.Where(b => b.IsValueCreated))
        {
            var root = Path.GetFullPath(Path.Combine(built.Value, "..", "..", "..", ".."));
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    private static string Build(string version)
    {
        var root = Path.Combine(Path.GetTempPath(), "rlarena-cli-plugin-" + Guid.NewGuid().ToString("N")[..8]);
        var project = Path.Combine(root, AssemblyName);
        Directory.CreateDirectory(project);
        var environments = typeof(IEnvironment).Assembly.Location;
        var core = typeof(Core.Errors.UserFacingException).Assembly.Location;
        File.WriteAllText(Path.Combine(project, AssemblyName + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <Version>{version}</Version>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="RLArena.Environments"><HintPath>{environments}</HintPath><Private>false</Private></Reference>
                <Reference Include="RLArena.Core"><HintPath>{core}</HintPath><Private>false</Private></Reference>
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "CatchGame.cs"), $$"""
            using RLArena.Environments.Authoring;
            namespace CatchPlugin;

            /// A ball falls down a 5-wide column; move the paddle under it.
            [RLArenaEnvironment("{{Environment}}", "catch the falling ball, from a plugin")]
            public sealed class CatchGame : GameAgent
            {
                private const int Width = 5, Height = 5;
                private int _ballX, _ballY, _paddle;
                public override ObservationShape ObservationShape => ObservationShape.Vector(3, 0, Height);
                public override int ActionCount => 3;
                public override int MaxStep => 4 * Height;
                public override void OnEpisodeBegin() { _ballX = Random.NextInt(Width); _ballY = 0; _paddle = Width / 2; }
                public override void CollectObservations(VectorSensor sensor)
                {
                    sensor.AddObservation(_ballX);
                    sensor.AddObservation(_ballY);
                    sensor.AddObservation(_paddle);
                }
                public override void OnActionReceived(ActionBuffers actions)
                {
                    _paddle = System.Math.Clamp(_paddle + actions.DiscreteActions[0] - 1, 0, Width - 1);
                    if (++_ballY < Height - 1) return;
                    SetReward(_paddle == _ballX ? 1 : -1);
                    EndEpisode();
                }
            }
            """);

        DotnetBuild.Run(project);
        return Path.Combine(project, "bin", "Release", "net10.0");
    }
}
