using RLArena.Environments.Authoring;
using RLArena.Environments.Checking;
using RLArena.Environments.Registry;
using RLArena.Environments.Scenes;

namespace RLArena.Environments.Tests.Authoring;

public class GameAgentTests
{
    private static AgentEnvironment Corridor(int length = 6) =>
        GameRegistration.Make(typeof(CorridorGame), "test-corridor", new EnvOptions("test-corridor", length == 6 ? [] : [new("length", length.ToString(System.Globalization.CultureInfo.InvariantCulture))]));

    [OneTimeSetUp]
    public void RegisterCorridor()
    {
        if (!EnvRegistry.IsRegistered("test-corridor")) AgentEnvironment.Register<CorridorGame>();
    }

    [Test]
    public void A_game_written_with_the_API_passes_every_check()
    {
        var report = EnvChecker.Run(() => Corridor());
        Assert.That(report.Problems, Is.Empty, report.ToString());
        Assert.That(report.Notes, Does.Contain("seeds vary the first observation"));

        // A policy that never moves survives to MaxStep, so the checker sees truncation exactly at the limit.
        var stay = EnvChecker.Run(() => Corridor(), new EnvCheckOptions { Policy = (_, _) => 1, RequireTruncation = true, Episodes = 3 });
        Assert.That(stay.Problems, Is.Empty, stay.ToString());
        Assert.That(stay.Notes, Does.Contain($"3 truncated at the limit of {CorridorGame.Steps}"));
    }

    [Test]
    public void Declarations_become_spaces_metadata_and_interfaces()
    {
        var env = Corridor(8);
        Assert.That(env.Id, Is.EqualTo("test-corridor:length=8"));
        Assert.That(env.ObservationSpace.Shape, Is.EqualTo(new[] { 16 }));
        Assert.That(env.ObservationSpace.Low.Distinct(), Is.EqualTo(new[] { 0f }));
        Assert.That(env.ObservationSpace.High.Distinct(), Is.EqualTo(new[] { 1f }));
        Assert.That(env.ActionSpace.N, Is.EqualTo(3));
        Assert.That(env, Is.InstanceOf<ITimeLimited>());
        Assert.That(((ITimeLimited)env).MaxEpisodeSteps, Is.EqualTo(CorridorGame.Steps));
        Assert.That(env, Is.Not.InstanceOf<ISnapshotEnvironment>(), "the corridor does not override SaveState/LoadState");
        Assert.That(env.HasHeuristic, Is.False);
        Assert.That(env.ActionNames(), Is.EqualTo(new[] { "left", "stay", "right" }));

        IEnvironment asInterface = env;
        var metadata = asInterface.Metadata;
        Assert.That(metadata.DisplayName, Is.EqualTo("CorridorGame"));
        Assert.That(metadata.StepsPerSecond, Is.EqualTo(20));
        // Default keys from the action names: arrows for left/right, 1 for "stay"; turn-based.
        Assert.That(metadata.Play, Is.Not.Null);
        Assert.That(metadata.Play!.RealTime, Is.False);
        Assert.That(metadata.Play.Bindings, Is.EqualTo(new[] { new KeyBinding(PlayKey.Left, 0), new KeyBinding(PlayKey.Digit1, 1), new KeyBinding(PlayKey.Right, 2) }));
        Assert.That(metadata.Play.Help, Is.EqualTo("Left: left|1: stay|Right: right"));

        var snapshotting = AgentEnvironment.Create(new CatchGame());
        Assert.That(snapshotting, Is.InstanceOf<ISnapshotEnvironment>());
        Assert.That(snapshotting, Is.Not.InstanceOf<ITimeLimited>(), "Catch has no MaxStep");
        Assert.That(snapshotting.Id, Is.EqualTo("catch"));
    }

    [Test]
    public void The_registry_makes_it_by_name_alias_and_options()
    {
        var env = EnvRegistry.Make("test-corridor:length=9");
        Assert.That(env, Is.InstanceOf<AgentEnvironment>());
        Assert.That(((CorridorGame)((AgentEnvironment)env).Game).Length, Is.EqualTo(9));
        Assert.That(EnvRegistry.Make(env.Id).Id, Is.EqualTo("test-corridor:length=9"));
        Assert.That(EnvRegistry.Make("test-corridor-v0").Id, Is.EqualTo("test-corridor"));
        Assert.That(EnvRegistry.Find("test-corridor")!.Options.Single().Key, Is.EqualTo("length"));

        var bad = Assert.Throws<EnvSpecException>(() => EnvRegistry.Make("test-corridor:length=99"))!;
        Assert.That(bad.Message, Does.Contain("length=99").And.Contain("3 to 50"));
        var twice = Assert.Throws<EnvSpecException>(() => AgentEnvironment.Register<CorridorGame>())!;
        Assert.That(twice.Message, Does.Contain("already registered"));
    }

    [Test]
    public void Each_made_environment_gets_its_own_game_instance()
    {
        var a = (AgentEnvironment)EnvRegistry.Make("test-corridor");
        var b = (AgentEnvironment)EnvRegistry.Make("test-corridor");
        Assert.That(a.Game, Is.Not.SameAs(b.Game));
    }

    [Test]
    public void Rewards_start_at_zero_each_step_and_add_up()
    {
        var env = Corridor();
        var game = (CorridorGame)env.Game;
        var obs = new float[env.ObservationSpace.Size];
        env.Reset(3, obs);
        game.Walker = 0;
        game.Coin = 3;
        var first = env.Step(2, obs);
        var second = env.Step(2, obs);
        Assert.That(first.Reward, Is.EqualTo(-0.01).Within(1e-12));
        Assert.That(second.Reward, Is.EqualTo(-0.01).Within(1e-12), "the reward must not carry over from the previous step");
        Assert.That(game.CumulativeReward, Is.EqualTo(-0.02).Within(1e-12));
        Assert.That(game.StepCount, Is.EqualTo(2));
        var last = env.Step(2, obs);
        Assert.That(last, Is.EqualTo(new StepOutcome(0.99, true, false)).Using<StepOutcome>((x, y) => Math.Abs(x.Reward - y.Reward) < 1e-12 && x.Terminated == y.Terminated && x.Truncated == y.Truncated));
        Assert.That(game.CumulativeReward, Is.EqualTo(0.97).Within(1e-12));
        env.Reset(null, obs);
        Assert.That(game.CumulativeReward, Is.Zero);
        Assert.That(game.StepCount, Is.Zero);
    }

    [Test]
    public void EndEpisode_terminates_and_MaxStep_truncates()
    {
        var env = Corridor();
        var game = (CorridorGame)env.Game;
        var obs = new float[env.ObservationSpace.Size];

        env.Reset(1, obs);
        game.Walker = 2;
        game.Coin = 3;
        Assert.That(env.Step(2, obs), Is.EqualTo(new StepOutcome(0.99, Terminated: true, Truncated: false)));
        Assert.Throws<InvalidOperationException>(() => env.Step(1, obs));

        env.Reset(1, obs);
        StepOutcome outcome = default;
        for (var t = 1; t <= CorridorGame.Steps; t++)
        {
            outcome = env.Step(1, obs);
            Assert.That(outcome.Done, Is.EqualTo(t == CorridorGame.Steps), $"step {t}");
        }
        Assert.That((outcome.Terminated, outcome.Truncated), Is.EqualTo((false, true)));
        var ended = Assert.Throws<InvalidOperationException>(() => env.Step(1, obs))!;
        Assert.That(ended.Message, Does.Contain("call Reset"));

        // EpisodeInterrupted is truncation chosen by the game.
        var scripted = new ScriptedGame { Act = (g, _) => { if (g.StepCount == 3) g.EpisodeInterrupted(); } };
        var interrupted = AgentEnvironment.Create(scripted);
        var small = new float[3];
        interrupted.Reset(0, small);
        Assert.That(interrupted.Step(0, small).Done, Is.False);
        Assert.That(interrupted.Step(0, small).Done, Is.False);
        Assert.That(interrupted.Step(0, small), Is.EqualTo(new StepOutcome(0, Terminated: false, Truncated: true)));
    }

    [Test]
    public void Ending_on_the_last_allowed_step_reports_both_flags()
    {
        var game = new ScriptedGame { Limit = 2, Act = (g, _) => { if (g.StepCount == 2) g.EndEpisode(); } };
        var env = AgentEnvironment.Create(game);
        var obs = new float[3];
        env.Reset(0, obs);
        env.Step(0, obs);
        Assert.That(env.Step(0, obs), Is.EqualTo(new StepOutcome(0, Terminated: true, Truncated: true)));
    }

    [Test]
    public void Masks_come_from_the_game_and_reset_to_all_enabled_each_time()
    {
        var env = Corridor();
        var game = (CorridorGame)env.Game;
        var obs = new float[env.ObservationSpace.Size];
        var mask = new bool[3];
        env.WriteActionMask(mask);
        Assert.That(mask, Is.EqualTo(new[] { true, true, true }), "before any reset every action is allowed");

        env.Reset(0, obs);
        game.Walker = 0;
        env.WriteActionMask(mask);
        Assert.That(mask, Is.EqualTo(new[] { false, true, true }));
        game.Walker = game.Length - 1;
        env.WriteActionMask(mask);
        Assert.That(mask, Is.EqualTo(new[] { true, true, false }), "the left action is enabled again on the next call");
        game.Walker = 2;
        env.WriteActionMask(mask);
        Assert.That(mask, Is.EqualTo(new[] { true, true, true }));
        Assert.Throws<ArgumentException>(() => env.WriteActionMask(new bool[2]));
    }

    [Test]
    public void Seeded_resets_repeat_and_unseeded_ones_continue_the_stream()
    {
        static List<string> Run(AgentEnvironment env, int seed)
        {
            var obs = new float[env.ObservationSpace.Size];
            var trace = new List<string>();
            for (var episode = 0; episode < 6; episode++)
            {
                env.Reset(episode == 0 ? seed : null, obs);
                trace.Add(string.Join(",", obs));
                for (var t = 0; t < 5; t++)
                {
                    var outcome = env.Step(t % 3, obs);
                    trace.Add($"{outcome} {string.Join(",", obs)}");
                    if (outcome.Done) break;
                }
            }
            return trace;
        }

        var a = Run(Corridor(), 42);
        var b = Run(Corridor(), 42);
        Assert.That(b, Is.EqualTo(a));
        var reused = Corridor();
        Run(reused, 7);
        Assert.That(Run(reused, 42), Is.EqualTo(a), "reseeding a used environment restarts the same sequence");
        Assert.That(Run(Corridor(), 43), Is.Not.EqualTo(a));
        var resets = a.Where(line => !line.Contains(' ')).ToList();
        Assert.That(resets.Distinct().Count(), Is.GreaterThan(1), "unseeded resets draw new layouts from the stream");
    }

    [Test]
    public void A_snapshot_restores_the_game_its_counters_and_its_random_stream()
    {
        var env = (ISnapshotEnvironment)AgentEnvironment.Create(new CatchGame());
        var catchEnv = (AgentEnvironment)env;
        var obs = new float[catchEnv.ObservationSpace.Size];
        catchEnv.Reset(11, obs);
        catchEnv.Step(0, obs);
        catchEnv.Step(2, obs);
        catchEnv.Step(2, obs);

        using var saved = new MemoryStream();
        env.SaveSnapshot(new BinaryWriter(saved));
        var sceneAtSave = catchEnv.Describe().Primitives.ToList();
        var expected = Continue(catchEnv);

        var restored = AgentEnvironment.Create(new CatchGame());
        saved.Position = 0;
        ((ISnapshotEnvironment)restored).LoadSnapshot(new BinaryReader(saved));
        Assert.That(restored.Game.StepCount, Is.EqualTo(3));
        Assert.That(restored.Describe().Primitives, Is.EqualTo(sceneAtSave));
        Assert.That(Continue(restored), Is.EqualTo(expected), "the rest of the episode and the next (unseeded) episodes match");

        // The episode phase is restored too: a snapshot of a finished episode refuses steps until a reset.
        using var finished = new MemoryStream();
        env.SaveSnapshot(new BinaryWriter(finished));
        var again = AgentEnvironment.Create(new CatchGame());
        finished.Position = 0;
        ((ISnapshotEnvironment)again).LoadSnapshot(new BinaryReader(finished));
        Assert.Throws<InvalidOperationException>(() => again.Step(1, obs));
        again.Reset(null, obs);
        Assert.That(again.Step(1, obs).Done, Is.False);
    }

    /// <summary>Finishes the episode with a fixed policy, then plays three unseeded episodes; returns everything seen.</summary>
    private static List<string> Continue(AgentEnvironment env)
    {
        var obs = new float[env.ObservationSpace.Size];
        var trace = new List<string>();
        for (var episode = 0; episode < 4; episode++)
        {
            if (episode > 0)
            {
                env.Reset(null, obs);
                trace.Add("reset " + string.Join("", obs));
            }
            for (var t = 0; ; t++)
            {
                var outcome = env.Step(t % 3, obs);
                trace.Add($"{outcome} {string.Join("", obs)} {env.Game.CumulativeReward}");
                if (outcome.Done) break;
            }
        }
        return trace;
    }

    [Test]
    public void A_snapshot_of_another_game_or_a_wrong_stream_is_refused_in_one_line()
    {
        var catchEnv = AgentEnvironment.Create(new CatchGame());
        using var saved = new MemoryStream();
        ((ISnapshotEnvironment)catchEnv).SaveSnapshot(new BinaryWriter(saved));

        var other = AgentEnvironment.Create(new ScriptedSnapshotGame());
        saved.Position = 0;
        var wrongGame = Assert.Throws<Core.Errors.UserFacingException>(() => ((ISnapshotEnvironment)other).LoadSnapshot(new BinaryReader(saved)))!;
        Assert.That(wrongGame.Message, Does.Contain("saved by").And.Contain(nameof(CatchGame)).And.Not.Contain("\n"));

        var garbage = Assert.Throws<Core.Errors.UserFacingException>(() => ((ISnapshotEnvironment)other).LoadSnapshot(new BinaryReader(new MemoryStream([1, 2, 3]))))!;
        Assert.That(garbage.Message, Does.Contain("not one of an authored game"));
    }

    [Test]
    public void Heuristic_is_offered_as_a_policy_and_catches_every_ball()
    {
        var env = AgentEnvironment.Create(new CatchGame());
        Assert.That(env.HasHeuristic, Is.True);
        Assert.That(env.Find<IHeuristicPolicy>(), Is.SameAs(env));
        Assert.Throws<InvalidOperationException>(() => env.HeuristicAction());
        var obs = new float[env.ObservationSpace.Size];
        var total = 0.0;
        for (var episode = 0; episode < 20; episode++)
        {
            env.Reset(episode, obs);
            while (true)
            {
                var outcome = env.Step(env.HeuristicAction(), obs);
                total += outcome.Reward;
                if (outcome.Done) break;
            }
        }
        Assert.That(total, Is.EqualTo(20));
        Assert.Throws<InvalidOperationException>(() => Corridor().HeuristicAction());
    }

    [Test]
    public void Steps_resets_and_masks_do_not_allocate()
    {
        var env = Corridor();
        var obs = new float[env.ObservationSpace.Size];
        var mask = new bool[3];
        void Play(int steps, int? seed)
        {
            env.Reset(seed, obs);
            for (var t = 0; t < steps; t++)
            {
                env.WriteActionMask(mask);
                var action = mask[t % 3] ? t % 3 : 1;
                if (env.Step(action, obs).Done) env.Reset(null, obs);
            }
        }
        Play(200, seed: 0); // warm up (JIT, statics); a seeded reset makes a new generator, which allocates
        var before = GC.GetAllocatedBytesForCurrentThread();
        Play(5_000, seed: null);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void The_default_scene_draws_the_observation()
    {
        var corridor = Corridor();
        var obs = new float[corridor.ObservationSpace.Size];
        corridor.Reset(0, obs);
        var bars = corridor.Describe();
        Assert.That(bars.Primitives.OfType<RectanglePrimitive>().Count(r => r.Height > 0), Is.EqualTo(2), "one bar for the walker's one-hot and one for the coin's");
        Assert.That(bars.Primitives.OfType<TextPrimitive>().Single().Text, Does.StartWith("CorridorGame  step 0"));

        var pixels = AgentEnvironment.Create(new ScriptedGame
        {
            Shape = ObservationShape.Pixels(2, 3, 4),
            Collect = (_, s) => { for (var i = 0; i < 24; i++) s.AddObservation(i == 5 ? 1f : 0f); },
        });
        pixels.Reset(0, new float[24]);
        var cells = pixels.Describe().Primitives.OfType<RectanglePrimitive>().ToList();
        Assert.That(cells, Has.Count.EqualTo(24));
        Assert.That(cells.Count(c => c.Color.R > 200), Is.EqualTo(1), "only the cell holding 1 is bright");
        var bright = cells.Single(c => c.Color.R > 200);
        Assert.That((bright.X, bright.Y), Is.EqualTo((1.03, DefaultGameScene.HeaderHeight + 1.03)).Using<(double, double)>((p, q) => Math.Abs(p.Item1 - q.Item1) < 1e-9 && Math.Abs(p.Item2 - q.Item2) < 1e-9));
    }
}

/// <summary>A minimal game with snapshots, to check that a snapshot is tied to its game class.</summary>
public sealed class ScriptedSnapshotGame : GameAgent
{
    public override ObservationShape ObservationShape => ObservationShape.Pixels(1, 10, 5);
    public override int ActionCount => 3;
    public override void CollectObservations(VectorSensor sensor)
    {
        for (var i = 0; i < 50; i++) sensor.AddObservation(0);
    }
    public override void OnActionReceived(ActionBuffers actions) { }
    public override void SaveState(BinaryWriter writer) { }
    public override void LoadState(BinaryReader reader) { }
}
